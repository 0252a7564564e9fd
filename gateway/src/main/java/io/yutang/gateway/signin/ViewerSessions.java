package io.yutang.gateway.signin;

import io.yutang.referral.Sharers;
import io.yutang.referral.Viewer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Puts a signed-in WeChat user in the session with their roles: VIEWER, plus REP or PARTNER when
 * they are bound to an employee or partner.
 */
@Component
class ViewerSessions {

    private final Sharers sharers;
    private final WebSessionServerSecurityContextRepository repository = new WebSessionServerSecurityContextRepository();

    ViewerSessions(Sharers sharers) {
        this.sharers = sharers;
    }

    Mono<Void> save(ServerWebExchange exchange, Viewer viewer) {
        return sharers.rolesOf(viewer.contact()).flatMap(roles -> {
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(new SimpleGrantedAuthority("ROLE_VIEWER"));
            roles.stream().sorted().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            return repository.save(exchange, new SecurityContextImpl(
                    new PreAuthenticatedAuthenticationToken(viewer, null, authorities)));
        });
    }
}
