package io.yutang.gateway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A poster upload whose multipart body is broken (no boundary, cut off, too many parts, a part
 * over the limit) is a 400 or 413 problem+json from the reader, before the endpoint's own checks,
 * and no template is stored.
 */
@YutangIntegrationTest
class MalformedMultipartIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    private static final String BOUNDARY = "yutang-test-boundary";

    @Autowired
    WebTestClient web;

    String name;

    @BeforeEach
    void aName() {
        name = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aBodyWithoutABoundaryIsABadRequest() {
        upload("multipart/form-data", layoutPart() + "--" + BOUNDARY + "--\r\n")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("无法读取请求内容（例如 multipart 缺少或截断了分隔符、分段过多），请检查后重试。");
        assertNothingStored();
    }

    @Test
    void aBodyCutOffBeforeItsLastBoundaryIsABadRequest() {
        upload("multipart/form-data; boundary=" + BOUNDARY, layoutPart() + "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"background\"; filename=\"bg.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u0089PNG")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored();
    }

    @Test
    void moreThanEightPartsAreRefused() {
        StringBuilder body = new StringBuilder(layoutPart());
        for (int i = 0; i < 9; i++) {
            body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"extra").append(i)
                    .append("\"\r\n\r\nx\r\n");
        }
        body.append("--").append(BOUNDARY).append("--\r\n");
        upload("multipart/form-data; boundary=" + BOUNDARY, body.toString())
                .expectStatus().value(status -> assertThat(status).isIn(400, 413))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored();
    }

    @Test
    void aPartOverTheLimitIsContentTooLarge() {
        char[] filler = new char[7 * 1024 * 1024];
        Arrays.fill(filler, 'a');
        upload("multipart/form-data; boundary=" + BOUNDARY, layoutPart() + "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"background\"; filename=\"bg.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + new String(filler) + "\r\n--" + BOUNDARY + "--\r\n")
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored();
    }

    private WebTestClient.ResponseSpec upload(String contentType, String body) {
        return StaffClients.admin(web).post().uri("/api/poster-templates")
                .header("Content-Type", contentType)
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange();
    }

    private String layoutPart() {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"layout\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"name\":\"" + name + "\",\"avatar\":{\"x\":40,\"y\":40,\"size\":120},"
                + "\"name\":{\"x\":40,\"y\":200,\"width\":400,\"fontSize\":40},\"qr\":{\"x\":200,\"y\":420,\"size\":300}}\r\n";
    }

    private void assertNothingStored() {
        assertThat(StaffClients.admin(web).get().uri("/api/poster-templates").exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody()).noneMatch(t -> name.equals(t.get("name")));
    }
}
