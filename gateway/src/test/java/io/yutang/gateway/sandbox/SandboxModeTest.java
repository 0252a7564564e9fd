package io.yutang.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/** When the sandbox plays WeChat, and what the production jar (no fake WeChat in it) says instead. */
class SandboxModeTest {

    /** A class loader that sees only the JDK, as the production jar sees no WireMock. */
    static final ClassLoader WITHOUT_WIREMOCK = new ClassLoader(null) { };

    @Test
    void withoutAnAppSecretTheSandboxPlaysWeChat() {
        assertThat(new SandboxMode().matches(context(new MockEnvironment(), SandboxModeTest.class.getClassLoader()), null)).isTrue();
        assertThat(new SandboxMode().matches(context(new MockEnvironment().withProperty("yutang.wechat.secret", "s"),
                SandboxModeTest.class.getClassLoader()), null)).isFalse();
    }

    @Test
    void theProductionJarWithoutAnAppSecretRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> new SandboxMode().matches(context(new MockEnvironment(), WITHOUT_WIREMOCK), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no sandbox").hasMessageContaining("YUTANG_WECHAT_SECRET");
        assertThat(new SandboxMode().matches(context(new MockEnvironment().withProperty("yutang.wechat.secret", "s"),
                WITHOUT_WIREMOCK), null)).as("with a real account it needs no fake").isFalse();
    }

    private static ConditionContext context(Environment environment, ClassLoader classes) {
        return new ConditionContext() {
            @Override
            public BeanDefinitionRegistry getRegistry() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ConfigurableListableBeanFactory getBeanFactory() {
                return null;
            }

            @Override
            public Environment getEnvironment() {
                return environment;
            }

            @Override
            public ResourceLoader getResourceLoader() {
                return new DefaultResourceLoader(classes);
            }

            @Override
            public ClassLoader getClassLoader() {
                return classes;
            }
        };
    }
}
