package io.yutang.content.article;

/** Whether prospects can read an article: a draft is marketing's only, an archived one is withdrawn. */
public enum ArticleStatus {
    DRAFT,
    PUBLISHED,
    ARCHIVED
}
