package io.yutang.referral;

import java.security.Principal;
import java.util.Objects;

/**
 * One thing to put in the audit log: who did what with whose personal data, and how many people
 * it covered. It names people by id only, never by their personal data.
 *
 * @param actor a staff username, {@code token:<name>} for an API token, or {@code system}
 * @param subject what was looked at: {@code contact:42}, {@code campaign:7/tree}, {@code event:3/attendees}, {@code leads}
 * @param people how many people it covered
 * @param detail a short note (the format, a filter, {@code cancelled}); no personal data
 */
public record AuditEntry(String actor, AuditAction action, String subject, long people, String detail) {

    /** The actor of work nobody asked for at the time (a scheduled erasure, a purge). */
    public static final String SYSTEM = "system";

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs an actor");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a subject");
        }
        if (people < 0) {
            throw new IllegalArgumentException("people must not be negative");
        }
        detail = detail == null ? "" : detail;
    }

    /** An entry whose actor is the request's caller ({@link #SYSTEM} when there is none). */
    public static AuditEntry by(Principal caller, AuditAction action, String subject, long people, String detail) {
        return new AuditEntry(actorOf(caller), action, subject, people, detail);
    }

    /** The name the audit log gives a caller. */
    public static String actorOf(Principal caller) {
        return caller == null || caller.getName() == null || caller.getName().isBlank() ? SYSTEM : caller.getName();
    }
}
