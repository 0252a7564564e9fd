package io.yutang.gateway;

import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The tests' HTTP client opens a connection per request instead of sharing the process-wide
 * pool: every test context in the JVM talks through that one pool, and a connection one test
 * leaves unread must not stall a request of another.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FreshConnections {

    @Bean
    WebTestClientBuilderCustomizer freshConnections() {
        return builder -> builder
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .responseTimeout(Duration.ofSeconds(15));
    }
}
