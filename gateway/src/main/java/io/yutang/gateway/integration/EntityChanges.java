package io.yutang.gateway.integration;

import io.yutang.content.ContentLeads;
import io.yutang.referral.ContactId;
import io.yutang.referral.ContactIdentity;
import io.yutang.referral.Contacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The integration API's lists by entity — contacts, leads, registrations, attendance — changed since
 * a cursor. They ride on the change feed: a page of the feed's events of the entity's types, each
 * entity named there once (at its latest change in the page) with its state now. The cursor is the
 * feed's, so the lists inherit its consistency: no change is passed over while rows are written,
 * and an entity shows again after the cursor only when it changed again.
 */
@Component
class EntityChanges {

    static final List<String> CONTACT_TYPES = List.of("contact.followed", "contact.unfollowed", "contact.identified", "contact.erased");
    static final List<String> LEAD_TYPES = List.of("lead.captured", "lead.qualified");
    static final List<String> REGISTRATION_TYPES = List.of("registration.created", "registration.cancelled");
    static final List<String> ATTENDANCE_TYPES = List.of("attendance.recorded");

    /** A page of entities and the cursor to ask for the next; {@code more} says whether a next page is ready now. */
    record Entities<T>(List<T> items, String next, boolean more) {
    }

    /** What the CRM last changed about: the feed event's id, type and time. */
    record Change(String id, String type, Instant at) {
        static Change of(ChangeFeed.Change change) {
            return new Change(change.id(), change.type(), change.timestamp());
        }
    }

    /** How the person said they can be reached (personal data: only with {@code personal-data:read}). */
    record Identity(String phone, String email, String name, String company) {
        static Identity of(ContactIdentity identity) {
            return new Identity(identity.phone(), identity.email(), identity.name(), identity.company());
        }

        @Override
        public String toString() {
            return "Identity[***]";
        }
    }

    /**
     * A contact now. {@code openid} and {@code identity} only with {@code personal-data:read};
     * an erased contact has neither, ever. {@code attribution}: the campaign, referrer and advocate of
     * the latest attributed change in the page, or null.
     */
    record ContactState(long id, String openid, boolean subscribed, boolean erased, Instant firstSeenAt, Instant lastSeenAt,
            Identity identity, JsonNode attribution, Change change) {
        @Override
        public String toString() {
            return "ContactState[id=" + id + ", subscribed=" + subscribed + ", erased=" + erased + "]";
        }
    }

    /**
     * A lead now: the latest form's answers (personal data), whether and how it qualified, and
     * everything the CRM reported of it.
     */
    record LeadState(long contactId, String openid, Map<String, String> answers, boolean qualified, Double score,
            Integer ruleVersion, JsonNode attribution, List<LeadOutcome> outcomes, Change change) {
        @Override
        public String toString() {
            return "LeadState[contact=" + contactId + ", qualified=" + qualified + "]";
        }
    }

    /** A registration for a live event ({@code ref}), registered or cancelled, per its latest change. */
    record RegistrationState(long contactId, String openid, String ref, String status, JsonNode attribution, Change change) {
        @Override
        public String toString() {
            return "RegistrationState[contact=" + contactId + ", " + ref + ", " + status + "]";
        }
    }

    /** Attendance at a live event ({@code ref}): the watch time reported when it was recorded. */
    record AttendanceState(long contactId, String openid, String ref, Integer seconds, JsonNode attribution, Change change) {
        @Override
        public String toString() {
            return "AttendanceState[contact=" + contactId + ", " + ref + "]";
        }
    }

    private final ChangeFeed feed;
    private final Contacts contacts;
    private final ContentLeads leads;
    private final LeadOutcomes outcomes;
    private final DatabaseClient db;

    EntityChanges(ChangeFeed feed, Contacts contacts, ContentLeads leads, LeadOutcomes outcomes, DatabaseClient db) {
        this.feed = feed;
        this.contacts = contacts;
        this.leads = leads;
        this.outcomes = outcomes;
        this.db = db;
    }

    Mono<Entities<ContactState>> contacts(String after, boolean personalData, int limit) {
        return feed.after(after, CONTACT_TYPES, personalData, limit).flatMap(page -> {
            Map<Long, List<ChangeFeed.Change>> byContact = latestFirstSeen(page, EntityChanges::contactId);
            List<ContactId> ids = byContact.keySet().stream().map(ContactId::new).toList();
            Mono<Map<Long, ContactIdentity>> identities = personalData
                    ? contacts.latestIdentities(ids).collectMap(identity -> identity.contact().value())
                    : Mono.just(Map.of());
            return identities.flatMap(known -> Flux.fromIterable(byContact.entrySet())
                    .concatMap(entry -> contacts.find(new ContactId(entry.getKey())).map(contact -> {
                        List<ChangeFeed.Change> changes = entry.getValue();
                        ChangeFeed.Change last = changes.get(changes.size() - 1);
                        boolean erased = contact.user().openid().startsWith("erased:")
                                || changes.stream().anyMatch(change -> change.type().equals("contact.erased"));
                        ContactIdentity identity = erased ? null : known.get(entry.getKey());
                        return new ContactState(entry.getKey(), erased || !personalData ? null : contact.user().openid(),
                                contact.subscribed(), erased, contact.firstSeenAt(), contact.lastSeenAt(),
                                identity == null ? null : Identity.of(identity), attribution(changes), Change.of(last));
                    }))
                    .collectList())
                    .map(items -> new Entities<>(items, page.next(), page.more()));
        });
    }

