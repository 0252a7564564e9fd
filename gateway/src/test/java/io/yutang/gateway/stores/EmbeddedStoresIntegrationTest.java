package io.yutang.gateway.stores;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.YutangApplication;
import io.yutang.gateway.OwnNettyResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * The newcomer's path: no database or Redis configured, so the app starts real embedded ones,
 * and what it stored is still there after a restart.
 */
class EmbeddedStoresIntegrationTest {

    @TempDir
    Path dataDirectory;

    @Test
    void startsOnEmbeddedStoresAndKeepsDataAcrossARestart() {
        try (ConfigurableApplicationContext first = start()) {
            assertHealthy(first);
            DatabaseClient database = first.getBean(DatabaseClient.class);
            StepVerifier.create(database.sql("""
                            insert into referral.contact (app_id, openid, first_seen_at, last_seen_at)
                            values ('wx-embedded', 'o-kept-across-restart', :now, :now)""")
                            .bind("now", OffsetDateTime.now())
                            .fetch().rowsUpdated())
                    .expectNext(1L)
                    .verifyComplete();
            StepVerifier.create(first.getBean(ReactiveStringRedisTemplate.class).opsForValue()
                            .set("yutang:embedded-check", "kept"))
                    .expectNext(true)
                    .verifyComplete();
        }

        try (ConfigurableApplicationContext second = start()) {
            assertHealthy(second);
            StepVerifier.create(second.getBean(DatabaseClient.class)
                            .sql("select openid from referral.contact where app_id = 'wx-embedded'")
                            .map(row -> row.get("openid", String.class)).all())
                    .expectNext("o-kept-across-restart")
                    .verifyComplete();
            StepVerifier.create(second.getBean(ReactiveStringRedisTemplate.class).opsForValue()
                            .get("yutang:embedded-check"))
                    .expectNext("kept")
                    .verifyComplete();
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments outrank the system properties other tests in this JVM set.
        return new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--yutang.database.url=",
                "--yutang.redis.url=",
                "--yutang.data-dir=" + dataDirectory);
    }

    private static void assertHealthy(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        assertThat(context.getEnvironment().getProperty("spring.r2dbc.url"))
                .as("an embedded PostgreSQL, not the machine's")
                .doesNotContain(":5432/");
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }
}
