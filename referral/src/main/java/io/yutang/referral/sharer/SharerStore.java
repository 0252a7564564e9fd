package io.yutang.referral.sharer;

import io.r2dbc.spi.Readable;
import io.yutang.referral.BoundSharer;
import io.yutang.referral.ContactId;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for sharers: employees and partners imported by marketing (idempotent on their
 * external id, bad rows reported one by one while good rows are kept), bound to their WeChat through
 * a one-time link, which gives their WeChat user the role REP or PARTNER.
 */
@Service
public class SharerStore {

    static final Duration LINK_LIFETIME = Duration.ofDays(7);
    private static final Pattern WEB_URL = Pattern.compile("https?://\\S{1,500}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Clock clock;

    SharerStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Imports rows; each valid row creates or updates its sharer, each invalid one is reported. */
    public Mono<ImportReport> importRows(List<SharerRow> rows) {
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<SharerRow> valid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ImportReport.RowError error = validate(i + 1, rows.get(i));
            if (error == null) {
                valid.add(rows.get(i));
            } else {
                errors.add(error);
            }
        }
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        return Flux.fromIterable(valid)
                .concatMap(this::upsert)
                .doOnNext(wasCreated -> (wasCreated ? created : updated).incrementAndGet())
                .then(Mono.fromSupplier(() -> new ImportReport(created.get(), updated.get(), List.copyOf(errors))));
    }