    Mono<Entities<LeadState>> leads(String after, boolean personalData, int limit) {
        return feed.after(after, LEAD_TYPES, personalData, limit).flatMap(page -> {
            Map<Long, List<ChangeFeed.Change>> byContact = latestFirstSeen(page, EntityChanges::contactId);
            return qualifications(byContact.keySet()).flatMap(qualified -> Flux.fromIterable(byContact.entrySet())
                    .concatMap(entry -> {
                        long contact = entry.getKey();
                        List<ChangeFeed.Change> changes = entry.getValue();
                        Mono<Map<String, String>> answers = personalData
                                ? leads.lastAnswers(new ContactId(contact)).defaultIfEmpty(Map.of()) : Mono.just(Map.of());
                        return Mono.zip(answers, outcomes.of(contact).collectList()).map(found -> {
                            JsonNode qualification = qualified.get(contact);
                            return new LeadState(contact, openid(changes), personalData ? found.getT1() : null,
                                    qualification != null,
                                    qualification == null ? null : qualification.path("score").asDouble(),
                                    qualification == null ? null : qualification.path("ruleVersion").asInt(),
                                    attribution(changes), found.getT2(), Change.of(changes.get(changes.size() - 1)));
                        });
                    })
                    .collectList())
                    .map(items -> new Entities<>(items, page.next(), page.more()));
        });
    }

    Mono<Entities<RegistrationState>> registrations(String after, boolean personalData, int limit) {
        return feed.after(after, REGISTRATION_TYPES, personalData, limit).map(page -> {
            List<RegistrationState> items = latestFirstSeen(page, change -> contactId(change) + " " + ref(change)).values().stream()
                    .map(changes -> {
                        ChangeFeed.Change last = changes.get(changes.size() - 1);
                        return new RegistrationState(contactId(last), openid(changes), ref(last),
                                last.type().equals("registration.cancelled") ? "CANCELLED" : "REGISTERED", attribution(changes),
                                Change.of(last));
                    })
                    .toList();
            return new Entities<>(items, page.next(), page.more());
        });
    }

    Mono<Entities<AttendanceState>> attendance(String after, boolean personalData, int limit) {
        return feed.after(after, ATTENDANCE_TYPES, personalData, limit).map(page -> {
            List<AttendanceState> items = latestFirstSeen(page, change -> contactId(change) + " " + ref(change)).values().stream()
                    .map(changes -> {
                        ChangeFeed.Change last = changes.get(changes.size() - 1);
                        JsonNode seconds = last.data().path("seconds");
                        return new AttendanceState(contactId(last), openid(changes), ref(last),
                                seconds.isNumber() ? seconds.asInt() : null, attribution(changes), Change.of(last));
                    })
                    .toList();
            return new Entities<>(items, page.next(), page.more());
        });
    }

    /** The page's changes per entity, oldest first, the entities in the order of their latest change. */
    private static <K> Map<K, List<ChangeFeed.Change>> latestFirstSeen(ChangeFeed.Page page, Function<ChangeFeed.Change, K> key) {
        Map<K, List<ChangeFeed.Change>> entities = new LinkedHashMap<>();
        for (ChangeFeed.Change change : page.items()) {
            K entity = key.apply(change);
            List<ChangeFeed.Change> changes = entities.remove(entity);
            if (changes == null) {
                changes = new ArrayList<>();
            }
            changes.add(change);
            entities.put(entity, changes);
        }
        return entities;
    }

    /** Each of these contacts' latest {@code lead.qualified} data, from every message ever published (not just this page). */
    private Mono<Map<Long, JsonNode>> qualifications(java.util.Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("""
                        select distinct on (contact_id) contact_id, body from gateway.webhook_message
                         where type = 'lead.qualified' and contact_id = any(:contacts)
                         order by contact_id, occurred_at desc""")
                .bind("contacts", contactIds.toArray(Long[]::new))
                .map(row -> Map.entry(row.get("contact_id", Long.class), row.get("body", String.class)))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> feed.data(entry.getValue())));
    }

    private static long contactId(ChangeFeed.Change change) {
        return change.data().path("contact").path("id").asLong();
    }

    private static String ref(ChangeFeed.Change change) {
        JsonNode ref = change.data().path("ref");
        return ref.isString() ? ref.asString() : null;
    }

    private static String openid(List<ChangeFeed.Change> changes) {
        JsonNode openid = changes.get(changes.size() - 1).data().path("contact").path("openid");
        return openid.isString() ? openid.asString() : null;
    }

    /** The latest attribution among an entity's changes in the page, or null. */
    private static JsonNode attribution(List<ChangeFeed.Change> changes) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            JsonNode attribution = changes.get(i).data().path("attribution");
            if (attribution.isObject()) {
                return attribution;
            }
        }
        return null;
    }
}
