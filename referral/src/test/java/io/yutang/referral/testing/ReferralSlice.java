package io.yutang.referral.testing;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.yutang.referral.Attribution;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Behaviours;
import io.yutang.referral.Consents;
import io.yutang.referral.Contacts;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.SceneCodes;
import io.yutang.referral.SharerCards;
import io.yutang.referral.attribution.Conversions;
import io.yutang.referral.audit.AuditLog;
import io.yutang.referral.attribution.Touches;
import io.yutang.referral.behaviour.BehaviourLog;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.campaign.CampaignWelcomes;
import io.yutang.referral.consent.ConsentLedger;
import io.yutang.referral.contact.ContactRecorder;
import io.yutang.referral.contact.ContactIdentities;
import io.yutang.referral.contact.ContactStore;
import io.yutang.referral.digest.RepSignals;
import io.yutang.referral.sharelink.ShareLinkCards;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.tree.ReferralTree;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * A slice of Spring holding referral's attribution, tree, board, campaign, sharer, share-link and
 * contact beans, wired as in the app, over the real test PostgreSQL ({@link TestStores}) and Redis,
 * with a {@link TestClock} and a {@link FakeSceneCodes}. No web layer, no polling loops but the
 * campaign-welcome refresh. Other modules add their own beans with {@link #start(Class[])}.
 */
public final class ReferralSlice {

    /** When the slice's clock starts; tests move it. */
    public static final Instant START = Instant.parse("2026-11-02T01:00:00Z");

    private static ReferralSlice shared;

    private final AnnotationConfigApplicationContext context;

    private ReferralSlice(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    /** The JVM's referral slice, started on first use. */
    public static synchronized ReferralSlice shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /**
     * A new slice with referral's beans and {@code moduleBeans} (e.g. livestream's registrations),
     * whose infrastructure they may inject: {@link DatabaseClient}, {@link TransactionalOperator},
     * {@link ReactiveStringRedisTemplate}, {@link Clock} (a {@link TestClock}) and {@link JsonMapper}.
     */
    public static ReferralSlice start(Class<?>... moduleBeans) {
        TestStores.migrate("referral");
        TestStores.Database database = TestStores.database();
        ConnectionFactory connections = ConnectionFactories.get(ConnectionFactoryOptions
                .parse(database.r2dbcUrl().replaceFirst("^r2dbc:", "r2dbc:pool:"))
                .mutate().option(ConnectionFactoryOptions.USER, database.username()).build());
        LettuceConnectionFactory redisConnections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(TestStores.redis().host(), TestStores.redis().port()));
        TestClock clock = new TestClock(START);

        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("referral-slice",
                Map.of("yutang.redis.key-prefix", TestStores.redisKeyPrefix())));
        context.registerBean(ConnectionFactory.class, () -> connections);
        context.registerBean(DatabaseClient.class, () -> DatabaseClient.create(connections));
        context.registerBean(TransactionalOperator.class,
                () -> TransactionalOperator.create(new R2dbcTransactionManager(connections)));
        context.registerBean(LettuceConnectionFactory.class, () -> redisConnections);
        context.registerBean(ReactiveStringRedisTemplate.class,
                () -> new ReactiveStringRedisTemplate(context.getBean(LettuceConnectionFactory.class)));
        context.registerBean(TestClock.class, () -> clock);
        context.registerBean(JsonMapper.class, () -> JsonMapper.builder().build());
        context.registerBean(ReferralProperties.class, ReferralSlice::properties);
        context.registerBean(SceneCodes.class, () -> new FakeSceneCodes(clock));
        context.register(ContactStore.class, ContactRecorder.class, ContactIdentities.class, Contacts.class, SharerStore.class,
                CampaignWelcomes.class, CampaignStore.class, ShareLinks.class, Touches.class, Conversions.class,
                Leaderboards.class, RepSignals.class, Attribution.class, ReferralTree.class, ConsentLedger.class,
                Consents.class, BehaviourLog.class, Behaviours.class, ShareLinkCards.class, SharerCards.class, AuditLog.class,
                AuditTrail.class);
        if (moduleBeans.length > 0) {
            context.register(moduleBeans);
        }
        context.refresh();
        context.registerShutdownHook();
        return new ReferralSlice(context);
    }

    /** Referral's settings in the slice: the module's defaults (30-day window, 7-day clawback). */
    public static ReferralProperties properties() {
        return new ReferralProperties(URI.create("https://yutang.example.com"), Duration.ofDays(30), Duration.ofDays(7),
                Duration.ofSeconds(2), 8, Duration.ofSeconds(4), 4, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(2), DataSize.ofMegabytes(1), Duration.ofDays(1),
                List.of("thirdwx.qlogo.cn"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public TestClock clock() {
        return bean(TestClock.class);
    }

    public DatabaseClient db() {
        return bean(DatabaseClient.class);
    }

    public ReactiveStringRedisTemplate redis() {
        return bean(ReactiveStringRedisTemplate.class);
    }
}
