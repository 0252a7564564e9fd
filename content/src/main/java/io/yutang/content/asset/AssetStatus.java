package io.yutang.content.asset;

/** Whether prospects can see an asset: a draft is marketing's only, an archived one is withdrawn. */
public enum AssetStatus {
    DRAFT,
    PUBLISHED,
    ARCHIVED
}
