package io.yutang.gateway.jssdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@YutangIntegrationTest
class JsSdkIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void signsAPageOnTheSafeDomainWithoutItsFragment() throws Exception {
        Map<String, Object> config = web.get()
                .uri(builder -> builder.path("/wechat/jssdk/config")
                        .queryParam("url", "http://localhost:8080/live/42?from=poster#top").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(
                ("jsapi_ticket=test-jsapi-ticket&noncestr=" + config.get("nonceStr") + "&timestamp="
                        + config.get("timestamp") + "&url=http://localhost:8080/live/42?from=poster")
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(config.get("signature")).isEqualTo(expected);
        assertThat(config.get("appId")).isEqualTo(TestAccount.APP_ID);
    }

    @Test
    void refusesPagesOffTheSafeDomains() {
        web.get().uri(builder -> builder.path("/wechat/jssdk/config").queryParam("url", "https://evil.example/page").build())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/wechat/jssdk/config").exchange().expectStatus().isBadRequest();
    }
}
