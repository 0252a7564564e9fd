package io.yutang.livestream.attendance;

import io.swagger.v3.oas.annotations.Operation;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Disclosure;
import io.yutang.referral.csv.Csv;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marketing's attendance figures, attendee list and the platform log upload (roles: ADMIN, MARKETER).
 * The attendee list shows phones and e-mail addresses masked to everyone but ADMIN, and every
 * listing or export of it is in the audit log with the number of people sent.
 */
@Tag(name = "attendance", description = "Per-event report, attendees with watch time, live platform viewing logs")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/events/{id}")
class AttendanceEndpoints {

    private static final int LARGEST_LOG = 50_000;
    private static final int LARGEST_UPLOAD = 20 * 1024 * 1024;
    private static final TypeReference<List<ViewingLogRow>> ROWS = new TypeReference<>() {
    };

    private final AttendanceReports reports;
    private final ViewingLog log;
    private final JsonMapper json;
    private final AuditTrail audit;

    AttendanceEndpoints(AttendanceReports reports, ViewingLog log, JsonMapper json, AuditTrail audit) {
        this.reports = reports;
        this.log = log;
        this.json = json;
        this.audit = audit;
    }

    @Operation(summary = "Registered, waitlisted, cancelled, attended, attendance rate, mean and median live watch time")
    @GetMapping("/report")
    Mono<EventReport> report(@PathVariable long id) {
        return reports.report(id);
    }

    @Operation(summary = "The confirmed registrants and their attendance, split by referrer, rep, partner or department")
    @GetMapping("/report/{split}")
    Flux<SplitRow> split(@PathVariable long id, @PathVariable ReportSplit split) {
        return reports.split(id, split);
    }

    @Operation(summary = "Registrants and viewers with their live and replay watch time (JSON, or CSV with Accept: text/csv);"
            + " phone and e-mail masked (138****5678) for everyone but ADMIN; recorded in the audit log")
    @GetMapping(path = "/attendees", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<Attendee> attendees(@PathVariable long id, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        return audit.recordEach(reports.attendees(id).map(a -> a.shownTo(disclosure)), caller, AuditAction.ATTENDEE_EXPORT,
                "event:" + id + "/attendees", "json");
    }

    @Operation(summary = "The attendee list as CSV (UTF-8 with BOM, opens in Excel); masked and audited as the JSON list")
    @GetMapping(path = "/attendees", produces = "text/csv")
    ResponseEntity<Flux<String>> attendeesCsv(@PathVariable long id, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        AuditTrail.Tally tally = audit.tally();
        Flux<String> lines = audit.recordStreamed(Flux.concat(
                Flux.just("\uFEFFcontactId,status,name,company,phone,email,liveSeconds,replaySeconds\n"),
                tally.count(reports.attendees(id).map(a -> a.shownTo(disclosure))).map(a -> Csv.line(a.contactId(), a.status(),
                        a.name(), a.company(), a.phone(), a.email(), a.liveSeconds(), a.replaySeconds()))),
                tally, caller, AuditAction.ATTENDEE_EXPORT, "event:" + id + "/attendees", "csv");
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"event-" + id + "-attendees.csv\"")
                .body(lines);
    }

    @Operation(summary = "Upload a live platform's viewing log: JSON rows, or text/csv with the header "
            + "viewerId,joinedAt,leftAt,mode; good rows are kept, bad ones reported per row; at most 50,000 rows")
    @PostMapping(path = "/viewing-log", consumes = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    Mono<ViewingLog.Outcome> ingest(@PathVariable long id, ServerWebExchange exchange) {
        boolean csv = MediaType.parseMediaType("text/csv").isCompatibleWith(exchange.getRequest().getHeaders().getContentType());
        return DataBufferUtils.join(exchange.getRequest().getBody(), LARGEST_UPLOAD)
                .onErrorMap(DataBufferLimitException.class, tooLarge -> new InvalidViewingLog("at most 20 MB per upload"))
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .map(body -> csv ? ViewingLogCsv.rows(body, LARGEST_LOG) : jsonRows(body))
                .flatMap(rows -> log.ingest(id, rows));
    }

    private List<ViewingLogRow> jsonRows(String body) {
        List<ViewingLogRow> rows;
        try {
            rows = json.readValue(body, ROWS);
        } catch (JacksonException malformed) {
            throw new InvalidViewingLog("a JSON array of {viewerId, joinedAt, leftAt, mode}");
        }
        if (rows == null) {
            throw new InvalidViewingLog("a JSON array of {viewerId, joinedAt, leftAt, mode}");
        }
        if (rows.size() > LARGEST_LOG) {
            throw new InvalidViewingLog("at most " + LARGEST_LOG + " rows per upload");
        }
        return rows;
    }
}
