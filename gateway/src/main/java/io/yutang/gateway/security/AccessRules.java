package io.yutang.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import io.yutang.gateway.staff.ApiTokenAuthentication;
import io.yutang.gateway.console.ConsoleGate;
import io.yutang.gateway.staff.StaffPasswords;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
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
 * every other endpoint needs an authenticated caller. Refusals are problem+json, but on the
 * console's pages, where they are pages (the sign-in page, or a refusal saying why).
 */
@Configuration
@EnableWebFluxSecurity
class AccessRules {

    /**
     * WeChat's server: no session, no CSRF token, no saved request, no authorization rule (every
     * request is WeChat's to make; the callback checks WeChat's signature itself), and none of the
     * browser headers (cache, frame, content-type sniffing, referrer: WeChat's server reads XML, no
     * page is ever shown): each of those filters and header writers cost the callback's hot path
     * without protecting anything on it. The firewall stays.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityWebFilterChain weChatServerChain(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/wechat/callback"))
                .headers(ServerHttpSecurity.HeaderSpec::disable)
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
     * The JSON API for staff and integrations: HTTP Basic or a Bearer API token on every request
     * (scripts, integrations), or the console's signed-in session (its pages read the same API).
     * The API never starts a session; a change made with the session's cookie must carry the
     * session's CSRF token, one made with credentials in the request needs none.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    SecurityWebFilterChain staffApiChain(ServerHttpSecurity http, ProblemRefusals refusals,
            StaffPasswords passwords, ApiTokenAuthentication apiTokens) {
        ConsoleSessionReader consoleSessions = new ConsoleSessionReader();
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
                .authorizeExchange(rules -> rules
                        .pathMatchers("/api/privacy/**").hasRole("ADMIN")
                        .pathMatchers("/api/staff-users/**", "/api/tokens/**", "/api/tokens", "/api/webhooks", "/api/webhooks/**",
                                "/api/audit", "/api/audit/**").hasRole("ADMIN")
                        .pathMatchers("/api/sharers", "/api/sharers/**", "/api/campaigns", "/api/campaigns/**",
                                "/api/contacts", "/api/contacts/**", "/api/events", "/api/events/**", "/api/poster-templates",
                                "/api/poster-templates/**", "/api/assets", "/api/assets/**", "/api/articles", "/api/articles/**",
                                "/api/scoring/**", "/api/activity", "/api/lead-outcomes/**").hasAnyRole("ADMIN", "MARKETER")
                        .pathMatchers("/api/integration/**").hasRole("INTEGRATION")
                        .pathMatchers("/api/me", "/api/me/password").hasAnyRole("ADMIN", "MARKETER", "INTEGRATION")
                        .anyExchange().denyAll())
                .httpBasic(basic -> basic.authenticationManager(passwords).authenticationEntryPoint(refusals))
                .addFilterAt(apiTokens.filter(refusals), SecurityWebFiltersOrder.AUTHENTICATION)
                .securityContextRepository(consoleSessions)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(csrf -> csrf.accessDeniedHandler(refusals).requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
                        CsrfWebFilter.DEFAULT_CSRF_MATCHER, consoleSessions::withStaffSessionOnly)))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .build();
    }

    /**
     * The console's pages: a sign-in page (username and password, the session in Redis), CSRF on
     * every change, sign-out. ADMIN sees everything; MARKETER everything but staff and tokens.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    SecurityWebFilterChain consoleChain(ServerHttpSecurity http, StaffPasswords passwords, ConsoleGate gate) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
                .authorizeExchange(rules -> rules
                        .pathMatchers(ConsoleGate.SIGN_IN).permitAll()
                        .pathMatchers("/console/staff", "/console/staff/**", "/console/webhooks", "/console/webhooks/**",
                                "/console/audit", "/console/audit/**").hasRole("ADMIN")
                        .pathMatchers("/console/password").hasAnyRole("ADMIN", "MARKETER")
                        .anyExchange().hasAnyRole("ADMIN", "MARKETER"))
                .formLogin(form -> form.loginPage(ConsoleGate.SIGN_IN).authenticationManager(passwords)
                        .authenticationEntryPoint(gate).authenticationFailureHandler(gate)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler("/console")))
                .csrf(csrf -> csrf.accessDeniedHandler(gate))
                .logout(logout -> logout.logoutUrl(ConsoleGate.SIGN_OUT).logoutSuccessHandler(gate))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(gate).accessDeniedHandler(gate))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
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
                        .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
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
                        .pathMatchers(HttpMethod.GET, "/my", "/my/campaigns/*", "/my/privacy").permitAll()
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
