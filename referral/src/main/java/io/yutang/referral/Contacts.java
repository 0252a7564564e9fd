package io.yutang.referral;

import io.yutang.referral.behaviour.BehaviourLog;
import io.yutang.referral.contact.ContactFacts;
import io.yutang.referral.contact.ContactIdentities;
import io.yutang.referral.contact.ContactRecorder;
import io.yutang.referral.contact.ContactStore;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for identity: every WeChat event lands here as a follow, an unfollow or a
 * sighting of a contact. Recording the same event twice, or events out of order, leaves the same
 * contact. A new contact, or a new follow, also schedules a durable profile fetch in the same
 * atomic step.
 */
@Service
public class Contacts {

    private final ContactStore store;
    private final ContactRecorder recorder;
    private final BehaviourLog behaviours;
    private final ContactIdentities identities;

    Contacts(ContactStore store, ContactRecorder recorder, BehaviourLog behaviours, ContactIdentities identities) {
        this.behaviours = behaviours;
        this.identities = identities;
        this.store = store;
        this.recorder = recorder;
    }

    /** The user followed the account at {@code at}. */
    public Mono<ContactId> followed(WeChatUser user, Instant at) {
        return record(user, Boolean.TRUE, at).flatMap(contact -> behaviours.record(
                Behaviour.of(contact, BehaviourKind.FOLLOW, null, at, "follow:" + contact.value() + ":" + at.toEpochMilli()))
                .thenReturn(contact));
    }

    /** The user unfollowed the account at {@code at}. */
    public Mono<ContactId> unfollowed(WeChatUser user, Instant at) {
        return record(user, Boolean.FALSE, at).flatMap(contact -> behaviours.record(
                Behaviour.of(contact, BehaviourKind.UNFOLLOW, null, at, "unfollow:" + contact.value() + ":" + at.toEpochMilli()))
                .thenReturn(contact));
    }

    /** The user did something else (scan, click, message) at {@code at}. */
    public Mono<ContactId> seen(WeChatUser user, Instant at) {
        return record(user, null, at);
    }

    /** The user signed in on an H5 page at {@code at}, revealing {@code profile}. */
    public Mono<ContactId> signedIn(WeChatUser user, SignInProfile profile, Instant at) {
        return record(user, null, at).flatMap(id -> store.saveSignIn(id, profile, at).thenReturn(id));
    }

    /** The contact for this user, or empty if yutang has never seen them. */
    public Mono<Contact> find(WeChatUser user) {
        return store.find(user);
    }

    /** The contact with this id, or empty if there is none (erased, or never existed). */
    public Mono<Contact> find(ContactId id) {
        return store.find(id);
    }

    /** Which of these users follow the account now. */
    public Mono<Set<WeChatUser>> followers(Collection<WeChatUser> users) {
        return store.followers(users);
    }

    private Mono<ContactId> record(WeChatUser user, Boolean subscribed, Instant at) {
        return recorder.record(new ContactFacts.Fact(user, subscribed, at));
    }

    /**
     * The identities (phone, e-mail) first given by these forms, by their claims' source keys; an
     * {@code IDENTIFIED} behaviour's key is {@code identified:} and the form's.
     */
    public Flux<ContactIdentity> identitiesFrom(Collection<String> formSourceKeys) {
        return identities.bySource(formSourceKeys);
    }

    /** Each of these contacts' most recently given identity, for those who gave one. */
    public Flux<ContactIdentity> latestIdentities(Collection<ContactId> contacts) {
        return identities.latestOf(contacts.stream().map(ContactId::value).toList());
    }
}
