package io.yutang.referral.testing;

import io.yutang.referral.SceneCode;
import io.yutang.referral.SceneCodes;
import java.time.Clock;
import java.time.Duration;

/**
 * WeChat's parametric QR codes as referral meets them: every code is issued, and its URL ends in
 * the scene string the scans of it report (see {@link #sceneOf(String)}).
 */
public final class FakeSceneCodes implements SceneCodes {

    private static final String BASE = "https://weixin.example/q/";

    private final Clock clock;

    public FakeSceneCodes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public reactor.core.publisher.Mono<SceneCode> issueTemporary(String sceneStr, Duration lifetime) {
        return reactor.core.publisher.Mono.fromSupplier(
                () -> new SceneCode("ticket-" + sceneStr, BASE + sceneStr, clock.instant().plus(lifetime)));
    }

    /** The scene string a scan of the code at {@code sceneUrl} reports. */
    public static String sceneOf(String sceneUrl) {
        if (sceneUrl == null || !sceneUrl.startsWith(BASE)) {
            throw new IllegalArgumentException("not a code this fake issued: " + sceneUrl);
        }
        return sceneUrl.substring(BASE.length());
    }
}
