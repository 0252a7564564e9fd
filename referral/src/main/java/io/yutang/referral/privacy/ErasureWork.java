package io.yutang.referral.privacy;

import io.r2dbc.postgresql.codec.Json;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.ContactId;
import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalDataHolder;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.Column;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works off erasure requests ({@code referral.erasure}, a {@link WorkQueue}) on every instance:
 * every module's {@link PersonalDataHolder} forgets the person, referral's own part last (the others
 * may still look them up by openid), and the receipt records what each part removed. A failed part
 * is retried as a whole: every part's erase is idempotent.
 */
@Component
class ErasureWork {

    /** What an erased prospect's sharer is called from then on. */
    static final String ERASED_NAME = "(erased)";
    static final QueueTable<WorkState> TABLE = QueueTable.of("referral.erasure", "id");
    private static final Logger log = LoggerFactory.getLogger(ErasureWork.class);
    private static final int BATCH = 5;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 30);

    private final WorkQueue<WorkState> queue;
    private final DatabaseClient db;
    private final List<PersonalDataHolder> holders;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditTrail audit;

    ErasureWork(DatabaseClient db, List<PersonalDataHolder> holders, JsonMapper json, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.db = db;
        this.holders = holders.stream()
                .sorted(Comparator.comparing((PersonalDataHolder holder) -> holder.part().equals(ReferralPersonalData.PART))
                        .thenComparing(PersonalDataHolder::part))
                .toList();
        this.json = json;
        this.clock = clock;
    }

    /** The openid an erased contact keeps (WeChat never sends one like it): unique, and no one's. */
    static String anonymousOpenid(ContactId contact) {
        return "erased:" + contact.value();
    }

    /** The parts, in the order an erasure runs them. */
    List<PersonalDataHolder> holders() {
        return holders;
    }

    /** One batch; emits whether a full batch was taken. */
    Mono<Boolean> round() {
        return queue.claim(clock.instant(), BATCH, LEASE).collectList()
                .flatMap(claims -> Flux.fromIterable(claims).concatMap(this::erase).then().thenReturn(claims.size() >= BATCH));
    }

    private Mono<Void> erase(Claim claim) {
        return db.sql("""
                        select e.contact_id, c.app_id, c.openid, c.unionid from referral.erasure e
                          join referral.contact c on c.id = e.contact_id where e.id = :id""")
                .bind("id", claim.id())
                .map(row -> new Person(new ContactId(row.get("contact_id", Long.class)),
                        new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)),
                        row.get("unionid", String.class)))
                .one()
                .flatMap(person -> Flux.fromIterable(holders).concatMap(holder -> holder.erase(person)).collectList())
                .flatMap(receipt -> queue.finish(claim, WorkState.DONE, null,
                        Column.of("receipt", Json.of(json.writeValueAsString(receipt))), Column.of("done_at", clock.instant()))
                        .flatMap(done -> !done ? Mono.empty() : db.sql("select contact_id, requested_by from referral.erasure where id = :id")
                                .bind("id", claim.id())
                                .map(row -> new AuditEntry(AuditEntry.SYSTEM, AuditAction.ERASURE_DONE, "contact:" + row.get("contact_id", Long.class),
                                        1, "erasure:" + claim.id() + ", requested by " + row.get("requested_by", String.class)))
                                .one().flatMap(audit::record)))
                .then()
                .onErrorResume(failure -> {
                    log.warn("Erasure {} failed (attempt {}), retried later: {}", claim.id(), claim.attempts(), failure.toString());
                    return queue.retry(claim, failure.getClass().getSimpleName() + ": " + failure.getMessage(), BACKOFF).then();
                });
    }

    /** What the receipt's JSON holds, read back. */
    List<ErasedData> receipt(String stored) {
        return stored == null ? List.of() : List.of(json.readValue(stored, ErasedData[].class));
    }

    /** Now, by the clock the requests are stamped with. */
    Instant now() {
        return clock.instant();
    }

    @Bean
    WorkQueue<WorkState> erasureQueue() {
        return queue;
    }

    @Bean
    PollingLoop erasureLoop() {
        return PollingLoop.draining("Erasures", INTERVAL, INTERVAL, this::round);
    }
}
