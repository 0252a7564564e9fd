package io.yutang.content.article;

/** What an article's closing button leads to. */
public enum CallToActionKind {
    /** A live event's registration page, {@code /live/<id>} (livestream's event id). */
    LIVE_EVENT,
    /** A gated asset's page, {@code /c/assets/<id>}. */
    ASSET
}
