package io.yutang.referral;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversion another module reports (livestream: registration, attendance; content: lead), for
 * referral to credit. Reporting the same {@code sourceKey} again gives the first decision back.
 *
 * @param sourceKey what identifies the conversion in the caller, e.g. {@code registration:42}
 * @param targetKind and {@code targetRef}: what was converted on (the live event, the asset), used to
 *     find the campaign when no share token came with it
 * @param shareToken the token of the share link the prospect arrived through, if the page still had it
 * @param prospectName and {@code prospectCompany}: who the prospect said they are on the form, if they
 *     did (personal data: shown to the rep who owns the prospect, never logged)
 * @param detail what the conversion amounts to, for the rep's digest (a qualified lead: its score
 *     and what the prospect did), or null
 */
public record ConversionClaim(ContactId contact, ConversionKind kind, String sourceKey, Instant occurredAt,
        TargetKind targetKind, String targetRef, String shareToken, String prospectName, String prospectCompany,
        String detail) {

    /** A claim without a detail. */
    public ConversionClaim(ContactId contact, ConversionKind kind, String sourceKey, Instant occurredAt,
            TargetKind targetKind, String targetRef, String shareToken, String prospectName, String prospectCompany) {
        this(contact, kind, sourceKey, occurredAt, targetKind, targetRef, shareToken, prospectName, prospectCompany, null);
    }

    /** A claim without the prospect's own name and company. */
    public ConversionClaim(ContactId contact, ConversionKind kind, String sourceKey, Instant occurredAt,
            TargetKind targetKind, String targetRef, String shareToken) {
        this(contact, kind, sourceKey, occurredAt, targetKind, targetRef, shareToken, null, null, null);
    }

    public ConversionClaim {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sourceKey == null || sourceKey.isBlank() || sourceKey.length() > 200) {
            throw new IllegalArgumentException("sourceKey must be 1–200 characters");
        }
        if (kind == ConversionKind.FOLLOW) {
            throw new IllegalArgumentException("follows are reported by WeChat events, not claimed");
        }
        prospectName = clipped(prospectName);
        prospectCompany = clipped(prospectCompany);
        detail = detail == null || detail.isBlank() ? null : detail.strip().length() > 200 ? detail.strip().substring(0, 200) : detail.strip();
    }

    private static String clipped(String text) {
        return text == null || text.isBlank() ? null : text.strip().length() > 64 ? text.strip().substring(0, 64) : text.strip();
    }
}
