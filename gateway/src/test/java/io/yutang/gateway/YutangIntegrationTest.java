package io.yutang.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The whole app on a random port, on the test stores, serving {@link TestAccount} (safe mode)
 * against the fake WeChat, with a {@code WebTestClient}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(UsesTestStores.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "yutang.wechat.app-id=" + TestAccount.APP_ID,
        "yutang.wechat.secret=" + TestAccount.SECRET,
        "yutang.wechat.token=" + TestAccount.TOKEN,
        "yutang.wechat.aes-key=" + TestAccount.AES_KEY,
        "yutang.wechat.previous-aes-key=" + TestAccount.PREVIOUS_AES_KEY,
        "yutang.wechat.keyword-replies[直播]=近期直播：12月3日 数字化营销公开课",
        "yutang.wechat.menu-replies[MENU_WHITEPAPER]=白皮书下载：回复“白皮书”",
        "yutang.referral.profile-fetch-poll-interval=200ms",
        "yutang.referral.profile-fetch-first-backoff=100ms",
        "yutang.referral.rep-digest-settle=300ms",
        "yutang.referral.rep-digest-poll-interval=200ms",
        "yutang.livestream.dispatch-poll-interval=200ms",
        "yutang.content.files-dir=target/content-files",
        // The first WeChat call of a cold JVM (WxJava's start-up, the access token) can pass 5 s on a busy 2-core machine.
        "yutang.wechat.call-timeout=20s",
        // Every test calls from 127.0.0.1, many times a minute: the limits themselves are tested with their real size.
        "yutang.rate-limits.factor=1000",
        // Retention purges run often, so a test sees rows past their window go within a second.
        "yutang.retention.interval=300ms"})
@AutoConfigureWebTestClient
@Import({FreshConnections.class, OwnNettyResources.class, RedisKeptThroughPauses.class})
public @interface YutangIntegrationTest {
}
