package io.yutang.referral.privacy;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.ConsentRecord;
import io.yutang.referral.Consents;
import io.yutang.referral.Erasure;
import io.yutang.referral.PersonalData;
import io.yutang.referral.Privacy;
import io.yutang.referral.Viewer;
import io.yutang.referral.page.H5Pages;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * "我的隐私" ({@code /my/privacy}, template {@code templates/referral/privacy.html}): what yutang
 * holds about the signed-in person, part by part; each purpose they may withdraw or give again
 * (recorded in the consent ledger with the text the page showed); a copy of everything as a zip;
 * and erasure, after a confirmation. Only ever the viewer's own data.
 */
@Hidden
@Controller
class PrivacyPage {

    static final String PATH = "/my/privacy";
    /** Who asked, when the person did so themselves. */
    static final String SELF = "self";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** The purposes a person decides on here, in the page's order. */
    static final List<ConsentPurpose> PURPOSES = List.of(ConsentPurpose.REMINDERS, ConsentPurpose.MARKETING,
            ConsentPurpose.CRM_SHARING, ConsentPurpose.SMS);

    /** One purpose as the page shows it. */
    record PurposeView(ConsentPurpose purpose, String state, ZonedDateTime decidedAt) {
    }

    /** One table of one part: how many records. */
    record HoldingView(String part, String table, int records) {
    }

    /** A change of one purpose from the page. */
    record Decision(boolean given) {
    }

    /** The page's erasure request: {@code confirm} must be true (the person confirmed an irreversible step). */
    record ErasureConfirmation(Boolean confirm) {
    }

    private final Privacy privacy;
    private final Consents consents;
    private final MessageSource messages;
    private final Clock clock;
    private final AuditTrail audit;

    PrivacyPage(Privacy privacy, Consents consents, MessageSource messages, Clock clock, AuditTrail audit) {
        this.clock = clock;
        this.audit = audit;
        this.privacy = privacy;
        this.consents = consents;
        this.messages = messages;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(@AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (viewer == null) {
            return Mono.just(H5Pages.signIn(PATH));
        }
        return privacy.person(viewer.contact())
                .flatMap(person -> Mono.zip(privacy.holdings(person), consents.current(person.contact()),
                        privacy.erasures(person.contact()).next().map(List::of).defaultIfEmpty(List.of()),
                        H5Pages.csrfToken(exchange)))
                .map(found -> H5Pages.page("referral/privacy")
                        .modelAttribute("holdings", holdings(found.getT1()))
                        .modelAttribute("purposes", PURPOSES.stream().map(purpose -> view(purpose, found.getT2().get(purpose))).toList())
                        .modelAttribute("erasure", found.getT3().stream()
                                .filter(erasure -> erasure.state() != Erasure.State.FAILED).findFirst().orElse(null))
                        .modelAttribute("csrf", found.getT4())
                        .build())
                .switchIfEmpty(Mono.fromSupplier(() -> H5Pages.page("referral/privacy-gone").status(HttpStatus.NOT_FOUND).build()));
    }

    @PostMapping(path = PATH + "/consents/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Mono<PurposeView> decide(@PathVariable ConsentPurpose purpose, @RequestBody Decision decision,
            @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (!PURPOSES.contains(purpose)) {
            return Mono.error(new UnknownPurpose());
        }
        Locale locale = locale(exchange);
        String text = messages.getMessage("privacy.purpose." + purpose.name() + (decision.given() ? ".give" : ".withdraw"),
                null, locale);
        String source = "page:" + PATH;
        return privacy.person(viewer.contact()).switchIfEmpty(Mono.error(NoSuchPerson::new))
                .flatMap(person -> (decision.given()
                        ? consents.give(person.contact(), purpose, text, source, clock.instant())
                        : consents.withdraw(person.contact(), purpose, text, source, clock.instant()))
                        .then(consents.current(person.contact())))
                .map(current -> view(purpose, current.get(purpose)));
    }

    @GetMapping(path = PATH + "/export", produces = "application/zip")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> export(@AuthenticationPrincipal Viewer viewer) {
        return privacy.person(viewer.contact()).switchIfEmpty(Mono.error(NoSuchPerson::new))
                .flatMap(privacy::export)
                .flatMap(zip -> audit.record(new AuditEntry(SELF, AuditAction.CONTACT_EXPORT, "contact:" + viewer.contact().value(), 1,
                        "self-service, " + PATH)).thenReturn(zip))
                .map(zip -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"my-personal-data.zip\"")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .body(zip));
    }

    @PostMapping(path = PATH + "/erasure", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Mono<ResponseEntity<Map<String, Object>>> erase(@RequestBody(required = false) ErasureConfirmation confirmation,
            @AuthenticationPrincipal Viewer viewer) {
        if (confirmation == null || !Boolean.TRUE.equals(confirmation.confirm())) {
            return Mono.error(new UnconfirmedErasure());
        }
        return privacy.person(viewer.contact()).switchIfEmpty(Mono.error(NoSuchPerson::new))
                .flatMap(person -> privacy.requestErasure(person.contact(), SELF, "page:" + PATH))
                .flatMap(erasure -> audit.record(new AuditEntry(SELF, AuditAction.ERASURE_REQUESTED, "contact:" + erasure.contact().value(),
                        1, "erasure:" + erasure.id())).thenReturn(erasure))
                .map(erasure -> ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH))
                        .body(Map.of("id", erasure.id(), "state", erasure.state().name())));
    }

    private static List<HoldingView> holdings(List<PersonalData> parts) {
        return parts.stream().flatMap(part -> part.tables().entrySet().stream()
                        .filter(table -> !table.getValue().isEmpty())
                        .map(table -> new HoldingView(part.part(), table.getKey(), table.getValue().size())))
                .toList();
    }

    private static PurposeView view(ConsentPurpose purpose, ConsentRecord latest) {
        String state = latest == null ? "UNDECIDED" : latest.given() ? "GIVEN" : "WITHDRAWN";
        return new PurposeView(purpose, state, latest == null ? null : latest.recordedAt().atZone(CHINA));
    }

    private static Locale locale(ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale();
        return locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
    }
}
