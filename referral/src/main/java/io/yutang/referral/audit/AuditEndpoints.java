package io.yutang.referral.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditPage;
import io.yutang.referral.AuditQuery;
import io.yutang.referral.AuditTrail;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** ADMIN lists and filters the audit log of who looked at whose personal data. */
@Tag(name = "audit", description = "Who looked at whose personal data (ADMIN)")
@SecurityRequirement(name = "basic")
@RestController
class AuditEndpoints {

    private static final int DEFAULT_LIMIT = 50;
    private static final int LARGEST_LIMIT = 500;

    private final AuditTrail audit;

    AuditEndpoints(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(summary = "The audit log, newest first, filtered by actor, action, subject (exact, or a prefix ending with *)"
            + " and time (from inclusive, to exclusive, ISO-8601); pass next as cursor for the following page; limit 1–500"
            + " (default 50). A bad filter is a 400 problem naming the parameter (role: ADMIN)")
    @GetMapping("/api/audit")
    Mono<AuditPage> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String subject, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        return Mono.fromCallable(() -> {
            Instant since = time("from", from);
            Instant until = time("to", to);
            if (since != null && until != null && !since.isBefore(until)) {
                throw new InvalidAuditQuery("to");
            }
            return new AuditQuery(blankless(actor), action(action), blankless(subject), since, until, cursor(cursor), limit(limit));
        }).flatMap(audit::list);
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static AuditAction action(String value) {
        if (blankless(value) == null) {
            return null;
        }
        try {
            return AuditAction.valueOf(value.strip());
        } catch (IllegalArgumentException unknown) {
            throw new InvalidAuditQuery("action");
        }
    }

    private static Instant time(String parameter, String value) {
        if (blankless(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException malformed) {
            throw new InvalidAuditQuery(parameter);
        }
    }

    private static Long cursor(String value) {
        if (blankless(value) == null) {
            return null;
        }
        if (!value.strip().matches("[1-9][0-9]{0,17}")) {
            throw new InvalidAuditQuery("cursor");
        }
        return Long.parseLong(value.strip());
    }

    private static int limit(String value) {
        if (blankless(value) == null) {
            return DEFAULT_LIMIT;
        }
        if (!value.strip().matches("[0-9]{1,4}")) {
            throw new InvalidAuditQuery("limit");
        }
        int limit = Integer.parseInt(value.strip());
        if (limit < 1 || limit > LARGEST_LIMIT) {
            throw new InvalidAuditQuery("limit");
        }
        return limit;
    }
}
