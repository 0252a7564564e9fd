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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * Referral's façade for sharers: employees and partners imported by marketing (idempotent on their
 * external id, bad rows reported one by one while good rows are kept), bound to their WeChat through
 * a one-time link, which gives their WeChat user the role REP or PARTNER.
 */
@Service
public class SharerStore {

    static final Duration LINK_LIFETIME = Duration.ofDays(7);
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern WEB_URL = Pattern.compile("https?://\\S{1,500}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Clock clock;

    SharerStore(DatabaseClient db, TransactionalOperator transaction, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Imports rows of a JSON array (row = position from 1); each valid row creates or updates its sharer. */
    public Mono<ImportReport> importRows(List<SharerRow> rows) {
        List<NumberedRow> numbered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            numbered.add(new NumberedRow(i + 1, rows.get(i)));
        }
        return importNumbered(numbered);
    }

    /** Imports numbered rows; each valid row creates or updates its sharer, each invalid one is reported. */
    public Mono<ImportReport> importNumbered(List<NumberedRow> rows) {
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<NumberedRow> valid = new ArrayList<>();
        for (NumberedRow row : rows) {
            ImportReport.RowError error = validate(row.row(), row.sharer());
            if (error == null) {
                valid.add(row);
            } else {
                errors.add(error);
            }
        }
        return Flux.fromIterable(valid)
                .concatMap(row -> upsert(row.sharer()).map(upserted -> new ImportReport.ImportedRow(row.row(),
                        upserted.getT1(), row.sharer().externalId().strip(),
                        upserted.getT2() ? ImportReport.Outcome.CREATED : ImportReport.Outcome.UPDATED)))
                .collectList()
                .as(transaction::transactional)
                .map(imported -> new ImportReport(
                        (int) imported.stream().filter(r -> r.outcome() == ImportReport.Outcome.CREATED).count(),
                        (int) imported.stream().filter(r -> r.outcome() == ImportReport.Outcome.UPDATED).count(),
                        imported, List.copyOf(errors)));
    }

    /**
     * One page of the sharers that match every given filter, oldest first (by id, so pages stay
     * stable while rows are added), with the number of all matches.
     *
     * @param text matched anywhere in the name or the external id, ignoring case; null for any
     */
    public Mono<SharerPage> search(String text, String department, SharerKind kind, String externalId, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            where.append(" and (name ilike :q escape '\\' or external_id ilike :q escape '\\')");
            binds.put("q", "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (department != null && !department.isBlank()) {
            where.append(" and department = :department");
            binds.put("department", department.strip());
        }
        if (kind != null) {
            where.append(" and kind = :kind");
            binds.put("kind", kind.name());
        }
        if (externalId != null && !externalId.isBlank()) {
            where.append(" and external_id = :externalId");
            binds.put("externalId", externalId.strip());
        }
        var count = db.sql("select count(*) as n from referral.sharer" + where);
        var items = db.sql("select " + COLUMNS + ", external_id, created_at, updated_at from referral.sharer" + where
                + " order by id limit :limit offset :offset");
        for (var bind : binds.entrySet()) {
            count = count.bind(bind.getKey(), bind.getValue());
            items = items.bind(bind.getKey(), bind.getValue());
        }
        Mono<Long> total = count.map(row -> row.get("n", Long.class)).one();
        Mono<List<SharerListing>> found = items.bind("limit", size).bind("offset", (long) page * size)
                .map(row -> new SharerListing(read(row, ""), row.get("external_id", String.class),
                        row.get("created_at", Instant.class), row.get("updated_at", Instant.class)))
                .all()
                .collectList();
        return Mono.zip(found, total).map(t -> new SharerPage(t.getT1(), t.getT2(), page, size));
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

    /**
     * The sharer this contact is (employee, partner, or a prospect who shared), if any; an employee
     * or partner who once shared as a prospect is the employee or partner.
     */
    public Mono<Sharer> ofContact(ContactId contact) {
        return db.sql("select " + COLUMNS + " from referral.sharer where contact_id = :c order by kind = 'PROSPECT' limit 1")
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

    private Mono<Tuple2<Long, Boolean>> upsert(SharerRow row) {
        Instant now = clock.instant();
        var spec = db.sql("""
                        insert into referral.sharer as s (kind, external_id, name, title, department, company,
                                                          manager_external_id, avatar_url, created_at, updated_at)
                        values (:kind, :externalId, :name, :title, :department, :company, :manager, :avatar, :now, :now)
                        on conflict (kind, external_id) do update set
                            name = excluded.name, title = excluded.title, department = excluded.department,
                            company = excluded.company, manager_external_id = excluded.manager_external_id,
                            avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
                        returning id, (xmax = 0) as created""")
                .bind("kind", row.kind().name())
                .bind("externalId", row.externalId().strip())
                .bind("name", row.name().strip())
                .bind("now", now);
        spec = bindText(spec, "title", row.title());
        spec = bindText(spec, "department", row.department());
        spec = bindText(spec, "company", row.company());
        spec = bindText(spec, "manager", row.managerExternalId());
        spec = bindText(spec, "avatar", row.avatarUrl());
        return spec.map(r -> Tuples.of(r.get("id", Long.class),
                Boolean.TRUE.equals(r.get("created", Boolean.class)))).one();
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
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("externalId", sharer.externalId());
        texts.put("name", sharer.name());
        texts.put("title", sharer.title());
        texts.put("department", sharer.department());
        texts.put("company", sharer.company());
        texts.put("managerExternalId", sharer.managerExternalId());
        texts.put("avatarUrl", sharer.avatarUrl());
        for (Map.Entry<String, String> text : texts.entrySet()) {
            if (text.getValue() != null && CONTROL.matcher(text.getValue()).find()) {
                return new ImportReport.RowError(row, text.getKey(), "control-character");
            }
            if (text.getValue() != null && !"avatarUrl".equals(text.getKey()) && text.getValue().strip().length() > 64) {
                return new ImportReport.RowError(row, text.getKey(), "too-long");
            }
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
