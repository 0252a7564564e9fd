package io.yutang.gateway;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock every module reads "now" from, so tests can say what time it is. */
@Configuration(proxyBeanMethods = false)
class GatewayClock {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
