package io.yutang.gateway.security;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.handler.DefaultWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security's entry filter, choosing each request's security chain with a plain loop.
 * {@link WebFilterChainProxy} picks the chain with {@code Flux.filterWhen(..).next()}; cancelling
 * that operator clears its 256-slot buffer, one Reactor context lookup per slot, on every request:
 * 13 % of the callback's GET verification in a JFR profile. This proxy does what that one does (the
 * firewall bean, else the strict firewall; the refusal handler bean, yutang's problem+json 400, for a
 * request it rejects; the first chain whose matcher matches; no chain: the application's own filters)
 * without the operator. Spring Security's observations,
 * the one other thing its proxy can be given (a chain decorator), are off in yutang
 * ({@code management.observations.enable.spring.security=false}).
 */
@Configuration(proxyBeanMethods = false)
class ChainSelection {

    /** Replaces the proxy {@code @EnableWebFluxSecurity} makes, with the same chains in the same order. */
    @Bean
    static BeanPostProcessor chainSelectingProxy(ObjectProvider<SecurityWebFilterChain> chains,
            ObjectProvider<ServerWebExchangeFirewall> firewall, ObjectProvider<ServerExchangeRejectedHandler> rejected) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof WebFilterChainProxy && !(bean instanceof SelectingProxy)
                        ? new SelectingProxy(chains.orderedStream().toList(),
                                firewall.getIfAvailable(StrictServerWebExchangeFirewall::new),
                                rejected.getIfAvailable(HttpStatusExchangeRejectedHandler::new))
                        : bean;
            }
        };
    }

    static final class SelectingProxy extends WebFilterChainProxy {

        private final List<SecurityWebFilterChain> chains;
        private final ServerWebExchangeFirewall firewall;
        private final ServerExchangeRejectedHandler rejected;

        SelectingProxy(List<SecurityWebFilterChain> chains, ServerWebExchangeFirewall firewall, ServerExchangeRejectedHandler rejected) {
            super(chains);
            this.chains = List.copyOf(chains);
            this.firewall = firewall;
            this.rejected = rejected;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return firewall.getFirewalledExchange(exchange)
                    .flatMap(firewalled -> chainFor(firewalled, 0)
                            .flatMap(matched -> matched.getWebFilters().collectList())
                            .map(filters -> (WebFilterChain) new DefaultWebFilterChain(chain::filter, filters))
                            .defaultIfEmpty(chain)
                            .flatMap(secured -> secured.filter(firewalled)))
                    .onErrorResume(ServerExchangeRejectedException.class,
                            refused -> rejected.handle(exchange, refused).then(Mono.empty()));
        }

        private Mono<SecurityWebFilterChain> chainFor(ServerWebExchange exchange, int index) {
            if (index == chains.size()) {
                return Mono.empty();
            }
            SecurityWebFilterChain candidate = chains.get(index);
            return candidate.matches(exchange)
                    .defaultIfEmpty(false)
                    .flatMap(matches -> matches ? Mono.just(candidate) : chainFor(exchange, index + 1));
        }
    }
}