    /** A new one-time binding link for the sharer, valid for seven days. */
    public Mono<BindingLink> issueBindingLink(long sharerId) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(LINK_LIFETIME);
        return db.sql("""
                        insert into referral.binding_link (sharer_id, token_hash, expires_at, created_at)
                        select id, :hash, :expires, :now from referral.sharer where id = :sharer
                        returning id""")
                .bind("hash", hash(token))
                .bind("expires", expires)
                .bind("now", now)
                .bind("sharer", sharerId)
                .map(row -> new BindingLink(sharerId, token, expires))
                .one()
                .switchIfEmpty(Mono.error(UnknownSharer::new));
    }

    /**
     * Spends the link: the sharer is bound to this contact. Refused when the link is unknown (404),
     * used or expired (410), or the contact is already bound to another sharer (409).
     */
    public Mono<BoundSharer> bind(String token, ContactId contact) {
        Instant now = clock.instant();
        return db.sql("""
                        with link as (
                            update referral.binding_link set used_at = :now
                             where token_hash = :hash and used_at is null and expires_at > :now
                            returning sharer_id)
                        update referral.sharer s set contact_id = :contact, bound_at = :now, updated_at = :now
                          from link where s.id = link.sharer_id
                        returning s.name, s.kind""")
                .bind("now", now)
                .bind("hash", hash(token))
                .bind("contact", contact.value())
                .map(row -> new BoundSharer(row.get("name", String.class), SharerKind.valueOf(row.get("kind", String.class))))
                .one()
                .onErrorMap(DataIntegrityViolationException.class,
                        e -> new BindingRefused(HttpStatus.CONFLICT, "already-bound"))
                .switchIfEmpty(Mono.defer(() -> whyNot(token, now)));
    }

    /** The roles (REP, PARTNER) the contact has as a bound sharer; empty for everyone else. */
    public Mono<Set<String>> rolesOf(ContactId contact) {
        return db.sql("select kind from referral.sharer where contact_id = :c and kind in ('EMPLOYEE', 'PARTNER')")
                .bind("c", contact.value())
                .map(row -> SharerKind.valueOf(row.get("kind", String.class)).role())
                .all()
                .collect(Collectors.toSet());
    }

    /** The sharer this contact is (employee, partner, or a prospect who shared), if any. */
    public Mono<Sharer> ofContact(ContactId contact) {
        return db.sql("select " + COLUMNS + " from referral.sharer where contact_id = :c")
                .bind("c", contact.value())
                .map(row -> read(row, ""))
                .one();
    }

    /** The sharer, or {@link UnknownSharer}. */
    public Mono<Sharer> find(long id) {
        return db.sql("select " + COLUMNS + " from referral.sharer where id = :id")
                .bind("id", id)
                .map(row -> read(row, ""))
                .one()
                .switchIfEmpty(Mono.error(UnknownSharer::new));
    }

    /** The bound and unbound employees of a department (all employees when {@code department} is null). */
    public Flux<Sharer> employees(String department) {
        var spec = db.sql("select " + COLUMNS + " from referral.sharer where kind = 'EMPLOYEE'"
                + (department == null ? "" : " and department = :d") + " order by id");
        return (department == null ? spec : spec.bind("d", department)).map(row -> read(row, "")).all();
    }

    private Mono<BoundSharer> whyNot(String token, Instant now) {
        return db.sql("select used_at is not null as used, expires_at <= :now as expired from referral.binding_link where token_hash = :hash")
                .bind("hash", hash(token))
                .bind("now", now)
                .map(row -> Boolean.TRUE.equals(row.get("used", Boolean.class)) ? "used" : "expired")
                .one()
                .defaultIfEmpty("unknown")
                .flatMap(reason -> Mono.error(new BindingRefused(
                        "unknown".equals(reason) ? HttpStatus.NOT_FOUND : HttpStatus.GONE, reason)));
    }

    private Mono<Boolean> upsert(SharerRow row) {
        Instant now = clock.instant();
        var spec = db.sql("""
                        insert into referral.sharer as s (kind, external_id, name, title, department, company,
                                                          manager_external_id, avatar_url, created_at, updated_at)
                        values (:kind, :externalId, :name, :title, :department, :company, :manager, :avatar, :now, :now)
                        on conflict (kind, external_id) do update set
                            name = excluded.name, title = excluded.title, department = excluded.department,
                            company = excluded.company, manager_external_id = excluded.manager_external_id,
                            avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
                        returning (xmax = 0) as created""")
                .bind("kind", row.kind().name())
                .bind("externalId", row.externalId().strip())
                .bind("name", row.name().strip())
                .bind("now", now);
        spec = bindText(spec, "title", row.title());
        spec = bindText(spec, "department", row.department());
        spec = bindText(spec, "company", row.company());
        spec = bindText(spec, "manager", row.managerExternalId());
        spec = bindText(spec, "avatar", row.avatarUrl());
        return spec.map(r -> Boolean.TRUE.equals(r.get("created", Boolean.class))).one();
    }

    private static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, String name,
            String value) {
        return value == null || value.isBlank() ? spec.bindNull(name, String.class) : spec.bind(name, value.strip());
    }

    private static ImportReport.RowError validate(int row, SharerRow sharer) {
        if (sharer == null || sharer.kind() == null) {
            return new ImportReport.RowError(row, "kind", "required");
        }
        if (sharer.kind() == SharerKind.PROSPECT) {
            return new ImportReport.RowError(row, "kind", "not-importable");
        }
        if (blank(sharer.externalId()) || sharer.externalId().length() > 64) {
            return new ImportReport.RowError(row, "externalId", blank(sharer.externalId()) ? "required" : "too-long");
        }
        if (blank(sharer.name()) || sharer.name().length() > 64) {
            return new ImportReport.RowError(row, "name", blank(sharer.name()) ? "required" : "too-long");
        }
        if (sharer.kind() == SharerKind.PARTNER && blank(sharer.company())) {
            return new ImportReport.RowError(row, "company", "required-for-partner");
        }
        if (!blank(sharer.avatarUrl()) && !WEB_URL.matcher(sharer.avatarUrl()).matches()) {
            return new ImportReport.RowError(row, "avatarUrl", "not-a-web-address");
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The columns {@link #read} maps, in {@code referral.sharer}. */
    public static final String COLUMNS = "id, kind, name, title, department, company, avatar_url, contact_id";

    /** The sharer in columns named with {@code prefix} (e.g. {@code r_id}, {@code r_name}). */
    public static Sharer read(Readable row, String prefix) {
        return new Sharer(row.get(prefix + "id", Long.class), SharerKind.valueOf(row.get(prefix + "kind", String.class)),
                row.get(prefix + "name", String.class), row.get(prefix + "title", String.class),
                row.get(prefix + "department", String.class), row.get(prefix + "company", String.class),
                row.get(prefix + "avatar_url", String.class), row.get(prefix + "contact_id", Long.class));
    }
}
