package io.yutang.gateway.referral;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Marketing finds the sharers it imported: ids in the import report, a paged and searchable list. */
@YutangIntegrationTest
class SharerDirectoryIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    String batch;

    @BeforeEach
    void aBatch() {
        batch = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theImportReportNamesEachImportedRowsId() {
        Map<String, Object> report = asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", "E1-" + batch, "name", "王销售"),
                        Map.of("kind", "EMPLOYEE", "externalId", "E2-" + batch)))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        List<Map<String, Object>> rows = rows(report, "rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("row", 1).containsEntry("externalId", "E1-" + batch)
                .containsEntry("outcome", "CREATED");
        assertThat(((Number) rows.get(0).get("id")).longValue()).isPositive();
        assertThat(rows(report, "errors")).containsExactly(Map.of("row", 2, "field", "name", "reason", "required",
                "message", "必填"));

        Map<String, Object> again = asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", "E1-" + batch, "name", "王销售")))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(again, "rows").get(0)).containsEntry("outcome", "UPDATED").containsEntry("id", rows.get(0).get("id"));
    }

    @Test
    void controlCharactersAndOverlongTextsAreReportedPerRowAndTheGoodRowsAreKept() {
        Map<String, Object> report = asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", "N1-" + batch, "name", "王销售"),
                        Map.of("kind", "EMPLOYEE", "externalId", "N2-" + batch, "name", "李销售", "title", "经理\u0000"),
                        Map.of("kind", "EMPLOYEE", "externalId", "N3-" + batch, "name", "赵销售", "department", "部".repeat(10_000)),
                        Map.of("kind", "EMPLOYEE", "externalId", "N4-" + batch, "name", "钱销售")))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(report, "rows")).extracting(row -> row.get("row")).containsExactly(1, 4);
        assertThat(rows(report, "errors")).containsExactly(
                Map.of("row", 2, "field", "title", "reason", "control-character",
                        "message", "含有不可见的控制字符（例如 NUL），请删除后重新导入"),
                Map.of("row", 3, "field", "department", "reason", "too-long", "message", "超过 64 个字符"));
    }

    @Test
    void csvRowsCountTheHeaderLikeASpreadsheetAndReasonsReadInTheCallersLanguage() {
        String csv = "kind,externalId,name,company\n"
                + "EMPLOYEE,C1-" + batch + ",李销售,\n"
                + "\n"
                + "PARTNER,C2-" + batch + ",赵伙伴,\n";
        Map<String, Object> report = asAdmin().post().uri("/api/sharers").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(report, "rows").get(0)).containsEntry("row", 2);
        assertThat(rows(report, "errors")).containsExactly(Map.of("row", 4, "field", "company",
                "reason", "required-for-partner", "message", "合作伙伴必须填写公司"));

        Map<String, Object> english = asAdmin().post().uri("/api/sharers").header("Accept-Language", "en")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(english, "errors").get(0)).containsEntry("message", "a partner needs a company");
    }

    @Test
    void listsSearchesAndPagesTheSharersInAStableOrder() {
        String department = "华南大区 " + batch;
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(
                        Map.of("kind", "EMPLOYEE", "externalId", "L1-" + batch, "name", "陈一", "department", department),
                        Map.of("kind", "EMPLOYEE", "externalId", "L2-" + batch, "name", "陈二", "department", department),
                        Map.of("kind", "EMPLOYEE", "externalId", "L3-" + batch, "name", "林三", "department", department),
                        Map.of("kind", "PARTNER", "externalId", "L4-" + batch, "name", "陈伙伴", "company", "云启 " + batch)))
                .exchange().expectStatus().isOk();

        WebTestClient marketer = marketer();
        Map<String, Object> first = marketer.get()
                .uri(b -> b.path("/api/sharers").queryParam("department", department).queryParam("size", 2).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(first).containsEntry("total", 3).containsEntry("page", 0).containsEntry("size", 2);
        assertThat(rows(first, "items")).extracting(item -> item.get("externalId")).containsExactly("L1-" + batch, "L2-" + batch);
        Map<String, Object> second = marketer.get()
                .uri(b -> b.path("/api/sharers").queryParam("department", department).queryParam("size", 2)
                        .queryParam("page", 1).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(second, "items")).extracting(item -> item.get("externalId")).containsExactly("L3-" + batch);

        Map<String, Object> chens = marketer.get()
                .uri(b -> b.path("/api/sharers").queryParam("q", "陈").queryParam("kind", "PARTNER")
                        .queryParam("externalId", "L4-" + batch).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(chens).containsEntry("total", 1);
        assertThat(rows(chens, "items").get(0)).containsEntry("name", "陈伙伴").containsEntry("company", "云启 " + batch)
                .containsEntry("bound", false);
        Map<String, Object> byName = marketer.get()
                .uri(b -> b.path("/api/sharers").queryParam("q", "L3-" + batch).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(rows(byName, "items")).extracting(item -> item.get("name")).containsExactly("林三");
    }

    @Test
    void threeThousandRowsImportAsJsonAndAsCsvPastTheCodecsDefaultLimit() {
        StringBuilder csv = new StringBuilder("kind,externalId,name,title,department\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            json.add(Map.of("kind", "EMPLOYEE", "externalId", "J" + i + "-" + batch, "name", "王销售" + i,
                    "title", "高级客户经理", "department", "华东大区 " + batch));
            csv.append("EMPLOYEE,C").append(i).append('-').append(batch).append(",李销售").append(i)
                    .append(",高级客户经理,华东大区 ").append(batch).append('\n');
        }
        assertThat(csv.length()).isGreaterThan(256 * 1024 / 3);
        WebTestClient patient = asAdmin().mutate().responseTimeout(Duration.ofMinutes(2)).build();

        Map<String, Object> fromJson = patient.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        Map<String, Object> fromCsv = patient.post().uri("/api/sharers").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv.toString()).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();

        assertThat(fromJson).containsEntry("created", 3_000);
        assertThat(fromCsv).containsEntry("created", 3_000);
        assertThat(rows(fromCsv, "errors")).isEmpty();
        assertThat(asAdmin().get().uri(b -> b.path("/api/sharers").queryParam("department", "华东大区 " + batch).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("total", 6_000);
    }

    @Test
    void moreThanTenThousandRowsAreRefusedWhole() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            json.add(Map.of("kind", "EMPLOYEE", "externalId", "X" + i + "-" + batch, "name", "王" + i));
        }
        asAdmin().mutate().responseTimeout(Duration.ofMinutes(1)).build()
                .post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("一次最多导入 10,000 行、5 MB，请分批导入；本次没有导入任何一行。");
        assertThat(asAdmin().get().uri(b -> b.path("/api/sharers").queryParam("q", "-" + batch).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("total", 0);
    }

    @Test
    void aDatabaseFailureMidwayLeavesNoRowOfTheImportStored() {
        // A trigger in this run's test database fails the third row's insert, as an outage midway would.
        database.sql("""
                create or replace function referral.fail_import_midway() returns trigger language plpgsql as $$
                begin
                    if new.external_id like 'MIDWAY-FAIL-%' then raise exception 'the database failed midway'; end if;
                    return new;
                end $$""").then().block(Duration.ofSeconds(5));
        database.sql("create trigger fail_import_midway before insert on referral.sharer for each row"
                + " execute function referral.fail_import_midway()").then().block(Duration.ofSeconds(5));
        try {
            asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", "MIDWAY-OK1-" + batch, "name", "王销售"),
                            Map.of("kind", "EMPLOYEE", "externalId", "MIDWAY-OK2-" + batch, "name", "李销售"),
                            Map.of("kind", "EMPLOYEE", "externalId", "MIDWAY-FAIL-" + batch, "name", "赵销售")))
                    .exchange().expectStatus().is5xxServerError()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        } finally {
            database.sql("drop trigger fail_import_midway on referral.sharer").then().block(Duration.ofSeconds(5));
        }
        assertThat(asAdmin().get().uri(b -> b.path("/api/sharers").queryParam("q", "MIDWAY-").queryParam("size", 200).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("items"))
                .asList().noneMatch(item -> String.valueOf(((Map<?, ?>) item).get("externalId")).endsWith(batch));
    }

    @Test
    void otherEndpointsKeepTheCodecsLimit() {
        asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "课".repeat(100_000), "targetKind", "FOLLOW", "startsAt", "2026-12-01T00:00:00Z"))
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAnUnknownKindAndAPageTooLarge() {
        asAdmin().get().uri("/api/sharers?kind=ROBOT").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().get().uri("/api/sharers?size=1000").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().get().uri("/api/sharers?page=-1").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/sharers").exchange().expectStatus().isUnauthorized();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }

    private WebTestClient marketer() {
        return StaffClients.newMarketer(web);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}
