package io.yutang.content.testing;

import io.yutang.content.ContentProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.util.unit.DataSize;

/** What content's beans need besides referral's slice: its settings (files in a fresh directory) and its bundles. */
@Configuration(proxyBeanMethods = false)
class ContentSliceBeans {

    /** The largest file the slice takes: small, so the limit is cheap to pass. */
    static final DataSize LARGEST_FILE = DataSize.ofMegabytes(2);

    @Bean
    ContentProperties contentProperties() {
        try {
            return new ContentProperties(Duration.ofMinutes(15), 60, LARGEST_FILE,
                    Files.createTempDirectory("yutang-content"), new ContentProperties.S3(null, "us-east-1", null, null, null, true),
                    new ContentProperties.DefaultCard(ContentFixtures.DEFAULT_CARD_NAME, "官方服务号", "鱼塘科技", null,
                            URI.create("https://yutang.example.com/qr/official.png")));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/content", "i18n/forms");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
