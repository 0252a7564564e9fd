package io.yutang.gateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Staff callers of the admin API: the first administrator, and marketers an administrator creates. */
public final class StaffClients {

    private static final String MARKETER_PASSWORD = "a-long-password-2";

    private StaffClients() {
    }

    /** {@code web} as the first console administrator (HTTP Basic). */
    public static WebTestClient admin(WebTestClient web) {
        return web.mutate().defaultHeaders(h -> h.setBasicAuth("admin", TestAccount.ADMIN_PASSWORD)).build();
    }

    /** A new marketer (role MARKETER), created by the administrator, and {@code web} as them. */
    public static WebTestClient newMarketer(WebTestClient web) {
        String username = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        admin(web).post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "displayName", "市场部 韩梅梅", "password", MARKETER_PASSWORD,
                        "roles", List.of("MARKETER")))
                .exchange().expectStatus().isCreated();
        return web.mutate().defaultHeaders(h -> h.setBasicAuth(username, MARKETER_PASSWORD)).build();
    }
}
