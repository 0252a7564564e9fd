package io.yutang.referral;

import io.yutang.referral.sharer.SharerStore;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Referral's façade for sharers as other modules need them: binding a WeChat user and the roles it gives. */
@Service
public class Sharers {

    private final SharerStore store;

    Sharers(SharerStore store) {
        this.store = store;
    }

    /**
     * Spends a binding link: the sharer it was issued for is bound to this contact. Refused with a
     * problem when the link is unknown (404), used or expired (410), or the contact is already
     * bound to another sharer (409).
     */
    public Mono<BoundSharer> bind(String token, ContactId contact) {
        return store.bind(token, contact);
    }

    /** The roles ({@code REP}, {@code PARTNER}) the contact has as a bound sharer; empty for everyone else. */
    public Mono<Set<String>> rolesOf(ContactId contact) {
        return store.rolesOf(contact);
    }
}
