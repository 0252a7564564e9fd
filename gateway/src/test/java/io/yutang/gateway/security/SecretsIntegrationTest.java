package io.yutang.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.content.ContentProperties;
import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * No secret yutang holds - the WeChat app secret, token and AES keys, the administrator's password,
 * an API token, a webhook's signing secret, the download-link key - is in the OpenAPI description,
 * in the {@code toString} of the settings that hold them, in an error body, or in what the
 * application logged during a journey that uses and misuses them.
 */
@YutangIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
// The same settings as WebhooksIntegrationTest (so the two share one context): webhooks to this machine are allowed.
@TestPropertySource(properties = {
        "yutang.webhooks.allowed-hosts=127.0.0.1,localhost",
        "yutang.webhooks.poll-interval=100ms",
        "yutang.webhooks.retry-waits=300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
        "yutang.webhooks.disable-after=2s",
        "yutang.webhooks.attribution-settle=10s"})
class SecretsIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    GatewayProperties gateway;

    @Autowired
    ContentProperties content;

    @Test
    void noSecretIsInTheApiDescriptionSettingsErrorBodiesOrTheLog(CapturedOutput log) {
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        WebTestClient admin = StaffClients.admin(web);
        List<String> bodies = new ArrayList<>();

        // A journey that uses each secret, and misuses it: an API token, a webhook and its rotation, a download link.
        String token = (String) admin.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "secrets-" + UUID.randomUUID().toString().substring(0, 6), "scopes", List.of("contacts:read")))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("secret");
        Map<String, Object> webhook = admin.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("lead.qualified")))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        Number webhookId = (Number) ((Map<?, ?>) webhook.get("endpoint")).get("id");
        String rotated = (String) admin.post().uri("/api/webhooks/{id}/secret", webhookId).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody().get("secret");
        bodies.add(text(web.get().uri("/api/integration/changes").header("Authorization", "Bearer " + token + "x")));
        bodies.add(text(web.get().uri("/api/integration/changes").header("Authorization", "Bearer " + token)));
        bodies.add(text(web.get().uri("/api/me").headers(h -> h.setBasicAuth("admin", TestAccount.ADMIN_PASSWORD + "-wrong"))));
        bodies.add(text(web.post().uri("/wechat/callback?signature=" + TestAccount.TOKEN + "&timestamp=1&nonce=" + TestAccount.AES_KEY)
                .contentType(MediaType.TEXT_XML).bodyValue("<xml><Encrypt>" + TestAccount.SECRET + "</Encrypt></xml>")));
        bodies.add(text(admin.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":")));
        bodies.add(text(web.get().uri("/c/downloads/forged.token.value")));
        bodies.add(text(web.get().uri("/wechat/jssdk/config?url=https://example.com/")));
        String description = text(web.get().uri("/v3/api-docs")) + text(web.get().uri("/v3/api-docs.yaml"));
        assertThat(description).as("the OpenAPI description").contains("/api/tokens").contains("/api/webhooks");

        List<String> secrets = new ArrayList<>(List.of(TestAccount.SECRET, TestAccount.TOKEN, TestAccount.AES_KEY,
                TestAccount.PREVIOUS_AES_KEY, TestAccount.ADMIN_PASSWORD, token, rotated, (String) webhook.get("secret")));
        byte[] linkKey = database.sql("select secret from content.link_key where id = 1")
                .map(row -> {
                    ByteBuffer buffer = row.get("secret", ByteBuffer.class);
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    return bytes;
                }).one().blockOptional(Duration.ofSeconds(10)).orElse(null);
        if (linkKey != null) {
            secrets.add(HexFormat.of().formatHex(linkKey));
            secrets.add(Base64.getEncoder().encodeToString(linkKey));
            secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(linkKey));
        }
        assertThat(secrets).as("every secret is known to the test").doesNotContainNull();

        String settings = gateway.toString() + "\n" + content.toString();
        assertThat(settings).as("the settings' toString").contains(TestAccount.APP_ID);
        for (String secret : secrets) {
            assertThat(description).as("the OpenAPI description").doesNotContain(secret);
            assertThat(settings).as("the settings' toString").doesNotContain(secret);
            assertThat(String.join("\n", bodies)).as("the error bodies").doesNotContain(secret);
            assertThat(log.getAll()).as("the log").doesNotContain(secret);
        }
    }

    private static String text(WebTestClient.RequestHeadersSpec<?> request) {
        byte[] body = request.exchange().expectBody(byte[].class).returnResult().getResponseBody();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
