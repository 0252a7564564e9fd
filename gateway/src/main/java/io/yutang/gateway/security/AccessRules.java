package io.yutang.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import io.yutang.gateway.staff.ApiTokenAuthentication;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The access rules. Operational endpoints (health, metrics) and the API description are open;
 * every other endpoint needs an authenticated caller, and refusals are problem+json.
 */
@Configuration
@EnableWebFluxSecurity
class AccessRules {

    /**
     * WeChat's server: no session, no CSRF token, no saved request; the callback checks WeChat's
     * signature itself.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityWebFilterChain weChatServerChain(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/wechat/callback"))
                .authorizeExchange(rules -> rules.anyExchange().permitAll())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .build();
    }

    /**
     * The JSON API for staff and integrations: HTTP Basic (console users) or a Bearer API token on
     * every request, no session cookie, hence no CSRF exposure.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    SecurityWebFilterChain staffApiChain(ServerHttpSecurity http, ProblemRefusals refusals,
            ReactiveUserDetailsService staff, ApiTokenAuthentication apiTokens) {
        UserDetailsRepositoryReactiveAuthenticationManager passwords =
                new UserDetailsRepositoryReactiveAuthenticationManager(staff);
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
                .authorizeExchange(rules -> rules
                        .pathMatchers("/api/staff-users/**", "/api/tokens/**", "/api/tokens").hasRole("ADMIN")
                        .pathMatchers("/api/sharers", "/api/sharers/**", "/api/campaigns", "/api/campaigns/**",
                                "/api/contacts", "/api/contacts/**", "/api/events", "/api/events/**", "/api/poster-templates",
                                "/api/poster-templates/**", "/api/assets", "/api/assets/**", "/api/articles", "/api/articles/**",
                                "/api/scoring/**").hasAnyRole("ADMIN", "MARKETER")
                        .pathMatchers("/api/me").authenticated()
                        .anyExchange().denyAll())
                .httpBasic(basic -> basic.authenticationManager(passwords).authenticationEntryPoint(refusals))
                .addFilterAt(apiTokens.filter(refusals), SecurityWebFiltersOrder.AUTHENTICATION)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityWebFilterChain accessRulesChain(ServerHttpSecurity http, ProblemRefusals refusals) {
        return http
                .authorizeExchange(rules -> rules
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/webjars/**").permitAll()
                        .pathMatchers("/wechat/oauth/start", "/wechat/oauth/callback", "/wechat/jssdk/config").permitAll()
                        .pathMatchers("/bind/*", "/s/*").permitAll()
                        // Live event pages sign a visitor in themselves (a redirect to WeChat's OAuth).
                        .pathMatchers(HttpMethod.GET, "/live/*", "/live/*/watch", "/live/*/room").permitAll()
                        // Gated assets' pages likewise; a download link carries its own signature.
                        .pathMatchers(HttpMethod.GET, "/c/assets/*", "/c/assets/*/cover", "/c/downloads/*").permitAll()
                        // Articles likewise, and their images; the reading beacon is a signed-in visitor's (CSRF in its form).
                        .pathMatchers(HttpMethod.GET, "/c/articles/*", "/c/articles/*/images/*").permitAll()
                        .pathMatchers(HttpMethod.POST, "/c/articles/*/reads").hasRole("VIEWER")
                        // The employee's pages (我的推广) likewise; their JSON and poster stay the signed-in viewer's.
                        .pathMatchers(HttpMethod.GET, "/my", "/my/campaigns/*").permitAll()
                        .pathMatchers("/my/**").hasRole("VIEWER")
                        // Served only in sandbox mode (no AppSecret): a local stand-in for WeChat.
                        .pathMatchers("/sandbox", "/sandbox/api/**", "/sandbox/open/**").permitAll()
                        .pathMatchers("/wechat/oauth/viewer").hasRole("VIEWER")
                        .anyExchange().authenticated())
                // The sandbox's player is a local stand-in for WeChat's server; it has no CSRF token.
                .csrf(csrf -> csrf.accessDeniedHandler(refusals).requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
                        CsrfWebFilter.DEFAULT_CSRF_MATCHER,
                        new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/sandbox/api/**")))))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .build();
    }
}
