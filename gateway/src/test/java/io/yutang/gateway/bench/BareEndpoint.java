package io.yutang.gateway.bench;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The benchmark's baseline: a WebFlux endpoint that answers a fixed string, behind the same filters. */
@Configuration(proxyBeanMethods = false)
class BareEndpoint {

    @Bean
    RouterFunction<ServerResponse> bare() {
        return route().GET("/bench/bare", request -> ServerResponse.ok().bodyValue("success")).build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain benchAccess(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/bench/**"))
                .authorizeExchange(rules -> rules.anyExchange().permitAll())
                .build();
    }
}
