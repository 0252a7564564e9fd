package io.yutang.referral;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Port to WeChat's parametric QR codes, implemented by the gateway. Referral only ever asks for
 * temporary codes (permanent ones are capped at 100,000 per account) and re-issues them before
 * they expire.
 */
public interface SceneCodes {

    /** Issues a temporary QR code whose scans report {@code sceneStr} (1–64 chars), valid for {@code lifetime} (≤ 30 days). */
    Mono<SceneCode> issueTemporary(String sceneStr, Duration lifetime);

    /** Where a browser fetches the QR image of the code with this ticket (WeChat's {@code showqrcode}). */
    default URI imageOf(String ticket) {
        return URI.create("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }
}
