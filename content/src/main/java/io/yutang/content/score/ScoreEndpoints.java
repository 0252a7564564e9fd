package io.yutang.content.score;

import io.swagger.v3.oas.annotations.Operation;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lead scoring for marketing: the rules, every contact's score explained, and the qualified leads;
 * a contact's score and the list of qualified leads are in the audit log.
 */
@RestController
class ScoreEndpoints {

    private final ScoreRuleBook rules;
    private final Scoring scoring;
    private final Scores scores;
    private final Behaviours behaviours;
    private final Contacts contacts;
    private final AuditTrail audit;

    ScoreEndpoints(ScoreRuleBook rules, Scoring scoring, Scores scores, Behaviours behaviours, Contacts contacts,
            AuditTrail audit) {
        this.rules = rules;
        this.scoring = scoring;
        this.scores = scores;
        this.behaviours = behaviours;
        this.contacts = contacts;
        this.audit = audit;
    }

    /** The rules after a change, and how many contacts were queued to be scored again under them. */
    record RulesChanged(ScoreRuleSet rules, long contactsToRescore) {
    }

    @Operation(summary = "The scoring rules in force")
    @GetMapping("/api/scoring/rules")
    Mono<ScoreRuleSet> rules() {
        return rules.current();
    }

    @Operation(summary = "Every version of the scoring rules, newest first")
    @GetMapping("/api/scoring/rules/versions")
    Flux<ScoreRuleSet> versions() {
        return rules.current().thenMany(rules.history());
    }

    @Operation(summary = "Replace the scoring rules (a new version); every contact is scored again from their stored behaviour")
    @PutMapping("/api/scoring/rules")
    Mono<RulesChanged> replace(@RequestBody @Valid ScoreRuleDraft draft, Principal staff) {
        return rules.replace(draft, staff.getName())
                .flatMap(set -> behaviours.reviewAll().map(queued -> new RulesChanged(set, queued)));
    }

    @Operation(summary = "A contact's score now, with every behaviour and rule that made it")
    @GetMapping("/api/contacts/{id}/score")
    Mono<ContactScore> score(@PathVariable long id, Principal caller) {
        ContactId contact = new ContactId(id);
        return contacts.find(contact).switchIfEmpty(Mono.error(UnknownContact::new))
                .then(audit.record(AuditEntry.by(caller, AuditAction.CONTACT_READ, "contact:" + id, 1, "score")))
                .then(rules.current())
                .flatMap(set -> Mono.zip(scoring.card(contact, set),
                                scores.of(contact).map(Optional::of).defaultIfEmpty(Optional.empty()),
                                scores.qualifications(contact).map(q -> new ContactScore.Qualified(q.ruleVersion(), q.score(),
                                        q.detail(), q.qualifiedAt(), q.handOver())).collectList())
                        .map(found -> new ContactScore(id, found.getT1().total(), set.version(), set.qualifyingScore(),
                                found.getT2().map(Scores.Stored::score).orElse(null),
                                found.getT2().map(Scores.Stored::scoredAt).orElse(null), found.getT3(), found.getT1().lines())));
    }

    @Operation(summary = "The latest qualified leads, newest first")
    @GetMapping("/api/scoring/qualified-leads")
    Flux<QualifiedLead> qualified(@RequestParam(defaultValue = "100") int limit, Principal caller) {
        return audit.recordEach(scores.latestQualifications(Math.max(1, Math.min(limit, 1000))), caller, AuditAction.LEAD_EXPORT,
                "leads", "qualified");
    }
}
