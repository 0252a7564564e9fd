package io.yutang.livestream.reminder;

import io.yutang.referral.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.livestream.Channel;
import io.yutang.livestream.ChannelBusy;
import io.yutang.livestream.ChannelRefused;
import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.ReminderChannel;
import io.yutang.livestream.ReminderMessage;
import io.yutang.livestream.SmsSender;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.testing.TestStores;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reminder dispatcher on livestream's own schema in a real PostgreSQL, with a WeChat that
 * behaves like WeChat: a template message whose {@code client_msg_id} it has seen is not delivered again.
 */
class ReminderDispatcherIntegrationTest {

    static DatabaseClient db;
    static LettuceConnectionFactory redisConnections;
    static ReactiveStringRedisTemplate redis;

    final TestClock clock = new TestClock(Instant.parse("2026-12-01T02:00:00Z"));
    final FakeWeChat wechat = new FakeWeChat();
    final List<String> sms = new CopyOnWriteArrayList<>();
    volatile boolean smsProviderDown;
    long event;

    @BeforeAll
    static void stores() {
        TestStores.migrate("livestream");
        db = TestStores.databaseClient();
        redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestStores.redis().host(),
                TestStores.redis().port()));
        redisConnections.afterPropertiesSet();
        redis = new ReactiveStringRedisTemplate(redisConnections);
    }

    @AfterAll
    static void closeRedis() {
        redisConnections.destroy();
    }

    @BeforeEach
    void anEvent() {
        // An event starting in two hours, template channel first; other tests' rows are in the past or taken.
        db.sql("update livestream.reminder set state = 'SKIPPED' where state in ('PENDING', 'SENDING')").then().block();
        event = db.sql("""
                        insert into livestream.live_event (title, starts_at, ends_at, registration_fields, reminder_offsets,
                               channels, template_id, subscribe_template_id, status, created_at, updated_at)
                        values ('数字化营销公开课', :starts, :ends, '[]', '{3600,600,0}', '{TEMPLATE,SUBSCRIPTION,CUSTOMER_SERVICE,SMS}',
                                'tmpl-reminder', 'tmpl-subscribe', 'OPEN', :now, :now)
                        returning id""")
                .bind("starts", clock.instant().plus(Duration.ofHours(2)))
                .bind("ends", clock.instant().plus(Duration.ofHours(3)))
                .bind("now", clock.instant())
                .map(row -> row.get("id", Long.class)).one().block();
    }

    @Test
    void twoDispatchersRacingSendEveryReminderExactlyOnce() {
        int registrants = 300;
        for (int i = 0; i < registrants; i++) {
            register("race-" + i, true, null);
        }
        clock.set(clock.instant().plus(Duration.ofMinutes(61)));
        ReminderDispatcher first = dispatcher(properties(50, 8));
        ReminderDispatcher second = dispatcher(properties(50, 8));

        Mono.when(first.drain(), second.drain()).block(Duration.ofSeconds(60));

        // Each registrant: the confirmation and the reminder one hour before.
        assertThat(wechat.calls).hasSize(registrants * 2);
        assertThat(wechat.delivered).hasSize(registrants * 2);
        assertThat(states()).containsEntry("SENT", (long) registrants * 2);
    }

    @Test
    void aRegistrantWhoWithdrewRemindersIsSkippedWithThatReasonAndOneWhoWithdrewTextMessagesIsNotTexted() {
        Contacts contacts = ReferralSlice.shared().bean(Contacts.class);
        Consents consents = ReferralSlice.shared().bean(Consents.class);
        ContactId quiet = contacts.seen(new WeChatUser("wx-test", "o-quiet-" + UUID.randomUUID()), clock.instant()).block();
        ContactId noTexts = contacts.seen(new WeChatUser("wx-test", "o-no-sms-" + UUID.randomUUID()), clock.instant()).block();
        ContactId control = contacts.seen(new WeChatUser("wx-test", "o-texted-" + UUID.randomUUID()), clock.instant()).block();
        long quietRegistration = register("quiet", false, "13800138001", quiet);
        long noTextsRegistration = register("no-sms", false, "13800138002", noTexts);
        long controlRegistration = register("texted", false, "13800138003", control);
        consents.withdraw(quiet, ConsentPurpose.REMINDERS, "我撤回同意：不再接收活动提醒", "page:/my/privacy", clock.instant())
                .then(consents.withdraw(noTexts, ConsentPurpose.SMS, "我撤回同意：不再接收短信", "page:/my/privacy", clock.instant()))
                .block();

        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));

        assertThat(stateOf(quietRegistration, "CONFIRMATION")).isEqualTo("SKIPPED");
        assertThat(reasonOf(quietRegistration, "CONFIRMATION")).isEqualTo("consent withdrawn: REMINDERS");
        assertThat(stateOf(noTextsRegistration, "CONFIRMATION")).isEqualTo("SKIPPED");
        assertThat(reasonOf(noTextsRegistration, "CONFIRMATION")).contains("SMS: consent withdrawn: SMS");
        assertThat(stateOf(controlRegistration, "CONFIRMATION")).as("the one who withdrew nothing").isIn("SENT", "LOGGED");
        assertThat(sms).as("texts sent").containsExactly("13800138003");
    }

    @Test
    void aSendInterruptedAfterWeChatAcceptedItIsDeliveredOnceWhenTakenOver() {
        long registration = register("crash", true, null);
        AtomicBoolean stall = new AtomicBoolean(true);
        wechat.afterAccepting = () -> stall.get() ? Mono.never() : Mono.empty();
        ReminderDispatcher crashing = dispatcher(properties(10, 1));
        Disposable killed = crashing.drain().subscribe();
        awaitCalls(1);
        // The instance dies between WeChat's answer and the state update.
        killed.dispose();
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("SENDING");

        stall.set(false);
        clock.set(clock.instant().plus(Duration.ofSeconds(31)));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));

        assertThat(wechat.calls).as("taken over and sent again, with the same client_msg_id").hasSize(2)
                .extracting(ReminderMessage::key).containsOnly(wechat.calls.get(0).key());
        assertThat(wechat.delivered).as("what the registrant receives").hasSize(1);
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("SENT");
    }

    @Test
    void anInterruptedCustomerServiceMessageIsNotSentTwice() {
        long registration = register("crash-cs", false, null);
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        wechat.afterAccepting = Mono::never;
        Disposable killed = dispatcher(properties(10, 1)).drain().subscribe();
        awaitCalls(1);
        killed.dispose();

        wechat.afterAccepting = Mono::empty;
        clock.set(clock.instant().plus(Duration.ofSeconds(31)));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));

        assertThat(wechat.calls).hasSize(1);
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("FAILED");
        assertThat(reasonOf(registration, "CONFIRMATION")).contains("not resent");
    }

    @Test
    void aNonFollowerGetsTheNextChannelThatReachesThem() {
        long withGrant = register("grant", false, null);
        wechat.reachable = Set.of(Channel.SUBSCRIPTION);
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(channelOf(withGrant, "CONFIRMATION")).isEqualTo("SUBSCRIPTION");

        long smsOnly = register("sms", false, "13800138000");
        wechat.reachable = Set.of();
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(channelOf(smsOnly, "CONFIRMATION")).isEqualTo("SMS");
        assertThat(sms).containsExactly("13800138000");

        long nobody = register("unreachable", false, null);
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(nobody, "CONFIRMATION")).isEqualTo("SKIPPED");
        assertThat(reasonOf(nobody, "CONFIRMATION")).contains("TEMPLATE: not a follower").contains("SMS: no phone");
    }

    @Test
    void aMessageTheSmsPortOnlyLoggedIsRecordedLoggedNeverSent() {
        long registration = register("sms-logged", false, "13800138000");
        wechat.reachable = Set.of();
        dispatcher(properties(10, 1), new LoggingSmsSender()).drain().block(Duration.ofSeconds(10));

        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("LOGGED");
        assertThat(channelOf(registration, "CONFIRMATION")).isEqualTo("SMS");
        assertThat(reasonOf(registration, "CONFIRMATION")).isEqualTo("no SMS provider configured; written to the log only");
        assertThat(column("(sent_at is null)::text", registration, "CONFIRMATION")).as("nothing was sent").isEqualTo("true");
    }

    @Test
    void aRefusedTemplateFallsBackAndABusyWeChatIsRetriedLater() {
        long refused = register("refused", true, null);
        wechat.reachable = Set.of(Channel.TEMPLATE, Channel.CUSTOMER_SERVICE);
        wechat.refuse = Set.of(Channel.TEMPLATE);
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(channelOf(refused, "CONFIRMATION")).isEqualTo("CUSTOMER_SERVICE");

        long busy = register("busy", true, null);
        wechat.refuse = Set.of();
        wechat.afterAccepting = () -> Mono.error(new IllegalStateException("WeChat busy"));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(busy, "CONFIRMATION")).isEqualTo("PENDING");

        wechat.afterAccepting = Mono::empty;
        clock.set(clock.instant().plus(Duration.ofSeconds(6)));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(busy, "CONFIRMATION")).isEqualTo("SENT");
    }

    @Test
    void aSendThatOurOwnStoreFailedWaitsForItWithoutSpendingTheMessagesAttempts() {
        long registration = register("store-down", true, null);
        wechat.afterAccepting = () -> Mono.error(new org.springframework.data.redis.RedisSystemException("Redis exception",
                new IllegalStateException("Connection refused")));
        for (int round = 0; round < 5; round++) {
            dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
            clock.set(clock.instant().plus(Duration.ofMinutes(11)));
        }
        assertThat(stateOf(registration, "CONFIRMATION")).as("after five failed sends, with three attempts allowed").isEqualTo("PENDING");
        assertThat(column("attempts::text", registration, "CONFIRMATION")).isEqualTo("0");
        assertThat(reasonOf(registration, "CONFIRMATION")).startsWith("waiting for our store: RedisSystemException");

        wechat.afterAccepting = Mono::empty;
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("SENT");
    }

    @Test
    void anInstanceThatLostItsLeaseDoesNotSendWhatAnotherTookOver() {
        long registration = register("slow", false, null);
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        Sinks.Empty<Void> released = Sinks.empty();
        wechat.reachGate = released.asMono();
        Disposable stalled = dispatcher(properties(10, 1)).drain().subscribe();
        Flux.interval(Duration.ofMillis(10)).onBackpressureDrop()
                .concatMap(tick -> db.sql("select state from livestream.reminder where registration_id = :r and purpose = 'CONFIRMATION'")
                        .bind("r", registration).map(row -> row.get("state", String.class)).one())
                .filter("SENDING"::equals)
                .next().block(Duration.ofSeconds(10));

        // The lease runs out while the first instance waits; another takes the message over and sends it.
        wechat.reachGate = Mono.empty();
        clock.set(clock.instant().plus(Duration.ofSeconds(31)));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("SENT");

        // The first instance wakes up: its claim is stale, so it sends nothing.
        released.tryEmitEmpty();
        Flux.interval(Duration.ofMillis(10)).filter(tick -> stalled.isDisposed()).next().block(Duration.ofSeconds(10));
        assertThat(wechat.calls).hasSize(1);
        assertThat(stateOf(registration, "CONFIRMATION")).isEqualTo("SENT");
    }

    @Test
    void aCustomerServiceMessageWithoutWeChatsAnswerIsNotRetriedButABusyOneIs() {
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        long unanswered = register("timeout", false, null);
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        wechat.afterAccepting = () -> Mono.error(new java.util.concurrent.TimeoutException("no answer"));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(unanswered, "CONFIRMATION")).isEqualTo("FAILED");
        assertThat(reasonOf(unanswered, "CONFIRMATION")).contains("no answer").contains("not resent");

        long busy = register("busy-cs", false, null);
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        wechat.afterAccepting = () -> Mono.error(new ChannelBusy("errcode 45009"));
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(stateOf(busy, "CONFIRMATION")).isEqualTo("PENDING");
        assertThat(reasonOf(busy, "CONFIRMATION")).contains("45009");
    }

    @Test
    void aFailureOfALaterChannelIsThatChannelsOwn() {
        long registration = register("fallback", false, "13800138000");
        wechat.reachable = Set.of(Channel.CUSTOMER_SERVICE);
        wechat.refuse = Set.of(Channel.CUSTOMER_SERVICE);
        smsProviderDown = true;
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));

        assertThat(stateOf(registration, "CONFIRMATION")).as("SMS keeps its key, so it is retried").isEqualTo("PENDING");
        assertThat(reasonOf(registration, "CONFIRMATION")).contains("SMS provider down");
    }

    @Test
    void anOffsetRemovedFromThePlanAndAddedBackIsArmedAgain() {
        long registration = register("replan", true, null);
        Instant starts = db.sql("select starts_at from livestream.live_event where id = :id").bind("id", event)
                .map(row -> row.get("starts_at", Instant.class)).one().block();
        ReminderPlan plan = new ReminderPlan(db);
        plan.rescheduled(event, starts, List.of(Duration.ofMinutes(10), Duration.ZERO), 1, false, clock.instant()).block();
        assertThat(stateOf(registration, "BEFORE_START:3600")).isEqualTo("SKIPPED");

        plan.rescheduled(event, starts, List.of(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ZERO), 1, false,
                clock.instant()).block();
        assertThat(stateOf(registration, "BEFORE_START:3600")).isEqualTo("PENDING");
    }

    @Test
    void aLateRegistrantGetsNoStaleReminders() {
        clock.set(clock.instant().plus(Duration.ofMinutes(105)));
        long late = register("late", true, null);

        assertThat(stateOf(late, "BEFORE_START:3600")).isEqualTo("SKIPPED");
        assertThat(stateOf(late, "BEFORE_START:600")).isEqualTo("PENDING");
        dispatcher(properties(10, 1)).drain().block(Duration.ofSeconds(10));
        assertThat(wechat.calls).extracting(ReminderMessage::notice).containsExactly("报名成功");
    }

    private long register(String who, boolean follower, String phone) {
        return register(who, follower, phone, null);
    }

    /** A registration of {@code contact}, or of a made-up contact id when null. */
    private long register(String who, boolean follower, String phone, ContactId contact) {
        wechat.reachable = follower ? Set.of(Channel.TEMPLATE) : Set.of();
        String openid = "o-" + who + "-" + UUID.randomUUID();
        long registration = db.sql("""
                        insert into livestream.registration (event_id, contact_id, app_id, openid, status, answers, consented_at,
                               queued_at, registered_at, updated_at)
                        values (:event, :contact, 'wx-test', :openid, 'REGISTERED', :answers::jsonb, :now, :now, :now, :now)
                        returning id""")
                .bind("event", event)
                .bind("contact", contact == null ? Math.abs(openid.hashCode()) : contact.value())
                .bind("openid", openid)
                .bind("answers", phone == null ? "{}" : "{\"phone\":\"" + phone + "\"}")
                .bind("now", clock.instant())
                .map(row -> row.get("id", Long.class)).one().block();
        Instant starts = db.sql("select starts_at from livestream.live_event where id = :id").bind("id", event)
                .map(row -> row.get("starts_at", Instant.class)).one().block();
        new ReminderPlan(db).registered(registration, 1, false, starts,
                List.of(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ZERO), clock.instant()).block();
        return registration;
    }

    private ReminderDispatcher dispatcher(LivestreamProperties properties) {
        return dispatcher(properties, (phone, text, key) -> smsProviderDown
                ? Mono.error(new IllegalStateException("SMS provider down"))
                : Mono.fromRunnable(() -> sms.add(phone)));
    }

    private ReminderDispatcher dispatcher(LivestreamProperties properties, SmsSender texts) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("i18n/livestream");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new ReminderDispatcher(db, wechat, texts, new ReminderTexts(messages, properties),
                new SendRate(redis, TestStores.redisKeyPrefix(), properties, clock), properties, JsonMapper.builder().build(), clock,
                ReferralSlice.shared().bean(Consents.class));
    }

    private static LivestreamProperties properties(int batch, int concurrency) {
        return new LivestreamProperties(URI.create("https://yutang.example.com"), List.of(Duration.ofHours(1)),
                Duration.ofSeconds(30), 10_000, Duration.ofSeconds(1), batch, concurrency, Duration.ofSeconds(30), 3);
    }

    private void awaitCalls(int count) {
        Flux.interval(Duration.ofMillis(10)).filter(tick -> wechat.calls.size() >= count).next().block(Duration.ofSeconds(10));
    }

    private Map<String, Long> states() {
        return db.sql("""
                        select r.state, count(*) as n from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :event and r.state <> 'SKIPPED' group by r.state""")
                .bind("event", event)
                .map(row -> Map.entry(row.get("state", String.class), row.get("n", Long.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    private String stateOf(long registration, String purpose) {
        return column("state", registration, purpose);
    }

    private String channelOf(long registration, String purpose) {
        return column("channel", registration, purpose);
    }

    private String reasonOf(long registration, String purpose) {
        return column("reason", registration, purpose);
    }

    private String column(String column, long registration, String purpose) {
        return db.sql("select " + column + " as v from livestream.reminder where registration_id = :r and purpose = :p")
                .bind("r", registration).bind("p", purpose)
                .map(row -> row.get("v", String.class)).one().block();
    }

    /** WeChat as the dispatcher meets it: template messages are deduplicated by {@code client_msg_id}. */
    static final class FakeWeChat implements ReminderChannel {

        final List<ReminderMessage> calls = new CopyOnWriteArrayList<>();
        final Set<String> delivered = ConcurrentHashMap.newKeySet();
        volatile Set<Channel> reachable = Set.of(Channel.TEMPLATE);
        volatile Set<Channel> refuse = Set.of();
        volatile java.util.function.Supplier<Mono<Void>> afterAccepting = Mono::empty;
        volatile Mono<Void> reachGate = Mono.empty();

        @Override
        public Mono<Boolean> reaches(Channel channel, WeChatUser user, String subscribeTemplateId) {
            return reachGate.thenReturn(reachable.contains(channel));
        }

        @Override
        public Mono<Void> send(Channel channel, ReminderMessage message) {
            return Mono.defer(() -> {
                if (refuse.contains(channel)) {
                    return Mono.error(new ChannelRefused("43004 not a follower"));
                }
                calls.add(message);
                delivered.add(channel == Channel.TEMPLATE ? message.key() : message.key() + "#" + calls.size());
                return afterAccepting.get();
            });
        }
    }
}
