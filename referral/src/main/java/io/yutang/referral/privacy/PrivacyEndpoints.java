package io.yutang.referral.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.ConsentRecord;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.Erasure;
import io.yutang.referral.Person;
import io.yutang.referral.Privacy;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * ADMIN's answer to a person's request under PIPL: find them by openid or phone, export everything
 * held about them, see their consents, erase them and show the receipt.
 */
@Tag(name = "privacy", description = "A person's data: lookup, export, consents, erasure (ADMIN)")
@RestController
@RequestMapping("/api/privacy")
class PrivacyEndpoints {

    /** A contact found for a request. */
    record Found(long contactId) {
    }

    private final Privacy privacy;
    private final Consents consents;
    private final AuditTrail audit;

    PrivacyEndpoints(Privacy privacy, Consents consents, AuditTrail audit) {
        this.privacy = privacy;
        this.consents = consents;
        this.audit = audit;
    }

    @Operation(summary = "The contacts a person is known as, by exactly one of openid or phone (as left on a form)")
    @GetMapping("/contacts")
    Flux<Found> lookup(@RequestParam(required = false) String openid, @RequestParam(required = false) String phone) {
        boolean byOpenid = openid != null && !openid.isBlank();
        boolean byPhone = phone != null && !phone.isBlank();
        if (byOpenid == byPhone) {
            return Flux.error(new InvalidPrivacyQuery());
        }
        return (byOpenid ? privacy.byOpenid(openid.strip()) : privacy.byPhone(phone.strip())).map(id -> new Found(id.value()));
    }

    @Operation(summary = "Everything yutang holds about the person, from every module: a zip with one JSON file and a CSV per table")
    @GetMapping(path = "/contacts/{id}/export", produces = "application/zip")
    Mono<ResponseEntity<byte[]>> export(@PathVariable long id, Principal caller) {
        return person(id).flatMap(privacy::export)
                .flatMap(zip -> audit.record(AuditEntry.by(caller, AuditAction.CONTACT_EXPORT, "contact:" + id, 1, "every module"))
                        .thenReturn(zip))
                .map(zip -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"contact-" + id + "-personal-data.zip\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(zip));
    }

    @Operation(summary = "Every consent decision the person made, oldest first, with the text they were shown")
    @GetMapping("/contacts/{id}/consents")
    Mono<List<ConsentRecord>> consents(@PathVariable long id, Principal caller) {
        return person(id).flatMap(person -> consents.history(person.contact()).collectList())
                .flatMap(history -> audit.record(AuditEntry.by(caller, AuditAction.CONTACT_READ, "contact:" + id, 1, "consents"))
                        .thenReturn(history));
    }

    @Operation(summary = "Erase the person in every module and store (202; done within seconds); asking again returns the same request")
    @PostMapping("/contacts/{id}/erasure")
    Mono<ResponseEntity<Erasure>> erase(@PathVariable long id, Principal caller) {
        return privacy.erasures(new ContactId(id)).next()
                .filter(done -> done.state() == Erasure.State.DONE)
                .switchIfEmpty(person(id).flatMap(person -> privacy.requestErasure(person.contact(), AuditEntry.actorOf(caller), "api")
                        .flatMap(erasure -> audit.record(AuditEntry.by(caller, AuditAction.ERASURE_REQUESTED, "contact:" + id, 1,
                                "erasure:" + erasure.id())).thenReturn(erasure))))
                .map(erasure -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/api/privacy/erasures/" + erasure.id())).body(erasure));
    }

    @Operation(summary = "An erasure request and, once done, its receipt: what each module removed")
    @GetMapping("/erasures/{id}")
    Mono<Erasure> erasure(@PathVariable long id) {
        return privacy.erasure(id).switchIfEmpty(Mono.error(NoSuchErasure::new));
    }

    private Mono<Person> person(long id) {
        return privacy.person(new ContactId(id)).switchIfEmpty(Mono.error(NoSuchPerson::new));
    }
}
