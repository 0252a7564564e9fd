package io.yutang.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * For apps a test starts itself: their own Netty event loops and connection pools, so closing them
 * does not dispose the global ones other test contexts (and their WebTestClients) still use.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
