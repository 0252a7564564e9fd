package io.yutang.referral.sharer;

import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;

import java.time.Instant;

/**
 * A sharer as marketing's list shows it.
 *
 * @param externalId the HR or partner system's id (a prospect's is made by referral)
 * @param bound whether the sharer's WeChat is bound
 */
public record SharerListing(long id, SharerKind kind, String externalId, String name, String title, String department,
        String company, boolean bound, Instant createdAt, Instant updatedAt) {

    SharerListing(Sharer sharer, String externalId, Instant createdAt, Instant updatedAt) {
        this(sharer.id(), sharer.kind(), externalId, sharer.name(), sharer.title(), sharer.department(), sharer.company(),
                sharer.contactId() != null, createdAt, updatedAt);
    }

    /** This listing with its name as {@code name}. */
    SharerListing named(String shown) {
        return new SharerListing(id, kind, externalId, shown, title, department, company, bound, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "SharerListing[id=" + id + ", kind=" + kind + "]";
    }
}
