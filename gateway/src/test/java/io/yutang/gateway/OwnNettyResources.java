package io.yutang.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Each test app on Netty event loops and connection pools of its own, kept while Spring's test
 * context cache pauses the app. Boot's default shares Reactor Netty's global resources between every
 * app in the JVM, and Spring Framework 7 pauses a cached test context when a test class needs
 * another: that stopped the paused context's resource factory, which disposes the global event loops
 * that every cached context's web server (never paused) and the tests' clients run on, so requests
 * to a context used again hung until the client's timeout. Closing an app this way disposes only its
 * own loops.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory() {
            @Override
            public boolean isPauseable() {
                return false;
            }
        };
        factory.setUseGlobalResources(false);
        return factory;
    }
}
