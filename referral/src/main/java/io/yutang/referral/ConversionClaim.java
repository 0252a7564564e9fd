package io.yutang.referral;

import java.time.Instant;
import java.util.Locale;
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
 * @param prospectPhone and {@code prospectEmail}: how the prospect said they can be reached, if the form
 *     asked (personal data: kept as the contact's identity, sent to a CRM only with their consent)
 */
public record ConversionClaim(ContactId contact, ConversionKind kind, String sourceKey, Instant occurredAt,
        TargetKind targetKind, String targetRef, String shareToken, String prospectName, String prospectCompany,
        String detail, String prospectPhone, String prospectEmail) {

    /** A claim without contact details. */
    public ConversionClaim(ContactId contact, ConversionKind kind, String sourceKey, Instant occurredAt,
            TargetKind targetKind, String targetRef, String shareToken, String prospectName, String prospectCompany,
            String detail) {
        this(contact, kind, sourceKey, occurredAt, targetKind, targetRef, shareToken, prospectName, prospectCompany, detail,
                null, null);
    }

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
        prospectPhone = prospectPhone == null || prospectPhone.isBlank() ? null : prospectPhone.strip();
        prospectEmail = prospectEmail == null || prospectEmail.isBlank() ? null : prospectEmail.strip().toLowerCase(Locale.ROOT);
        if (prospectPhone != null && prospectPhone.length() > 20 || prospectEmail != null && prospectEmail.length() > 100) {
            throw new IllegalArgumentException("a phone is at most 20 characters, an e-mail address 100");
        }
        detail = detail == null || detail.isBlank() ? null : detail.strip().length() > 200 ? detail.strip().substring(0, 200) : detail.strip();
    }

    /** The same claim with the phone and e-mail address the prospect gave (either may be null). */
    public ConversionClaim reachableAt(String phone, String email) {
        return new ConversionClaim(contact, kind, sourceKey, occurredAt, targetKind, targetRef, shareToken, prospectName,
                prospectCompany, detail, phone, email);
    }

    /** Whether the claim says how to reach the prospect outside WeChat. */
    public boolean identifies() {
        return prospectPhone != null || prospectEmail != null;
    }

    private static String clipped(String text) {
        return text == null || text.isBlank() ? null : text.strip().length() > 64 ? text.strip().substring(0, 64) : text.strip();
    }
}
