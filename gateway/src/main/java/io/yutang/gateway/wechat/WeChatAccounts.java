package io.yutang.gateway.wechat;

import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.sandbox.FakeWeChatApi;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resolves the service account from the settings. With an AppSecret it is a real account and
 * every credential must be set; without one it is the sandbox's, and what is unset is generated
 * and printed so a person can play WeChat's side.
 */
@Configuration(proxyBeanMethods = false)
class WeChatAccounts {

    private static final Logger log = LoggerFactory.getLogger(WeChatAccounts.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Bean
    WeChatAccount weChatAccount(GatewayProperties properties) {
        if (!properties.sandbox()) {
            requireSet(properties.appId(), "YUTANG_WECHAT_APP_ID");
            requireSet(properties.token(), "YUTANG_WECHAT_TOKEN");
            if (properties.mode() != GatewayProperties.EncryptionMode.PLAIN) {
                requireSet(properties.aesKey(), "YUTANG_WECHAT_AES_KEY");
            }
            return new WeChatAccount(properties.appId(), properties.secret(), properties.token(),
                    properties.aesKey() == null ? generatedAesKey() : properties.aesKey(),
                    blankToNull(properties.previousAesKey()), false);
        }
        WeChatAccount sandbox = new WeChatAccount(
                orGenerated(properties.appId(), "wx" + randomHex(8)),
                "sandbox-secret-" + randomHex(8),
                orGenerated(properties.token(), "sandbox" + randomHex(6)),
                orGenerated(properties.aesKey(), generatedAesKey()),
                blankToNull(properties.previousAesKey()),
                true);
        log.info("""
                Sandbox mode (no YUTANG_WECHAT_SECRET): WeChat is played by yutang itself.
                  AppID:          {}
                  Token:          {}
                  EncodingAESKey: {}
                  mode:           {}""", sandbox.appId(), sandbox.token(), sandbox.aesKey(), properties.mode());
        return sandbox;
    }

    @Bean
    WeChatHosts weChatHosts(GatewayProperties properties, ObjectProvider<FakeWeChatApi> sandbox) {
        FakeWeChatApi fake = sandbox.getIfAvailable();
        return fake != null ? fake.hosts() : new WeChatHosts(properties.apiHost(), properties.openHost(), properties.mpHost());

    }

    private static void requireSet(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " must be set when YUTANG_WECHAT_SECRET is");
        }
    }

    private static String orGenerated(String value, String generated) {
        return value == null || value.isBlank() ? generated : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String generatedAesKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().withoutPadding().encodeToString(key);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
