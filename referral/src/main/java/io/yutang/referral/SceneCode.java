package io.yutang.referral;

import java.time.Instant;

/**
 * A temporary parametric QR code as WeChat issued it.
 *
 * @param url the content to render into the QR image (what WeChat's app recognises when scanned)
 */
public record SceneCode(String ticket, String url, Instant expiresAt) {
}
