package io.yutang.gateway.webhook;

import io.yutang.content.ContentLeads;
import io.yutang.content.LeadQualified;
import io.yutang.content.LeadQualifiedListener;
import io.yutang.referral.Attribution;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.BehaviourListener;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what contacts did into webhook messages. It listens where the facts are durable: referral's
 * behaviour log hands it every contact whose behaviour changed (follows, unfollows, registrations,
 * attendance, lead forms), through its own queue, and content tells it of each qualified lead as
 * part of the lead's hand-off; either retries when this fails. Each fact becomes one message (its
 * key is the behaviour's), with the attribution of the matching credited conversion: campaign,
 * direct referrer and owning advocate. A registration that was withdrawn becomes
 * {@code registration.cancelled}. A lead form, and a phone or e-mail address given on any form
 * ({@code contact.identified}), are sent only when the person consented to sharing with the CRM.
 */
@Component
class WebhookFeed implements BehaviourListener, LeadQualifiedListener {

    private static final Map<BehaviourKind, EventType> TYPES = Map.of(
            BehaviourKind.FOLLOW, EventType.CONTACT_FOLLOWED,
            BehaviourKind.UNFOLLOW, EventType.CONTACT_UNFOLLOWED,
            BehaviourKind.REGISTRATION, EventType.REGISTRATION_CREATED,
            BehaviourKind.ATTENDANCE, EventType.ATTENDANCE_RECORDED,
            BehaviourKind.LEAD, EventType.LEAD_CAPTURED,
            BehaviourKind.IDENTIFIED, EventType.CONTACT_IDENTIFIED);
    /** Events that carry what the person wrote on a form: sent only while they consent to sharing with the CRM. */
    private static final Set<EventType> PERSONAL = Set.of(EventType.LEAD_CAPTURED, EventType.CONTACT_IDENTIFIED);
    private static final String IDENTIFIED_BY = "identified:";
    private static final Map<BehaviourKind, ConversionKind> CREDITED_AS = Map.of(
            BehaviourKind.FOLLOW, ConversionKind.FOLLOW,
            BehaviourKind.REGISTRATION, ConversionKind.REGISTRATION,
            BehaviourKind.ATTENDANCE, ConversionKind.ATTENDANCE,
            BehaviourKind.LEAD, ConversionKind.LEAD);

    /** A decision this close in time to a behaviour of its kind is about the same fact. */
    private static final Duration SAME_FACT = Duration.ofMinutes(5);

    private final Behaviours behaviours;
    private final Attribution attribution;
    private final Consents consents;
    private final Contacts contacts;
    private final ContentLeads leads;
    private final WebhookMessages messages;
    private final JsonMapper json;
    private final WebhookSettings settings;
    private final Clock clock;

    WebhookFeed(Behaviours behaviours, Attribution attribution, Consents consents, Contacts contacts, ContentLeads leads,
            WebhookMessages messages, JsonMapper json, WebhookSettings settings, Clock clock) {
        this.behaviours = behaviours;
        this.attribution = attribution;
        this.consents = consents;
        this.contacts = contacts;
        this.leads = leads;
        this.messages = messages;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Mono<Void> changed(List<ContactId> changed) {
        return behaviours.historyOf(changed).filter(b -> TYPES.containsKey(b.kind())).collectList()
                .flatMap(history -> messages.published(history.stream().map(WebhookFeed::key).toList()).collect(Collectors.toSet())
                        .flatMap(published -> Flux.fromIterable(history).filter(b -> !published.contains(key(b)))
                                .concatMap(this::publishOnceSettled)
                                .collect(Collectors.toSet())
                                .flatMap(unsettled -> behaviours.handAgain(unsettled)))
                        .then(cancellations(changed, history)));
    }

    @Override
    public Mono<Void> qualified(LeadQualified lead) {
        // A qualified lead carries the person's answers: only with their consent to sharing with the CRM.
        return consents.given(lead.contact(), ConsentPurpose.CRM_SHARING, "").filter(Boolean::booleanValue)
                .flatMap(allowed -> contacts.find(lead.contact()))
                .flatMap(contact -> decision(lead.contact(), ConversionKind.QUALIFIED_LEAD)
                .map(found -> attributionOf(found.orElse(null))).defaultIfEmpty(Map.of())
                .flatMap(credit -> leads.lastAnswers(lead.contact()).defaultIfEmpty(Map.of()).flatMap(answers -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("contact", contactOf(lead.contact(), contact.user().openid()));
                    data.put("score", lead.score());
                    data.put("ruleVersion", lead.ruleVersion());
                    data.put("detail", lead.detail());
                    data.put("answers", answers);
                    data.put("attribution", credit.isEmpty() ? null : credit);
                    return messages.publish(EventType.LEAD_QUALIFIED, "qualified:" + lead.id(), lead.contact().value(),
                            lead.qualifiedAt(), data);
                })));
    }

    private static String key(Behaviour behaviour) {
        return "behaviour:" + behaviour.sourceKey();
    }

