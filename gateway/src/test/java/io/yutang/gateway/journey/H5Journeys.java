package io.yutang.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the journeys over HTTP do alike: open an H5 page as a signed-in visitor, read its CSRF token, import an employee, take a created id. */
final class H5Journeys {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    private H5Journeys() {
    }

    /**
     * The page at {@code path} as the visitor with this session sees it, and the session after
     * (it may be renewed on the way; the page's CSRF token belongs to the renewed one).
     */
    static String[] page(WebTestClient web, String path, String session) {
        var result = web.get().uri(path).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = result.getResponseCookies().getFirst("YUTANG_SESSION");
        return new String[] {result.getResponseBody(), renewed == null ? session : renewed.getValue()};
    }

    static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    /** Imports an employee with these fields (besides kind and external id) through marketing's API; their sharer id. */
    static long employee(WebTestClient admin, DatabaseClient database, Map<String, Object> fields) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> row = new HashMap<>(fields);
        row.put("kind", "EMPLOYEE");
        row.put("externalId", external);
        admin.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(row))
                .exchange().expectStatus().isOk();
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(found -> found.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    /** The id of what the request created (201). */
    static long createdId(WebTestClient.RequestHeadersSpec<?> request) {
        return ((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody()
                .get("id")).longValue();
    }
}
