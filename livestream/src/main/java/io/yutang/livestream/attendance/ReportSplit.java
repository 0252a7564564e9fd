package io.yutang.livestream.attendance;

/** What an event's figures can be split by: who brought each registrant. */
public enum ReportSplit {
    /** The direct referrer: the sharer whose link or poster the registrant came through. */
    REFERRER,
    /** The owning employee at the root of the chain. */
    REP,
    /** The owning partner company at the root of the chain. */
    PARTNER,
    /** The owning employee's department. */
    DEPARTMENT
}
