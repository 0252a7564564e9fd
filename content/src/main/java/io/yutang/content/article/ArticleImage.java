package io.yutang.content.article;

import java.net.URI;

/**
 * An image uploaded for an article.
 *
 * @param path what to paste into the Markdown ({@code ![](/c/articles/<id>/images/<name>)})
 * @param url the same, absolute
 */
public record ArticleImage(long articleId, String name, String contentType, long sizeBytes, String path, URI url) {
}
