package io.yutang.referral;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Referral's settings ({@code yutang.referral.*}).
 *
 * @param publicBaseUrl where prospects' browsers reach yutang; share links are built on it
 * @param attributionWindow how long after a touch a conversion may still be credited to it
 * @param clawbackPeriod an unfollow inside this period after a credited follow reverses the credit
 * @param profileFetchPollInterval how often each instance looks for due profile fetches
 * @param profileFetchAttempts how often a failing profile fetch is tried before it is given up
 * @param profileFetchFirstBackoff the wait after a first failed fetch; each further failure waits 4× longer (≤ 1 h)
 * @param profileFetchConcurrency how many batch lookups (of up to 100 profiles each) one instance has in flight
 * @param profileFetchQuotaBackoff how long the profile fetches of every instance pause when WeChat answers 45009
 *     (daily quota) or 45011 (frequency limit), or stays busy (-1); each further refusal in a row pauses twice as
 *     long (≤ 1 h)
 * @param repDigestInterval a rep gets at most one digest of their prospects' steps per interval
 * @param repDigestSettle how long a first signal waits for others to join its digest
 * @param repDigestPollInterval how often each instance looks for due digests
 * @param posterAvatarTimeout how long a poster waits for the sharer's avatar before drawing initials
 * @param posterAvatarMaxSize a larger avatar is not read; the poster draws initials
 * @param posterCacheTtl how long a rendered poster stays in Redis
 * @param posterAvatarHosts the only hosts avatars are fetched from (WeChat's avatar CDN by default; add your
 *     own CDN); any other avatar address gets initials, so an imported URL cannot reach internal services
 */
@Validated
@ConfigurationProperties("yutang.referral")
public record ReferralProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl,
        @NotNull @DefaultValue("30d") Duration attributionWindow,
        @NotNull @DefaultValue("7d") Duration clawbackPeriod,
        @NotNull @DefaultValue("2s") Duration profileFetchPollInterval,
        @Positive @DefaultValue("8") int profileFetchAttempts,
        @NotNull @DefaultValue("4s") Duration profileFetchFirstBackoff,
        @Positive @DefaultValue("4") int profileFetchConcurrency,
        @NotNull @DefaultValue("1m") Duration profileFetchQuotaBackoff,
        @NotNull @DefaultValue("5m") Duration repDigestInterval,
        @NotNull @DefaultValue("30s") Duration repDigestSettle,
        @NotNull @DefaultValue("5s") Duration repDigestPollInterval,
        @NotNull @DefaultValue("2s") Duration posterAvatarTimeout,
        @NotNull @DefaultValue("1MB") DataSize posterAvatarMaxSize,
        @NotNull @DefaultValue("1d") Duration posterCacheTtl,
        @NotNull @DefaultValue({"thirdwx.qlogo.cn", "wx.qlogo.cn"}) List<String> posterAvatarHosts) {
}
