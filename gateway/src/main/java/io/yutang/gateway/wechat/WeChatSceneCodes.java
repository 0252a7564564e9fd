package io.yutang.gateway.wechat;

import io.yutang.referral.SceneCode;
import io.yutang.referral.SceneCodes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import me.chanjar.weixin.mp.api.WxMpService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Referral's {@link SceneCodes} through {@code cgi-bin/qrcode/create} ({@code QR_STR_SCENE}, temporary only). */
@Component
class WeChatSceneCodes implements SceneCodes {

    private static final Duration LONGEST = Duration.ofDays(30);

    private final WxMpService wechat;
    private final WeChatCalls calls;
    private final WeChatHosts hosts;
    private final Clock clock;

    WeChatSceneCodes(WxMpService wechat, WeChatCalls calls, WeChatHosts hosts, Clock clock) {
        this.wechat = wechat;
        this.calls = calls;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** The image on WeChat's mp host (the sandbox's fake in sandbox mode). */
    @Override
    public URI imageOf(String ticket) {
        return hosts.mp().resolve("/cgi-bin/showqrcode?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    @Override
    public Mono<SceneCode> issueTemporary(String sceneStr, Duration lifetime) {
        if (sceneStr == null || sceneStr.isEmpty() || sceneStr.length() > 64) {
            return Mono.error(new IllegalArgumentException("scene_str must be 1–64 characters"));
        }
        int seconds = (int) Math.min(lifetime.toSeconds(), LONGEST.toSeconds());
        return calls.call(() -> wechat.getQrcodeService().qrCodeCreateTmpTicket(sceneStr, seconds))
                .map(ticket -> new SceneCode(ticket.getTicket(), ticket.getUrl(),
                        clock.instant().plusSeconds(ticket.getExpireSeconds() > 0 ? ticket.getExpireSeconds() : seconds)));
    }
}
