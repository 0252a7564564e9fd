package io.yutang.referral.mine;

import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.Disclosure;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * The recent steps of the prospects a sharer brought into a campaign: the behaviour log of the
 * contacts in their branch of the referral tree (a rep's whole chain, a partner company's, a
 * prospect's own branch), with the qualified leads among them, newest first (what the CRM reported is
 * the company's business, and an identification repeats the form it came with: neither is shown). Reads only.
 */
@Repository
class ProspectSteps {

    private static final String STEPS = """
            with brought as (%s),
            steps as (
                select b.contact_id, b.kind, b.seconds, b.occurred_at, b.id as seq
                  from referral.behaviour b join brought on brought.contact_id = b.contact_id
                 where b.kind not in ('IDENTIFIED', 'CRM_ACCEPTED', 'CRM_REJECTED', 'CRM_OPPORTUNITY', 'CRM_WON', 'CRM_LOST')
                union all
                select v.contact_id, 'QUALIFIED_LEAD', null, v.occurred_at, v.id
                  from referral.conversion v join brought on brought.contact_id = v.contact_id
                 where v.kind = 'QUALIFIED_LEAD' and v.outcome <> 'REVERSED'
            )
            select s.contact_id, s.kind, s.seconds, s.occurred_at,
                   coalesce((select v.prospect_name from referral.conversion v
                              where v.contact_id = s.contact_id and v.campaign_id = :campaign and v.prospect_name is not null
                              order by v.id desc limit 1), c.nickname) as name
              from (select * from steps order by occurred_at desc, seq desc limit :limit) s
              join referral.contact c on c.id = s.contact_id
             order by s.occurred_at desc, s.seq desc""";

    private static final String OF_SHARER = """
            select e.contact_id from referral.tree_edge e where e.campaign_id = :campaign and e.advocate_sharer_id = :owner""";
    private static final String OF_COMPANY = """
            select e.contact_id from referral.tree_edge e join referral.sharer a on a.id = e.advocate_sharer_id
             where e.campaign_id = :campaign and a.kind = 'PARTNER' and a.company = :owner""";
    private static final String OF_BRANCH = """
            select e.contact_id from referral.tree_edge e
             where e.campaign_id = :campaign and e.path @> array[:owner]::bigint[]""";

    private final DatabaseClient db;

    ProspectSteps(DatabaseClient db) {
        this.db = db;
    }

    /**
     * At most {@code limit} steps, newest first. An employee sees a prospect's name as their digest
     * names them; a partner's staff and a prospect sharing onwards see it masked.
     */
    Flux<ProspectStep> ofBranch(long campaignId, Sharer sharer, int limit) {
        Disclosure disclosure = sharer.kind() == SharerKind.EMPLOYEE ? Disclosure.FULL : Disclosure.MASKED;
        DatabaseClient.GenericExecuteSpec query;
        if (sharer.kind() == SharerKind.PARTNER && sharer.company() != null) {
            query = db.sql(STEPS.formatted(OF_COMPANY)).bind("owner", sharer.company());
        } else if (sharer.kind() == SharerKind.PROSPECT) {
            if (sharer.contactId() == null) {
                return Flux.empty();
            }
            query = db.sql(STEPS.formatted(OF_BRANCH)).bind("owner", sharer.contactId());
        } else {
            query = db.sql(STEPS.formatted(OF_SHARER)).bind("owner", sharer.id());
        }
        return query.bind("campaign", campaignId)
                .bind("limit", limit)
                .map(row -> {
                    String kind = row.get("kind", String.class);
                    return new ProspectStep(row.get("contact_id", Long.class), disclosure.name(row.get("name", String.class)),
                            "QUALIFIED_LEAD".equals(kind) ? ProspectStep.Step.QUALIFIED_LEAD
                                    : ProspectStep.Step.of(BehaviourKind.valueOf(kind)),
                            row.get("seconds", Integer.class), row.get("occurred_at", Instant.class));
                })
                .all();
    }
}
