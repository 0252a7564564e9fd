package io.yutang.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The abuse limits at their real size, per client address (as the proxy's X-Forwarded-For says), shared through Redis. */
@YutangIntegrationTest
@TestPropertySource(properties = "yutang.rate-limits.factor=1")
class RateLimitsIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void thirtyOneSignInStartsInAMinuteFromOneAddressGetA429WithRetryAfterAndOthersGoOn() {
        String address = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 250);
        for (int i = 0; i < 30; i++) {
            web.get().uri("/wechat/oauth/start?scope=base&return=/my").header("X-Forwarded-For", address).exchange()
                    .expectStatus().is3xxRedirection();
        }
        web.get().uri("/wechat/oauth/start?scope=base&return=/my").header("X-Forwarded-For", address).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60))
                .expectBody().jsonPath("$.detail").isEqualTo("请求太频繁了，请稍后再试（等待时间见 Retry-After）。");
        web.get().uri("/wechat/oauth/start?scope=base&return=/my").header("X-Forwarded-For", "198.51.100." + ThreadLocalRandom.current().nextInt(1, 250))
                .exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void theStaffSignInPageIsLimitedToo() {
        String address = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 250);
        int refused = 0;
        for (int i = 0; i < 21; i++) {
            int status = web.post().uri("/console/sign-in").header("X-Forwarded-For", address)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("username=nobody-" + UUID.randomUUID() + "&password=x")
                    .exchange().returnResult(String.class).getStatus().value();
            if (status == 429) {
                refused++;
            }
        }
        assertThat(refused).as("the 21st try in a minute").isEqualTo(1);
    }
}
