package io.yutang.gateway.privacy;

import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.PersonalDataHolder;
import io.yutang.referral.personaldata.PersonalDataSql;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gateway's share of a person: the events WeChat pushed about them (raw XML included), delivery
 * reports and subscription-message grants, the CRM's outcomes for their lead; in Redis their H5
 * sessions and the callback's duplicate-delivery keys (which carry the openid). Erasure removes
 * all of these but the outcomes, which lose only their free-text reason. On a Redis Cluster the
 * SCANs visit every master (Lettuce's cluster-wide scan) and each key is deleted on its own, as the
 * keys found sit in different slots.
 */
@Component
class GatewayPersonalData implements PersonalDataHolder {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final String prefix;

    GatewayPersonalData(DatabaseClient db, TransactionalOperator transaction, ReactiveRedisConnectionFactory connections,
            @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        this.db = db;
        this.transaction = transaction;
        this.redis = new ReactiveRedisTemplate<>(connections, RedisSerializationContext
                .<String, byte[]>newSerializationContext(RedisSerializer.string())
                .value(RedisSerializer.byteArray()).hashKey(RedisSerializer.string()).hashValue(RedisSerializer.byteArray())
                .build());
        this.prefix = prefix;
    }

    @Override
    public String part() {
        return "gateway";
    }

    @Override
    public Mono<PersonalData> export(Person person) {
        Map<String, DatabaseClient.GenericExecuteSpec> tables = new LinkedHashMap<>();
        tables.put("wechat_events", db.sql("""
                        select msg_type, event, event_key, created_at, received_at, xml from gateway.inbound_event
                         where app_id = :app and openid = :openid order by received_at, id""")
                .bind("app", person.user().appId()).bind("openid", person.user().openid()));
        tables.put("delivery_reports", db.sql("""
                        select kind, msg_id, status, delivered, reported_at from gateway.delivery_report
                         where app_id = :app and openid = :openid order by reported_at""")
                .bind("app", person.user().appId()).bind("openid", person.user().openid()));
        tables.put("message_grants", db.sql("""
                        select template_id, accepted, decided_at, consumed_at, consumed_by from gateway.subscription_grant
                         where app_id = :app and openid = :openid order by decided_at, id""")
                .bind("app", person.user().appId()).bind("openid", person.user().openid()));
        tables.put("lead_outcomes", db.sql("""
                        select crm_reference, status, reason, amount, occurred_at, recorded_at from gateway.lead_outcome
                         where contact_id = :contact order by recorded_at, id""")
                .bind("contact", person.contact().value()));
        return PersonalDataSql.part(part(), tables);
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        String app = person.user().appId();
        String openid = person.user().openid();
        PersonalDataSql.Removals removed = PersonalDataSql.removals(part());
        Mono<Void> rows = Flux.concat(
                removed.run("WeChat events removed (raw XML included)", db.sql(
                        "delete from gateway.inbound_event where app_id = :app and openid = :openid")
                        .bind("app", app).bind("openid", openid)),
                removed.run("delivery reports removed", db.sql(
                        "delete from gateway.delivery_report where app_id = :app and openid = :openid")
                        .bind("app", app).bind("openid", openid)),
                removed.run("message grants removed", db.sql(
                        "delete from gateway.subscription_grant where app_id = :app and openid = :openid")
                        .bind("app", app).bind("openid", openid)),
                removed.run("lead outcome reasons removed", db.sql(
                        "update gateway.lead_outcome set reason = null where contact_id = :contact and reason is not null")
                        .bind("contact", person.contact().value())))
                .then();
        byte[] needle = openid.getBytes(StandardCharsets.UTF_8);
        Mono<Void> sessions = redis.scan(ScanOptions.scanOptions().match(prefix + "session:sessions:*").count(1000).build())
                .concatMap(key -> redis.<String, byte[]>opsForHash().values(key).any(value -> contains(value, needle))
                        .filter(Boolean::booleanValue).map(held -> key))
                .concatMap(key -> redis.delete(key))
                .reduce(0L, Long::sum)
                .doOnNext(keys -> removed.add("sessions removed (Redis)", keys))
                .then();
        Mono<Void> dedupe = redis.scan(ScanOptions.scanOptions()
                        .match(prefix + "wx:dedupe:" + glob(app) + ":evt:" + glob(openid) + ":*").count(1000).build())
                .concatMap(key -> redis.delete(key))
                .reduce(0L, Long::sum)
                .doOnNext(keys -> removed.add("duplicate-delivery keys removed (Redis)", keys))
                .then();
        return transaction.transactional(rows).then(sessions).then(dedupe)
                .then(Mono.fromSupplier(() -> removed.receipt()));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The text as a Redis glob matching only itself. */
    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\^-])", "\\\\$1");
    }

}
