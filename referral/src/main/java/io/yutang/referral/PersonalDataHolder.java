package io.yutang.referral;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A module's share of the person: every module that stores personal data implements this once,
 * so an export shows all of it and an erasure leaves nothing behind. Referral runs the erasure
 * ({@link Privacy}), calling every holder, its own last.
 */
public interface PersonalDataHolder {

    /** The part's name in exports and receipts: the module. */
    String part();

    /** Everything this part holds about the person. */
    Mono<PersonalData> export(Person person);

    /**
     * Removes or anonymises the person in this part's tables and keys; aggregate figures that
     * count them (a board's total, an event's attendance) stay. Running it again changes nothing more.
     */
    Mono<ErasedData> erase(Person person);

    /** The contacts this part knows by this phone number (from forms they filled in). */
    default Flux<ContactId> byPhone(String phone) {
        return Flux.empty();
    }
}
