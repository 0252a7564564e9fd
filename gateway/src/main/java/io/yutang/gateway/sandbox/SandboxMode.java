package io.yutang.gateway.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when no AppSecret is configured: the sandbox plays WeChat. The production jar (built with
 * {@code -Pproduction}, as the Docker image is) has no sandbox: without an AppSecret it refuses to start.
 */
public class SandboxMode implements Condition {

    static final String FAKE_WECHAT = "com.github.tomakehurst.wiremock.WireMockServer";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String secret = context.getEnvironment().getProperty("yutang.wechat.secret");
        boolean sandbox = secret == null || secret.isBlank();
        if (sandbox && !ClassUtils.isPresent(FAKE_WECHAT, context.getClassLoader())) {
            throw new IllegalStateException("This build of yutang has no sandbox (it is the production jar): set"
                    + " YUTANG_WECHAT_APP_ID, YUTANG_WECHAT_SECRET, YUTANG_WECHAT_TOKEN and YUTANG_WECHAT_AES_KEY of the service account");
        }
        return sandbox;
    }
}
