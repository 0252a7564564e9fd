package io.yutang.gateway.console;

import io.yutang.referral.AuditAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The console's pages. Each is a template in {@code templates/gateway/console/}; what it shows it
 * reads from the JSON API in the browser (the session's cookie, the CSRF token for changes), so the
 * console and scripts see the same data through the same checks.
 */
@Controller
class ConsolePages {

    private final MessageSource messages;

    ConsolePages(MessageSource messages) {
        this.messages = messages;
    }

    /** The menu: each entry's page key, path and whether only ADMIN sees it. */
    record Section(String key, String path, boolean adminOnly) {
    }

    static final List<Section> MENU = List.of(
            new Section("overview", "/console", false),
            new Section("campaigns", "/console/campaigns", false),
            new Section("sharers", "/console/sharers", false),
            new Section("posters", "/console/poster-templates", false),
            new Section("events", "/console/events", false),
            new Section("content", "/console/content", false),
            new Section("leads", "/console/leads", false),
            new Section("webhooks", "/console/webhooks", true),
            new Section("audit", "/console/audit", true),
            new Section("staff", "/console/staff", true));

    @GetMapping(ConsoleGate.SIGN_IN)
    Rendering signIn(ServerWebExchange exchange) {
        return page("sign-in", null, exchange, null).build();
    }

    @GetMapping("/console")
    Rendering overview(ServerWebExchange exchange, Authentication staff) {
        return page("overview", "overview", exchange, staff).build();
    }

    @GetMapping("/console/campaigns")
    Rendering campaigns(ServerWebExchange exchange, Authentication staff) {
        return page("campaigns", "campaigns", exchange, staff).build();
    }

    @GetMapping("/console/campaigns/new")
    Rendering newCampaign(ServerWebExchange exchange, Authentication staff) {
        return page("campaign", "campaigns", exchange, staff).modelAttribute("campaignId", "").build();
    }

    @GetMapping("/console/campaigns/{id}")
    Rendering campaign(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("campaign", "campaigns", exchange, staff).modelAttribute("campaignId", String.valueOf(id)).build();
    }

    @GetMapping("/console/campaigns/{id}/tree")
    Rendering tree(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("tree", "campaigns", exchange, staff).modelAttribute("campaignId", id).build();
    }

    @GetMapping("/console/campaigns/{id}/boards")
    Rendering boards(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("boards", "campaigns", exchange, staff).modelAttribute("campaignId", id).build();
    }

    @GetMapping("/console/campaigns/{id}/funnel")
    Rendering funnel(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("funnel", "campaigns", exchange, staff).modelAttribute("campaignId", id).build();
    }

    @GetMapping("/console/sharers")
    Rendering sharers(ServerWebExchange exchange, Authentication staff) {
        return page("sharers", "sharers", exchange, staff).build();
    }

    @GetMapping("/console/poster-templates")
    Rendering posters(ServerWebExchange exchange, Authentication staff) {
        return page("posters", "posters", exchange, staff).build();
    }

    @GetMapping("/console/events")
    Rendering events(ServerWebExchange exchange, Authentication staff) {
        return page("events", "events", exchange, staff).build();
    }

    @GetMapping("/console/events/new")
    Rendering newEvent(ServerWebExchange exchange, Authentication staff) {
        return page("event", "events", exchange, staff).modelAttribute("eventId", "").build();
    }

    @GetMapping("/console/events/{id}")
    Rendering event(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("event", "events", exchange, staff).modelAttribute("eventId", String.valueOf(id)).build();
    }

    @GetMapping("/console/content")
    Rendering content(ServerWebExchange exchange, Authentication staff) {
        return page("content", "content", exchange, staff).build();
    }

    @GetMapping("/console/assets/new")
    Rendering newAsset(ServerWebExchange exchange, Authentication staff) {
        return page("asset", "content", exchange, staff).modelAttribute("assetId", "").build();
    }

    @GetMapping("/console/assets/{id}")
    Rendering asset(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("asset", "content", exchange, staff).modelAttribute("assetId", String.valueOf(id)).build();
    }

    @GetMapping("/console/articles/new")
    Rendering newArticle(ServerWebExchange exchange, Authentication staff) {
        return page("article", "content", exchange, staff).modelAttribute("articleId", "").build();
    }

    @GetMapping("/console/articles/{id}")
    Rendering article(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("article", "content", exchange, staff).modelAttribute("articleId", String.valueOf(id)).build();
    }

    @GetMapping("/console/leads")
    Rendering leads(ServerWebExchange exchange, Authentication staff) {
        return page("leads", "leads", exchange, staff).build();
    }

    @GetMapping("/console/scoring")
    Rendering scoring(ServerWebExchange exchange, Authentication staff) {
        return page("scoring", "leads", exchange, staff).build();
    }

    @GetMapping("/console/contacts/{id}")
    Rendering contact(@PathVariable long id, ServerWebExchange exchange, Authentication staff) {
        return page("contact", "leads", exchange, staff).modelAttribute("contactId", id).build();
    }

    @GetMapping("/console/webhooks")
    Rendering webhooks(ServerWebExchange exchange, Authentication staff) {
        return page("webhooks", "webhooks", exchange, staff).build();
    }

    @GetMapping("/console/audit")
    Rendering audit(ServerWebExchange exchange, Authentication staff) {
        Map<String, String> names = new LinkedHashMap<>();
        for (AuditAction action : AuditAction.values()) {
            names.put(action.name(), messages.getMessage("console.audit.action." + action.name(), null, action.name(),
                    exchange.getLocaleContext().getLocale() == null ? Locale.SIMPLIFIED_CHINESE : exchange.getLocaleContext().getLocale()));
        }
        return page("audit", "audit", exchange, staff).modelAttribute("auditActions", AuditAction.values())
                .modelAttribute("auditActionNames", names).build();
    }

    @GetMapping("/console/staff")
    Rendering staff(ServerWebExchange exchange, Authentication staff) {
        return page("staff", "staff", exchange, staff).build();
    }

    @GetMapping("/console/password")
    Rendering password(ServerWebExchange exchange, Authentication staff) {
        return page("password", null, exchange, staff).build();
    }

    private static Rendering.Builder<?> page(String view, String section, ServerWebExchange exchange, Authentication staff) {
        boolean admin = staff != null && staff.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch("ROLE_ADMIN"::equals);
        Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        return Rendering.view("gateway/console/" + view)
                .header(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue())
                .modelAttribute("section", section == null ? "" : section)
                .modelAttribute("menu", MENU.stream().filter(entry -> admin || !entry.adminOnly()).toList())
                .modelAttribute("me", staff == null ? Map.of() : Map.of("name", staff.getName(), "admin", admin))
                .modelAttribute("csrf", token.map(CsrfToken::getToken).defaultIfEmpty(""))
                .modelAttribute("signOut", ConsoleGate.SIGN_OUT)
                .modelAttribute("signInError", exchange.getRequest().getQueryParams().getFirst("error") == null ? ""
                        : exchange.getRequest().getQueryParams().getFirst("error"))
                .modelAttribute("signedOut", exchange.getRequest().getQueryParams().containsKey("signed-out"));
    }
}
