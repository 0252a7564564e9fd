package io.yutang.content;

import io.yutang.content.lead.Leads;
import io.yutang.referral.ContactId;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Content's façade for other modules: what a contact last told a gate. */
@Service
public class ContentLeads {

    private final Leads leads;

    ContentLeads(Leads leads) {
        this.leads = leads;
    }

    /** The answers of the contact's latest lead form (name, company, phone…), or empty when they never filled one. */
    public Mono<Map<String, String>> lastAnswers(ContactId contact) {
        return leads.lastAnswers(contact);
    }
}
