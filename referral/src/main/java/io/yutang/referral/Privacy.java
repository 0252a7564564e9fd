package io.yutang.referral;

import io.yutang.referral.privacy.Erasures;
import io.yutang.referral.privacy.People;
import io.yutang.referral.privacy.PersonalDataExport;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for a person's rights under PIPL: find them, show or export everything every
 * module holds about them ({@link PersonalDataHolder}), and erase them as durable work with a
 * receipt. An erased person is gone for every lookup; scanning again makes them a new contact.
 */
@Service
public class Privacy {

    private final People people;
    private final PersonalDataExport export;
    private final Erasures erasures;
    private final List<PersonalDataHolder> holders;

    Privacy(People people, PersonalDataExport export, Erasures erasures, List<PersonalDataHolder> holders) {
        this.people = people;
        this.export = export;
        this.erasures = erasures;
        this.holders = holders;
    }

    /** The person behind this contact; empty when there is none or they were erased. */
    public Mono<Person> person(ContactId contact) {
        return people.person(contact);
    }

    /** The people known by this openid (one per service account). */
    public Flux<ContactId> byOpenid(String openid) {
        return people.byOpenid(openid);
    }

    /** The people who left this phone number on any form. */
    public Flux<ContactId> byPhone(String phone) {
        return Flux.fromIterable(holders).concatMap(holder -> holder.byPhone(phone)).distinct()
                .concatMap(contact -> person(contact).map(Person::contact));
    }

    /** What every module holds about the person. */
    public Mono<List<PersonalData>> holdings(Person person) {
        return export.holdings(person);
    }

    /** Everything held about the person as a zip: one JSON file and a CSV per table. */
    public Mono<byte[]> export(Person person) {
        return export.zip(person);
    }

    /**
     * Plans the person's erasure (done within seconds by whichever instance is free); asking again
     * while it is open returns the same request.
     *
     * @param requestedBy a staff username or token name, or {@code self}
     * @param source {@code api}, {@code page:/my/privacy}
     */
    public Mono<Erasure> requestErasure(ContactId contact, String requestedBy, String source) {
        return erasures.request(contact, requestedBy, source);
    }

    public Mono<Erasure> erasure(long id) {
        return erasures.find(id);
    }

    /** The person's erasure requests, newest first. */
    public Flux<Erasure> erasures(ContactId contact) {
        return erasures.of(contact);
    }
}
