package io.yutang.gateway;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Keeps a cached test app's Redis connections open while Spring's test context cache pauses it:
 * a pause stops only yutang's own work (polling loops, event handling), which is what keeps an
 * inactive app from taking another app's work. Stopping the connection factory as well closed the
 * connections under work still finishing from the previous test class, and a stop could wait on the
 * factory's lock behind a connect in progress.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RedisKeptThroughPauses {

    @Bean
    static BeanPostProcessor redisConnectionFactoryNotPaused() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof LettuceConnectionFactory)) {
                    return bean;
                }
                ProxyFactory proxy = new ProxyFactory(bean);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) invocation -> "isPauseable".equals(invocation.getMethod().getName())
                        ? Boolean.FALSE
                        : invocation.proceed());
                return proxy.getProxy(bean.getClass().getClassLoader());
            }
        };
    }
}
