package io.yutang.livestream.testing;

import io.yutang.livestream.LivestreamProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

/** What livestream's beans need besides referral's slice: its settings and its message bundle. */
@Configuration(proxyBeanMethods = false)
class LivestreamSliceBeans {

    @Bean
    LivestreamProperties livestreamProperties() {
        return new LivestreamProperties(URI.create("https://yutang.example.com"),
                List.of(Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(10), Duration.ZERO),
                Duration.ofSeconds(30), 200, Duration.ofSeconds(1), 200, 32, Duration.ofSeconds(30), 6);
    }

    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/livestream", "i18n/forms");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
