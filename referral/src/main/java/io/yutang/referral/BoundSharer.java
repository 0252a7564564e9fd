package io.yutang.referral;

/** The sharer a WeChat user was just bound to. */
public record BoundSharer(String name, SharerKind kind) {
}
