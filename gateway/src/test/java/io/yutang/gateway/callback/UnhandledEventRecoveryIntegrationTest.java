package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * An event stored but never applied (the instance died right after answering WeChat) is found in
 * the store and applied by the sweeper of any instance.
 */
@YutangIntegrationTest
@TestPropertySource(properties = {"yutang.wechat.sweep-interval=100ms", "yutang.wechat.sweep-after=1s"})
class UnhandledEventRecoveryIntegrationTest {

    @Autowired
    Contacts contacts;

    @Autowired
    DatabaseClient database;

    @Test
    void appliesAnEventLeftUnhandledByAnInstanceThatDied() {
        String openid = "o-orphan-" + UUID.randomUUID();
        long createTime = 1_860_000_000L;
        String xml = WeChatEvents.subscribe(TestAccount.GH_ID, openid, createTime, "c3-r3");
        database.sql("""
                        insert into gateway.inbound_event
                            (app_id, dedupe_key, msg_type, event, openid, event_key, created_at, received_at, xml)
                        values (:appId, :key, 'event', 'subscribe', :openid, 'qrscene_c3-r3', :createdAt, :receivedAt, :xml)""")
                .bind("appId", TestAccount.APP_ID)
                .bind("key", InboundXml.parse(xml).dedupeKey())
                .bind("openid", openid)
                .bind("createdAt", Instant.ofEpochSecond(createTime))
                .bind("receivedAt", Instant.now().minusSeconds(5))
                .bind("xml", xml)
                .then().block(Duration.ofSeconds(5));

        Contact contact = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> contacts.find(new WeChatUser(TestAccount.APP_ID, openid)))
                .filter(Contact::subscribed)
                .blockFirst(Duration.ofSeconds(15));
        assertThat(contact.subscribedAt().getEpochSecond()).isEqualTo(createTime);
        Boolean handled = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database.sql("select handled_at is not null as done from gateway.inbound_event where openid = :o")
                        .bind("o", openid).map(row -> row.get("done", Boolean.class)).one())
                .filter(Boolean::booleanValue)
                .blockFirst(Duration.ofSeconds(15));
        assertThat(handled).isTrue();
    }
}
