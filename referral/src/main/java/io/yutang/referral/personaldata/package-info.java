/**
 * Shared mechanics, not referral's domain: how every module's
 * {@link io.yutang.referral.PersonalDataHolder} reads its tables into a part of the export and
 * counts what an erasure removed. Declared as the named interface {@code personal-data}, so the
 * other modules may use it; the README lists it among the shared mechanics.
 */
@NamedInterface("personal-data")
package io.yutang.referral.personaldata;

import org.springframework.modulith.NamedInterface;
