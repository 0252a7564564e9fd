package io.yutang.content.article;

/**
 * The button at the end of an article.
 *
 * @param kind {@code LIVE_EVENT} or {@code ASSET}
 * @param id the live event's or the asset's id
 * @param label the button's text
 */
public record CallToAction(String kind, Long id, String label) {

    /** The page the button opens, carrying the share token the article was opened with ({@code st}), if any. */
    public String path(String shareToken) {
        String page = CallToActionKind.valueOf(kind) == CallToActionKind.LIVE_EVENT ? "/live/" + id : "/c/assets/" + id;
        return shareToken == null ? page : page + "?st=" + shareToken;
    }
}
