package io.yutang.referral;

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
}
