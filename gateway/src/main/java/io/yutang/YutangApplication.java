package io.yutang;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Boots yutang: the gateway module plus the referral, livestream and content modules below
 * {@code io.yutang}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class YutangApplication {

    public static void main(String[] args) {
        SpringApplication.run(YutangApplication.class, args);
    }
}
