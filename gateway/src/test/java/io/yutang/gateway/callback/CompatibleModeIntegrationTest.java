package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** 兼容模式: WeChat sends plaintext and ciphertext side by side; plaintext-only posts also pass. */
@YutangIntegrationTest
@TestPropertySource(properties = "yutang.wechat.mode=compatible")
class CompatibleModeIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient database;

    @Test
    void answersAnEncryptedPostInKind() {
        WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
                EncryptionMode.COMPATIBLE);
        String reply = post(wechat.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid(), 1_850_000_001L, null)));

        assertThat(reply).contains("<Encrypt>");
        assertThat(wechat.open(reply)).contains("感谢关注");
    }

    @Test
    void answersAPlaintextPostInPlaintext() {
        WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, null,
                EncryptionMode.PLAIN);
        String reply = post(wechat.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid(), 1_850_000_002L, null)));

        assertThat(reply).doesNotContain("<Encrypt>").contains("感谢关注");
    }

    @Test
    void aPlaintextQueryCarriesOneBodyOnlyItsRetriesPass() {
        WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, null,
                EncryptionMode.PLAIN);
        String genuineOpenid = openid();
        String forgedOpenid = openid();
        WeChatServerSide.SignedCallback genuine = wechat.push(
                WeChatEvents.subscribe(TestAccount.GH_ID, genuineOpenid, 1_850_000_003L, null));
        String forged = WeChatEvents.subscribe(TestAccount.GH_ID, forgedOpenid, 1_850_000_004L, null);

        post(genuine);
        post(genuine);
        web.post().uri("/wechat/callback?" + genuine.query()).contentType(MediaType.TEXT_XML).bodyValue(forged)
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("这组签名参数已带过另一份消息内容（可能是重放或伪造），已拒绝。");

        assertThat(stored(genuineOpenid)).isEqualTo(1);
        assertThat(stored(forgedOpenid)).isZero();
    }

    private long stored(String openid) {
        return database.sql("select count(*) as n from gateway.inbound_event where openid = :openid").bind("openid", openid)
                .map(row -> row.get("n", Long.class)).one().block(java.time.Duration.ofSeconds(5));
    }

    private String post(WeChatServerSide.SignedCallback callback) {
        return web.post().uri("/wechat/callback?" + callback.query())
                .contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static String openid() {
        return "o-compat-" + UUID.randomUUID();
    }
}
