package io.yutang.content.article;

/**
 * What marketing writes. Every rule is checked by {@link Articles}, each failure named in the
 * problem's {@code errors}.
 *
 * @param summary what the share card and the list say, at most 500 characters
 * @param coverUrl the cover: one of the article's own images ({@code /c/articles/<id>/images/<name>}) or an https address
 * @param body Markdown (CommonMark), at most 100,000 characters; rendered and sanitised when saved
 * @param status {@code DRAFT} (the default for a new article), {@code PUBLISHED} or {@code ARCHIVED}
 * @param callToAction the button at the end, or none
 */
public record ArticleDraft(String title, String summary, String coverUrl, String body, String status,
        CallToAction callToAction) {
}
