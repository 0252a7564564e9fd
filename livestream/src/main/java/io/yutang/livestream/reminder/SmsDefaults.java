package io.yutang.livestream.reminder;

import io.yutang.livestream.SmsSender;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The logging SMS sender, unless the application defines a real one. */
@Configuration(proxyBeanMethods = false)
class SmsDefaults {

    @Bean
    @ConditionalOnMissingBean(SmsSender.class)
    SmsSender loggingSmsSender() {
        return new LoggingSmsSender();
    }
}
