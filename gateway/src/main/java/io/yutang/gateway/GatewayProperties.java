package io.yutang.gateway;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings ({@code yutang.wechat.*}). Secrets come from the environment and never
 * appear in {@link #toString()}.
 *
 * @param appId the service account's AppID; generated in sandbox mode when unset
 * @param secret the AppSecret; when unset, yutang runs in sandbox mode against its fake WeChat
 * @param token the callback Token used in signatures; generated in sandbox mode when unset
 * @param aesKey the 43-character EncodingAESKey; generated in sandbox mode when unset
 * @param previousAesKey the EncodingAESKey before the last rotation, tried when the current fails
 * @param mode the callback's message encryption mode as set on the WeChat console
 * @param apiHost WeChat's API host; the sandbox points it at its fake
 * @param mpHost WeChat's mp host (QR code images)
 * @param openHost WeChat's open host (OAuth authorize page)
 * @param callTimeout how long a person waits on one WeChat API call (queued work waits four times as long: {@code WeChatCalls})
 * @param sweepInterval how often each instance looks for stored events left unhandled
 * @param sweepAfter how old an unhandled event must be before the sweeper takes it over
 * @param maxCallbackBody the largest callback body accepted
 * @param callbackReplayWindow how far a signed callback's timestamp may be from now (WeChat retries
 *     within about 15 s); older or later deliveries are refused, and plaintext deliveries' signed
 *     queries are remembered this long so one cannot carry a second body
 * @param dedupeTtl how long the Redis dedupe key of an event lives
 * @param publicBaseUrl where WeChat users' browsers reach yutang (OAuth redirect, JS-SDK pages)
 * @param jsSafeDomains hosts whose pages may get a JS-SDK signature (JS接口安全域名); the public
 *     base URL's host when empty
 * @param sessionTimeout how long an idle H5 sign-in lasts
 * @param welcomeReply the text sent to a new follower; the message bundle's when unset
 * @param keywordReplies replies to text messages, by exact (case-insensitive) keyword
 * @param menuReplies replies to menu clicks, by menu key
 */
@Validated
@ConfigurationProperties("yutang.wechat")
public record GatewayProperties(
        String appId,
        String secret,
        String token,
        String aesKey,
        String previousAesKey,
        @NotNull @DefaultValue("safe") EncryptionMode mode,
        @NotNull @DefaultValue("https://api.weixin.qq.com") URI apiHost,
        @NotNull @DefaultValue("https://mp.weixin.qq.com") URI mpHost,
        @NotNull @DefaultValue("https://open.weixin.qq.com") URI openHost,
        @NotNull @DefaultValue("5s") Duration callTimeout,
        @NotNull @DefaultValue("5s") Duration sweepInterval,
        @NotNull @DefaultValue("30s") Duration sweepAfter,
        @NotNull @DefaultValue("64KB") DataSize maxCallbackBody,
        @NotNull @DefaultValue("5m") Duration callbackReplayWindow,
        @NotNull @DefaultValue("120s") Duration dedupeTtl,
        @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl,
        @DefaultValue List<String> jsSafeDomains,
        @NotNull @DefaultValue("7d") Duration sessionTimeout,
        String welcomeReply,
        @DefaultValue Map<String, String> keywordReplies,
        @DefaultValue Map<String, String> menuReplies) {

    /** How WeChat wraps callback messages (服务器配置 ▸ 消息加解密方式). */
    public enum EncryptionMode {
        /** 明文模式: plaintext only. */
        PLAIN,
        /** 兼容模式: plaintext and ciphertext side by side. */
        COMPATIBLE,
        /** 安全模式: ciphertext only. */
        SAFE
    }

    /** True when no AppSecret is configured: WeChat is played by the in-process sandbox. */
    public boolean sandbox() {
        return secret == null || secret.isBlank();
    }

    @Override
    public String toString() {
        return "GatewayProperties[appId=" + appId + ", mode=" + mode + ", apiHost=" + apiHost
                + ", sandbox=" + sandbox() + ", secret=***, token=***, aesKey=***]";
    }
}
