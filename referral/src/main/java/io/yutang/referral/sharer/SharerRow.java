package io.yutang.referral.sharer;

import io.yutang.referral.SharerKind;

/**
 * One row of an employee or partner import, as marketing sends it.
 *
 * @param externalId the HR or partner system's id; importing the same id again updates the sharer
 */
public record SharerRow(SharerKind kind, String externalId, String name, String title, String department,
        String company, String managerExternalId, String avatarUrl) {
}
