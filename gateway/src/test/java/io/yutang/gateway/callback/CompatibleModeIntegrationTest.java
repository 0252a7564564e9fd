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
