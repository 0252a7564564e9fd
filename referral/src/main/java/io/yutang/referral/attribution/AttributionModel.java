package io.yutang.referral.attribution;

/** Which touch a conversion is credited to when a contact had several inside the window. */
public enum AttributionModel {
    FIRST_TOUCH,
    LAST_TOUCH
}
