package io.yutang.livestream.attendance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Marketing's attendance figures, attendee list and the platform log upload (roles: ADMIN, MARKETER). */
@Tag(name = "attendance", description = "Per-event report, attendees with watch time, live platform viewing logs")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/events/{id}")
@Validated
class AttendanceEndpoints {

    private static final int LARGEST_LOG = 50_000;

    private final AttendanceReports reports;
    private final ViewingLog log;

    AttendanceEndpoints(AttendanceReports reports, ViewingLog log) {
        this.reports = reports;
        this.log = log;
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

    @Operation(summary = "Registrants and viewers with their live and replay watch time (JSON, or CSV with Accept: text/csv)")
    @GetMapping(path = "/attendees", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<Attendee> attendees(@PathVariable long id) {
        return reports.attendees(id);
    }

    @Operation(summary = "The attendee list as CSV (UTF-8 with BOM, opens in Excel)")
    @GetMapping(path = "/attendees", produces = "text/csv")
    ResponseEntity<Flux<String>> attendeesCsv(@PathVariable long id) {
        Flux<String> lines = Flux.concat(Flux.just("\uFEFFcontactId,status,name,company,liveSeconds,replaySeconds\n"),
                reports.attendees(id).map(a -> String.join(",", String.valueOf(a.contactId()), a.status(), csv(a.name()),
                        csv(a.company()), String.valueOf(a.liveSeconds()), String.valueOf(a.replaySeconds())) + "\n"));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"event-" + id + "-attendees.csv\"")
                .body(lines);
    }

    @Operation(summary = "Upload a live platform's viewing log (JSON rows); good rows are kept, bad ones reported per row")
    @PostMapping(path = "/viewing-log", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ViewingLog.Outcome> ingestJson(@PathVariable long id, @RequestBody @Valid @Size(max = LARGEST_LOG) List<ViewingLogRow> rows) {
        return log.ingest(id, rows);
    }

    @Operation(summary = "Upload a live platform's viewing log as CSV with the header viewerId,joinedAt,leftAt,mode")
    @PostMapping(path = "/viewing-log", consumes = "text/csv")
    Mono<ViewingLog.Outcome> ingestCsv(@PathVariable long id, @RequestBody String csv) {
        List<ViewingLogRow> rows = new ArrayList<>();
        String[] lines = csv.replace("\uFEFF", "").split("\r?\n");
        List<String> header = List.of(lines[0].strip().split("\\s*,\\s*"));
        for (int i = 1; i < lines.length && rows.size() < LARGEST_LOG; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            Map<String, String> cell = new java.util.HashMap<>();
            for (int c = 0; c < header.size() && c < cells.length; c++) {
                cell.put(header.get(c), cells[c].strip());
            }
            rows.add(new ViewingLogRow(cell.get("viewerId"), cell.get("joinedAt"), cell.get("leftAt"), cell.get("mode")));
        }
        return log.ingest(id, rows);
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.startsWith("=") || value.startsWith("+") || value.startsWith("-") || value.startsWith("@")
                ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
