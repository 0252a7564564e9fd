package io.yutang.content.article;

import java.net.URI;
import java.time.Instant;

/**
 * An article as marketing sees it.
 *
 * @param html the body as pages show it: rendered from {@code body} and sanitised
 * @param pageUrl the article's H5 page, the target of a {@code CONTENT} campaign (ref {@code article:<id>})
 */
public record Article(long id, String title, String summary, String coverUrl, String body, String html,
        ArticleStatus status, CallToAction callToAction, URI pageUrl, Instant createdAt, Instant updatedAt) {

    /** The campaign target ref of an article: {@code article:<id>} (a gated asset's is its bare id). */
    public static String targetRef(long id) {
        return "article:" + id;
    }
}
