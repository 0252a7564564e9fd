package io.yutang.referral;

import java.io.Serializable;

/** Identifies a contact; the only way other modules refer to a person. */
public record ContactId(long value) implements Serializable {
}
