package io.yutang.gateway.signin;

import io.yutang.gateway.GatewayProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.server.EnableRedisWebSession;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Sessions live in Redis, so any instance behind the load balancer serves any request. The cookie
 * is HttpOnly and SameSite=Lax, and Secure whenever the request came over TLS (as the proxy's
 * forwarded headers tell).
 */
@Configuration(proxyBeanMethods = false)
@EnableRedisWebSession
public class WebSessions {

    /** The session cookie's name, for H5 visitors and console users alike. */
    public static final String COOKIE = "YUTANG_SESSION";

    @Bean
    ReactiveSessionRepositoryCustomizer<ReactiveRedisSessionRepository> yutangSessions(
            GatewayProperties properties, @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        return repository -> {
            repository.setRedisKeyNamespace(prefix + "session");
            repository.setDefaultMaxInactiveInterval(properties.sessionTimeout());
        };
    }

    @Bean
    WebSessionIdResolver webSessionIdResolver() {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.setCookieName(COOKIE);
        resolver.addCookieInitializer(cookie -> cookie.httpOnly(true).sameSite("Lax").path("/"));
        return resolver;
    }
}
