package io.yutang.referral;

import reactor.core.publisher.Flux;

/**
 * Port: finds contacts by what they wrote on a form (a phone number, a name) in a module that
 * keeps such answers; livestream implements it over its registrations. Referral's contact lookup
 * asks every implementation and joins nothing across schemas.
 */
public interface RegistrantDirectory {

    /** Contacts whose answers hold exactly this phone number (as written, without spaces). */
    Flux<RegistrantMatch> byPhone(String phone);

    /** Contacts whose answers hold a name starting with {@code name}, ignoring case. */
    Flux<RegistrantMatch> byName(String name);
}
