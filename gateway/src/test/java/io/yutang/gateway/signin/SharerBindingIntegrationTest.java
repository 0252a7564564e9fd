package io.yutang.gateway.signin;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Marketing imports employees and partners; each binds their WeChat through a one-time link and becomes REP or PARTNER. */
@YutangIntegrationTest
class SharerBindingIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void importKeepsGoodRowsReportsBadOnesAndIsIdempotent() {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> rows = List.of(
                Map.of("kind", "EMPLOYEE", "externalId", "E-" + batch, "name", "王销售", "department", "华东大区"),
                Map.of("kind", "PARTNER", "externalId", "P-" + batch, "name", "赵伙伴"),
                Map.of("kind", "PARTNER", "externalId", "Q-" + batch, "name", "钱伙伴", "company", "云启科技"),
                Map.of("kind", "EMPLOYEE", "externalId", "F-" + batch, "name", "孙员工", "avatarUrl", "ftp://x"));

        importRows(rows).expectStatus().isOk().expectBody()
                .jsonPath("$.created").isEqualTo(2)
                .jsonPath("$.updated").isEqualTo(0)
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[0].row").isEqualTo(2)
                .jsonPath("$.errors[0].field").isEqualTo("company")
                .jsonPath("$.errors[1].field").isEqualTo("avatarUrl");
        importRows(rows).expectStatus().isOk().expectBody()
                .jsonPath("$.created").isEqualTo(0)
                .jsonPath("$.updated").isEqualTo(2);
    }

    @Test
    void importsCsvToo() {
        // Rows are numbered as a spreadsheet shows them: the header is row 1, the partner without a company row 3.
        String batch = UUID.randomUUID().toString().substring(0, 8);
        asAdmin().post().uri("/api/sharers").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("kind,externalId,name,company\nPARTNER,C-" + batch + ",周伙伴,云启科技\nPARTNER,D-" + batch + ",吴伙伴,\n")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.created").isEqualTo(1)
                .jsonPath("$.errors[0].row").isEqualTo(3)
                .jsonPath("$.errors[0].field").isEqualTo("company");
    }

    @Test
    void aPartnerBindsAndIsStillRefusedTheStaffApi() {
        String external = "P-" + UUID.randomUUID().toString().substring(0, 8);
        importRows(List.of(Map.of("kind", "PARTNER", "externalId", external, "name", "郑伙伴", "company", "云启科技")))
                .expectStatus().isOk();
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + sharerIdOf(external) + "/binding-links")
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody().get("url")).getPath();
        String session = H5Visitor.signIn(web, "o-partner-" + UUID.randomUUID().toString().substring(0, 8));
        String renewed = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("YUTANG_SESSION").getValue();

        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", renewed).exchange()
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("PARTNER", "VIEWER"));
        web.post().uri("/api/sharers").cookie("YUTANG_SESSION", renewed)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(List.of())
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void onlyMarketingMayImport() {
        web.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of())
                .exchange().expectStatus().isUnauthorized();
        String visitor = H5Visitor.signIn(web, "o-nosy-" + UUID.randomUUID().toString().substring(0, 8));
        web.post().uri("/api/sharers").cookie("YUTANG_SESSION", visitor)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(List.of())
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anEmployeeBindsTheirWeChatOnceAndBecomesARep() {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        importRows(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", "李代表")))
                .expectStatus().isOk().expectBody().jsonPath("$.created").isEqualTo(1);
        long sharerId = sharerIdOf(external);
        Map<String, Object> link = asAdmin().post().uri("/api/sharers/" + sharerId + "/binding-links").exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        String path = URI.create((String) link.get("url")).getPath();
        assertThat(path).matches("/bind/[A-Za-z0-9_-]{32}");

        web.get().uri(path).exchange()
                .expectStatus().isFound()
                .expectHeader().location("/wechat/oauth/start?scope=base&return=" + path);

        String openid = "o-rep-" + UUID.randomUUID().toString().substring(0, 8);
        String session = H5Visitor.signIn(web, openid);
        var bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("绑定成功").contains("李代表"))
                .returnResult();
        String renewed = bound.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        assertThat(renewed).as("a new session id with the new role").isNotEqualTo(session);
        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", renewed).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("REP", "VIEWER"));

        String stranger = H5Visitor.signIn(web, "o-other-" + UUID.randomUUID().toString().substring(0, 8));
        web.get().uri(path).cookie("YUTANG_SESSION", stranger).exchange()
                .expectStatus().isEqualTo(410)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("该绑定链接已被使用过，请向市场部索取新的链接。");
        String signedInAgain = H5Visitor.signIn(web, openid);
        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", signedInAgain).exchange()
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("REP", "VIEWER"));
        web.get().uri("/bind/" + "A".repeat(32)).cookie("YUTANG_SESSION", stranger).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("没有这个绑定链接，请向市场部索取新的链接。");
    }

    @Test
    void aMalformedBindingLinkIsAnsweredLikeAnUnknownOne() {
        for (String token : new String[] {"short", "A".repeat(65), "AAAAAAAAAAAAAAAA~AAAA", "AAAAAAAAAAAAAAAA.AAAA"}) {
            web.get().uri("/bind/" + token).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("没有这个绑定链接，请向市场部索取新的链接。");
        }
    }

    private long sharerIdOf(String externalId) {
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", externalId)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private WebTestClient.ResponseSpec importRows(List<Map<String, Object>> rows) {
        return asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(rows).exchange();
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}