    /**
     * Publishes the behaviour once referral has decided its conversion (a follow's, a registration's
     * credit comes a moment after the behaviour); emits the contact instead while it has not, for up
     * to {@code attributionSettle}, after which the message goes without attribution.
     */
    private Mono<ContactId> publishOnceSettled(Behaviour behaviour) {
        ConversionKind kind = creditedAs(behaviour);
        if (kind == null) {
            return publish(behaviour, null).then(Mono.empty());
        }
        return attribution.decisionsFor(behaviour.contact())
                .filter(d -> d.kind() == kind && Duration.between(d.occurredAt(), behaviour.occurredAt()).abs().compareTo(SAME_FACT) <= 0)
                .sort(Comparator.comparing(AttributionDecision::occurredAt).reversed())
                .next()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(decision -> {
                    if (decision.isEmpty() && behaviour.occurredAt().isAfter(clock.instant().minus(settings.attributionSettle()))) {
                        return Mono.just(behaviour.contact());
                    }
                    AttributionDecision credited = decision.filter(d -> d.credited() && d.reversedAt() == null).orElse(null);
                    return publish(behaviour, credited).then(Mono.empty());
                });
    }

    /** The conversion a behaviour's attribution is read from: an identification's is its form's (registration or lead). */
    private static ConversionKind creditedAs(Behaviour behaviour) {
        if (behaviour.kind() == BehaviourKind.IDENTIFIED) {
            return behaviour.sourceKey().startsWith(IDENTIFIED_BY + "registration:") ? ConversionKind.REGISTRATION : ConversionKind.LEAD;
        }
        return CREDITED_AS.get(behaviour.kind());
    }

    private Mono<Void> publish(Behaviour behaviour, AttributionDecision decision) {
        EventType type = TYPES.get(behaviour.kind());
        Mono<Boolean> allowed = PERSONAL.contains(type)
                ? consents.given(behaviour.contact(), ConsentPurpose.CRM_SHARING, "") : Mono.just(true);
        return allowed.flatMap(ok -> !ok ? Mono.<Void>empty() : contacts.find(behaviour.contact())
                .flatMap(contact -> {
                    Mono<Map<String, String>> answers = switch (type) {
                        case LEAD_CAPTURED -> leads.lastAnswers(behaviour.contact()).defaultIfEmpty(Map.of());
                        case CONTACT_IDENTIFIED -> identity(behaviour);
                        default -> Mono.just(Map.of());
                    };
                    return answers.flatMap(found -> {
                        Map<String, Object> credit = attributionOf(decision);
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("contact", contactOf(behaviour.contact(), contact.user().openid()));
                        data.put("ref", behaviour.ref());
                        if (behaviour.seconds() != null) {
                            data.put("seconds", behaviour.seconds());
                        }
                        if (type == EventType.LEAD_CAPTURED) {
                            data.put("answers", found);
                        } else if (type == EventType.CONTACT_IDENTIFIED) {
                            data.put("identity", found);
                        }
                        data.put("attribution", credit.isEmpty() ? null : credit);
                        return messages.publish(type, key(behaviour), behaviour.contact().value(), behaviour.occurredAt(), data);
                    });
                }));
    }

    /** What the identifying form gave: phone, e-mail, name, company (absent ones as null). */
    private Mono<Map<String, String>> identity(Behaviour identified) {
        return contacts.identitiesFrom(List.of(identified.sourceKey().substring(IDENTIFIED_BY.length()))).next()
                .map(found -> {
                    Map<String, String> identity = new LinkedHashMap<>();
                    identity.put("phone", found.phone());
                    identity.put("email", found.email());
                    identity.put("name", found.name());
                    identity.put("company", found.company());
                    return identity;
                });
    }

    /** Registrations published before whose behaviour is gone (withdrawn): one cancellation each. */
    private Mono<Void> cancellations(List<ContactId> changed, List<Behaviour> history) {
        Set<String> current = new HashSet<>();
        history.forEach(b -> current.add(key(b)));
        return messages.ofContacts(EventType.REGISTRATION_CREATED, changed.stream().map(ContactId::value).toList())
                .filter(created -> !current.contains(created.getKey()))
                .concatMap(created -> {
                    JsonNode data = json.readTree(created.getValue()).path("data");
                    Map<String, Object> cancelled = new LinkedHashMap<>();
                    cancelled.put("contact", json.convertValue(data.path("contact"), Map.class));
                    cancelled.put("ref", data.path("ref").isNull() ? null : data.path("ref").asString());
                    cancelled.put("attribution", data.path("attribution").isNull() ? null : json.convertValue(data.path("attribution"), Map.class));
                    long contact = data.path("contact").path("id").asLong();
                    return messages.publish(EventType.REGISTRATION_CANCELLED, "cancelled:" + created.getKey(), contact,
                            clock.instant(), cancelled);
                })
                .then();
    }

    private Mono<java.util.Optional<AttributionDecision>> decision(ContactId contact, ConversionKind kind) {
        return attribution.decisionsFor(contact)
                .filter(d -> d.kind() == kind && "CREDITED".equals(d.outcome()) && d.reversedAt() == null)
                .sort(Comparator.comparing(AttributionDecision::occurredAt).reversed())
                .next()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private static Map<String, Object> attributionOf(AttributionDecision decision) {
        if (decision == null) {
            return Map.of();
        }
        Map<String, Object> credit = new LinkedHashMap<>();
        credit.put("campaignId", decision.campaignId());
        credit.put("referrer", sharer(decision.referrer()));
        credit.put("advocate", sharer(decision.advocate()));
        return credit;
    }

    private static Map<String, Object> sharer(Sharer sharer) {
        if (sharer == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", sharer.id());
        shown.put("kind", sharer.kind().name());
        shown.put("name", sharer.name());
        shown.put("department", sharer.department());
        shown.put("company", sharer.company());
        return shown;
    }

    private static Map<String, Object> contactOf(ContactId id, String openid) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", id.value());
        contact.put("openid", openid);
        return contact;
    }
}
