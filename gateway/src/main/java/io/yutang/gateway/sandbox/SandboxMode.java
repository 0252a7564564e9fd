package io.yutang.gateway.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when no AppSecret is configured: the sandbox plays WeChat. */
public class SandboxMode implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String secret = context.getEnvironment().getProperty("yutang.wechat.secret");
        return secret == null || secret.isBlank();
    }
}
