package io.yutang.referral.contact;

import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Disclosure;
import io.yutang.referral.RegistrantDirectory;
import io.yutang.referral.RegistrantMatch;

import io.r2dbc.spi.Readable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Staff look a contact up by openid, by the nickname WeChat gave, or by the phone or name written
 * on a form. Referral owns contacts; the forms' answers stay in the module that owns them, asked
 * through the {@link RegistrantDirectory} port, and the two are put together here by contact id.
 * Every lookup and every read of one contact is in the audit log.
 */
@Tag(name = "contacts", description = "Contacts looked up by openid, phone or name")
@SecurityRequirement(name = "basic")
@RestController
@RequestMapping("/api/contacts")
class ContactEndpoints {

    private static final int LIMIT = 100;
    private static final String COLUMNS = "id, openid, nickname, subscribed, first_seen_at, last_seen_at";

    private final DatabaseClient db;
    private final List<RegistrantDirectory> directories;
    private final AuditTrail audit;

    ContactEndpoints(DatabaseClient db, List<RegistrantDirectory> directories, AuditTrail audit) {
        this.db = db;
        this.directories = directories;
        this.audit = audit;
    }

    @Operation(summary = "Contacts with this openid, this phone (as written on a registration form) or a nickname or form"
            + " name starting with name; exactly one of the three, at most 100 contacts. Names and phones are masked"
            + " (王**, 138****5678) for everyone but ADMIN (roles: ADMIN, MARKETER)")
    @GetMapping
    Flux<ContactCard> find(@RequestParam(required = false) String openid, @RequestParam(required = false) String phone,
            @RequestParam(required = false) String name, Principal caller) {
        long given = Stream.of(openid, phone, name).filter(v -> v != null && !v.isBlank()).count();
        if (given != 1) {
            return Flux.error(new InvalidContactQuery());
        }
        Disclosure disclosure = Disclosure.of(caller);
        Flux<ContactCard> found;
        String by;
        if (openid != null && !openid.isBlank()) {
            by = "by openid";
            found = db.sql("select " + COLUMNS + " from referral.contact where openid = :openid order by id limit :limit")
                    .bind("openid", openid.strip()).bind("limit", LIMIT)
                    .map(row -> card(row, null)).all();
        } else if (phone != null && !phone.isBlank()) {
            by = "by phone";
            found = withContacts(Flux.fromIterable(directories).flatMap(d -> d.byPhone(phone.strip())));
        } else {
            by = "by name";
            String escaped = name.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            Flux<ContactCard> byNickname = db.sql("select " + COLUMNS
                            + " from referral.contact where lower(nickname) like lower(:name) escape '\\' order by id limit :limit")
                    .bind("name", escaped).bind("limit", LIMIT)
                    .map(row -> card(row, null)).all();
            found = Flux.concat(byNickname, withContacts(Flux.fromIterable(directories).flatMap(d -> d.byName(name.strip()))))
                    .groupBy(ContactCard::id).flatMap(same -> same.reduce(ContactEndpoints::merge), LIMIT * 2);
        }
        return audit.recordEach(found.take(LIMIT).map(card -> card.shownTo(disclosure))
                .sort(Comparator.comparingLong(ContactCard::id)), caller, AuditAction.CONTACT_SEARCH, "contacts", by);
    }

    @Operation(summary = "One contact; the nickname masked (王**) for everyone but ADMIN; recorded in the audit log"
            + " (roles: ADMIN, MARKETER)")
    @GetMapping("/{id}")
    Mono<ContactCard> one(@PathVariable long id, Principal caller) {
        return db.sql("select " + COLUMNS + " from referral.contact where id = :id").bind("id", id)
                .map(row -> card(row, null)).one()
                .switchIfEmpty(Mono.error(UnknownContact::new))
                .flatMap(card -> audit.record(AuditEntry.by(caller, AuditAction.CONTACT_READ, "contact:" + id, 1, "card"))
                        .thenReturn(card.shownTo(Disclosure.of(caller))));
    }

    private Flux<ContactCard> withContacts(Flux<RegistrantMatch> matches) {
        return matches.take(LIMIT).collectMap(match -> match.contact().value(), Function.identity(), LinkedHashMap::new)
                .flatMapMany(byContact -> byContact.isEmpty() ? Flux.empty()
                        : db.sql("select " + COLUMNS + " from referral.contact where id = any(:ids) order by id")
                                .bind("ids", byContact.keySet().toArray(Long[]::new))
                                .map(row -> card(row, byContact.get(row.get("id", Long.class))))
                                .all());
    }

    private static ContactCard merge(ContactCard a, ContactCard b) {
        return new ContactCard(a.id(), a.openid(), a.nickname(), a.subscribed(), a.firstSeenAt(), a.lastSeenAt(),
                a.formName() != null ? a.formName() : b.formName(), a.phone() != null ? a.phone() : b.phone());
    }

    private static ContactCard card(Readable row, RegistrantMatch match) {
        return new ContactCard(row.get("id", Long.class), row.get("openid", String.class), row.get("nickname", String.class),
                Boolean.TRUE.equals(row.get("subscribed", Boolean.class)), row.get("first_seen_at", Instant.class),
                row.get("last_seen_at", Instant.class), match == null ? null : match.name(), match == null ? null : match.phone());
    }
}
