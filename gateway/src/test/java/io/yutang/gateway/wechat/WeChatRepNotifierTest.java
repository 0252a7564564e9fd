package io.yutang.gateway.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.ConversionKind;
import io.yutang.referral.RepDigest;
import io.yutang.referral.WeChatUser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The rep's digest as the rep reads it in WeChat: one line per step, a qualified lead with what the prospect did. */
class WeChatRepNotifierTest {

    @Test
    void aQualifiedLeadsLineSaysWhatTheProspectDid() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/gateway");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        WeChatRepNotifier notifier = new WeChatRepNotifier(null, null, messages);
        Instant at = Instant.parse("2026-12-02T02:30:00Z");

        String text = notifier.text(new RepDigest(1, 2, new WeChatUser("wx-app", "o-rep"), List.of(
                new RepDigest.Item(ConversionKind.LEAD, "白皮书推广", "孙女士", "星河制造", null, at),
                new RepDigest.Item(ConversionKind.QUALIFIED_LEAD, "白皮书推广", "孙女士", "星河制造", "得分 80：观看直播 ×6、关注公众号 ×1", at))));

        assertThat(text).isEqualTo("""
                您的客户有 2 条新动态：
                12-02 10:30 孙女士（星河制造） 留下了联系方式（白皮书推广）
                12-02 10:30 孙女士（星河制造） 成为合格线索（白皮书推广）：得分 80：观看直播 ×6、关注公众号 ×1""");
    }
}
