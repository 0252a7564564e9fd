package io.yutang.content.score;

import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourListener;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps every contact's score current: told by referral which contacts' behaviour changed (or, after
 * new rules, everyone), it reads their whole history, scores it under the rules in force and stores
 * the score; a contact at or above the qualifying score becomes a qualified lead, once per rule version.
 */
@Component
class Scoring implements BehaviourListener {

    private final Behaviours behaviours;
    private final ScoreRuleBook rules;
    private final Scores scores;
    private final ScoreDetails details;
    private final Clock clock;

    Scoring(Behaviours behaviours, ScoreRuleBook rules, Scores scores, ScoreDetails details, Clock clock) {
        this.behaviours = behaviours;
        this.rules = rules;
        this.scores = scores;
        this.details = details;
        this.clock = clock;
    }

    @Override
    public Mono<Void> changed(List<ContactId> contacts) {
        Instant now = clock.instant();
        return rules.current().flatMap(set -> behaviours.historyOf(contacts)
                .collectMultimap(behaviour -> behaviour.contact().value())
                .flatMap(histories -> {
                    List<Scores.Scored> scored = contacts.stream()
                            .map(contact -> new Scores.Scored(contact, card(histories, contact, set, now)))
                            .toList();
                    List<Scores.Scored> qualifying = scored.stream()
                            .filter(s -> s.card().total() >= set.qualifyingScore())
                            .toList();
                    return scores.save(scored, set.version(), now)
                            .then(scores.qualify(qualifying, set.version(), qualifying.stream()
                                    .map(s -> details.of(s.card())).toList(), now));
                }));
    }

    /** The contact's card under {@code set} now, for the explanation. */
    Mono<ScoreCard> card(ContactId contact, ScoreRuleSet set) {
        Instant now = clock.instant();
        return behaviours.historyOf(List.of(contact)).collectList().map(history -> ScoreCard.of(history, set.rules(), now));
    }

    private static ScoreCard card(Map<Long, Collection<Behaviour>> histories, ContactId contact, ScoreRuleSet set, Instant now) {
        Collection<Behaviour> history = histories.get(contact.value());
        return ScoreCard.of(history == null ? List.of() : List.copyOf(history), set.rules(), now);
    }
}
