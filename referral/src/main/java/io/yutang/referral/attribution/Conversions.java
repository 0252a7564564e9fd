package io.yutang.referral.attribution;

import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionCredit;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharer.SharerStore;

import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides conversions: which touch (by the campaign's model, inside its window) earns the credit,
 * and credits its direct referrer and owning advocate. The decision and its reason are stored with
 * the conversion's source key, so deciding the same conversion twice gives one credit.
 */
@Component
public class Conversions {

    /**
     * A decision, and whether this call made it (false when it had been made before).
     *
     * @param credits the credits this call gave or took back, for the leaderboards
     */
    public record Decided(AttributionDecision decision, boolean fresh, List<CreditChange> credits) {
    }

    /** Keeps who the prospect said they are, and what the conversion amounts to, with it, for the rep's digest. */
    public Mono<Void> describeProspect(String sourceKey, String name, String company, String detail) {
        return db.sql("""
                        update referral.conversion set prospect_name = :name, prospect_company = :company, detail = :detail
                         where source_key = :key""")
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("company", Parameter.fromOrEmpty(company, String.class))
                .bind("detail", Parameter.fromOrEmpty(detail, String.class))
                .bind("key", sourceKey)
                .then();
    }

    /** A credit given (+1) or reversed (−1) to the owning advocate. */
    public record CreditChange(long campaignId, ConversionKind kind, long advocateSharerId, int delta) {
    }

    private static final CreditChange NO_CHANGE = new CreditChange(0, ConversionKind.FOLLOW, 0, 0);

    private record Candidate(long touchId, String channel, Instant at, long referrer, long advocate, boolean self,
            String referrerLabel, String advocateLabel) {
    }

    /** A decision's columns: the conversion {@code c}, its referrer {@code r} and its advocate {@code a}. */
    private static final String DECIDED = """
            select c.id, c.campaign_id, c.contact_id, c.kind, c.occurred_at, c.outcome, c.reason, c.touch_id, c.reversed_at,
                   r.id as r_id, r.kind as r_kind, r.name as r_name, r.title as r_title, r.department as r_department,
                   r.company as r_company, r.avatar_url as r_avatar_url, r.contact_id as r_contact_id,
                   a.id as a_id, a.kind as a_kind, a.name as a_name, a.title as a_title, a.department as a_department,
                   a.company as a_company, a.avatar_url as a_avatar_url, a.contact_id as a_contact_id
            """;

    private static final String DECISION = DECIDED + """
              from referral.conversion c
              left join referral.credit kr on kr.conversion_id = c.id and kr.role = 'REFERRER'
              left join referral.sharer r on r.id = kr.sharer_id
              left join referral.credit ka on ka.conversion_id = c.id and ka.role = 'ADVOCATE'
              left join referral.sharer a on a.id = ka.sharer_id
            """;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Clock clock;

    Conversions(DatabaseClient db, TransactionalOperator transaction, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Mono<Decided> decide(Campaign campaign, ContactId contact, ConversionKind kind, String sourceKey, Instant at) {
        return candidates(campaign, contact, at)
                .collectList()
                .flatMap(candidates -> store(campaign, contact, kind, sourceKey, at, candidates));
    }

    /** Who is credited (referrer and advocate, not reversed) with each of these conversions, by source key. */
    public Flux<ConversionCredit> creditsOf(Collection<String> sourceKeys) {
        return db.sql("""
                        select v.source_key,
                               r.id as r_id, r.kind as r_kind, r.name as r_name, r.title as r_title, r.department as r_department,
                               r.company as r_company, r.avatar_url as r_avatar_url, r.contact_id as r_contact_id,
                               a.id as a_id, a.kind as a_kind, a.name as a_name, a.title as a_title, a.department as a_department,
                               a.company as a_company, a.avatar_url as a_avatar_url, a.contact_id as a_contact_id
                          from referral.conversion v
                          join referral.credit kr on kr.conversion_id = v.id and kr.role = 'REFERRER' and kr.reversed_at is null
                          join referral.sharer r on r.id = kr.sharer_id
                          join referral.credit ka on ka.conversion_id = v.id and ka.role = 'ADVOCATE' and ka.reversed_at is null
                          join referral.sharer a on a.id = ka.sharer_id
                         where v.source_key = any(:keys)""")
                .bind("keys", sourceKeys.toArray(String[]::new))
                .map(row -> new ConversionCredit(row.get("source_key", String.class), SharerStore.read(row, "r_"), SharerStore.read(row, "a_")))
                .all();
    }

    /**
     * The contact unfollowed at {@code at}: follows credited less than their campaign's clawback
     * period before are reversed, flagged with the reason.
     */
    public Flux<CreditChange> unfollowed(ContactId contact, Instant at) {
        return db.sql("""
                        with reversed as (
                            update referral.conversion c
                               set outcome = 'REVERSED', reversed_at = :at,
                                   reason = c.reason || ' — reversed: unfollowed '
                                            || to_char(:at - c.occurred_at, 'DD"d" HH24"h" MI"m"')
                                            || ' after following, inside the '
                                            || (k.clawback_seconds / 86400) || '-day clawback period'
                              from referral.campaign k
                             where k.id = c.campaign_id and c.contact_id = :contact and c.kind = 'FOLLOW'
                               and c.outcome = 'CREDITED' and c.occurred_at <= :at
                               and :at < c.occurred_at + make_interval(secs => k.clawback_seconds)
                            returning c.id)
                        update referral.credit r set reversed_at = :at
                          from reversed
                         where r.conversion_id = reversed.id and r.reversed_at is null
                        returning r.campaign_id, r.kind, r.sharer_id, r.role""")
                .bind("at", at)
                .bind("contact", contact.value())
                .map(Conversions::advocateReversal)
                .all()
                .filter(change -> change != NO_CHANGE)
                .as(transaction::transactional);
    }

    /**
     * The conversion reported with {@code sourceKey} was withdrawn at {@code at} (a registration
     * cancelled): its standing credits are reversed, with the reason. Nothing happens when it was
     * never credited or is reversed already, so a retried withdrawal changes nothing more.
     */
    public Flux<CreditChange> withdrawn(String sourceKey, Instant at) {
        return db.sql("""
                        with reversed as (
                            update referral.conversion c
                               set outcome = 'REVERSED', reversed_at = :at,
                                   reason = c.reason || ' — reversed: withdrawn at ' || :text || ' (cancelled)'
                             where c.source_key = :key and c.outcome = 'CREDITED'
                            returning c.id)
                        update referral.credit r set reversed_at = :at
                          from reversed
                         where r.conversion_id = reversed.id and r.reversed_at is null
                        returning r.campaign_id, r.kind, r.sharer_id, r.role""")
                .bind("at", at)
                .bind("text", at.toString())
                .bind("key", sourceKey)
                .map(Conversions::advocateReversal)
                .all()
                .filter(change -> change != NO_CHANGE)
                .as(transaction::transactional);
    }

    Mono<AttributionDecision> bySourceKey(String sourceKey) {
        return db.sql(DECISION + " where c.source_key = :key").bind("key", sourceKey).map(Conversions::decision).one();
    }

    public Flux<AttributionDecision> ofContact(ContactId contact) {
        return db.sql(DECISION + " where c.contact_id = :contact order by c.occurred_at, c.id")
                .bind("contact", contact.value())
                .map(Conversions::decision)
                .all();
    }

    public Flux<AttributionDecision> ofCampaign(long campaignId, Long sharerId, int limit) {
        String sharerFilter = sharerId == null ? "" : """
                 and exists (select 1 from referral.credit x where x.conversion_id = c.id and x.sharer_id = :sharer)""";
        var spec = db.sql(DECISION + " where c.campaign_id = :campaign " + sharerFilter + " order by c.id desc limit :limit")
                .bind("campaign", campaignId)
                .bind("limit", limit);
        return (sharerId == null ? spec : spec.bind("sharer", sharerId)).map(Conversions::decision).all();
    }

    private Flux<Candidate> candidates(Campaign campaign, ContactId contact, Instant at) {
        if (campaign == null) {
            return Flux.empty();
        }
        return db.sql("""
                        select t.id, t.channel, t.occurred_at, t.self_referral, l.sharer_id, l.advocate_sharer_id,
                               s.name as s_name, s.kind as s_kind, s.department as s_department, s.company as s_company,
                               a.name as a_name, a.kind as a_kind, a.department as a_department, a.company as a_company
                          from referral.touch t join referral.share_link l on l.id = t.share_link_id
                          join referral.sharer s on s.id = l.sharer_id
                          join referral.sharer a on a.id = l.advocate_sharer_id
                          join referral.campaign k on k.id = t.campaign_id
                         where t.contact_id = :contact and t.campaign_id = :campaign
                           and t.occurred_at <= :at and t.occurred_at >= :from
                           and t.occurred_at >= k.starts_at and (k.ends_at is null or t.occurred_at < k.ends_at)
                         order by t.occurred_at, t.id""")
                .bind("contact", contact.value())
                .bind("campaign", campaign.id())
                .bind("at", at)
                .bind("from", at.minus(campaign.attributionWindow()))
                .map(row -> new Candidate(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("occurred_at", Instant.class), row.get("sharer_id", Long.class),
                        row.get("advocate_sharer_id", Long.class), Boolean.TRUE.equals(row.get("self_referral", Boolean.class)),
                        label(row, "s_"), label(row, "a_")))
                .all();
    }

    private Mono<Decided> store(Campaign campaign, ContactId contact, ConversionKind kind, String sourceKey, Instant at,
            List<Candidate> candidates) {
        List<Candidate> eligible = candidates.stream().filter(c -> !c.self()).toList();
        Candidate chosen = eligible.isEmpty() ? null
                : campaign.attributionModel() == AttributionModel.FIRST_TOUCH ? eligible.get(0) : eligible.get(eligible.size() - 1);
        String outcome;
        String reason;
        if (campaign == null) {
            outcome = "NO_TOUCH";
            reason = "no campaign targets this " + kind.name().toLowerCase() + " and no share link came with it";
        } else if (chosen != null) {
            outcome = "CREDITED";
            reason = "%s inside the %d-day window: %s touch #%d at %s through %s, advocate %s%s".formatted(
                    campaign.attributionModel() == AttributionModel.FIRST_TOUCH ? "first touch" : "last touch",
                    campaign.attributionWindow().toDays(), chosen.channel(), chosen.touchId(), chosen.at(),
                    chosen.referrerLabel(), chosen.referrer() == chosen.advocate() ? "themselves" : chosen.advocateLabel(),
                    eligible.size() > 1 ? " — one of " + eligible.size() + " touches" : "");
        } else if (!candidates.isEmpty()) {
            outcome = "SELF_REFERRAL";
            reason = "the only touches inside the window were the sharer's own scan or open (flagged, no credit)";
        } else if (!campaign.runsAt(at)) {
            outcome = "NO_TOUCH";
            reason = (at.isBefore(campaign.startsAt())
                    ? "campaign starts at %s, after this touch at %s".formatted(campaign.startsAt(), at)
                    : "campaign ended at %s, before this touch at %s".formatted(campaign.endsAt(), at))
                    + ": the touch is organic, and no touch made while the campaign ran lies inside the %d-day window"
                            .formatted(campaign.attributionWindow().toDays());
        } else {
            outcome = "NO_TOUCH";
            reason = "no touch in campaign #%d inside the %d days before".formatted(campaign.id(),
                    campaign.attributionWindow().toDays());
        }
        // The conversion and its two credits in one statement: atomic without a transaction. A decision made
        // before (a retried event) stores nothing, and is read back as it was.
        var insert = db.sql("""
                        with stored as (
                            insert into referral.conversion (campaign_id, contact_id, kind, source_key, occurred_at, touch_id,
                                                             outcome, reason, decided_at)
                            values (:campaign, :contact, :kind, :key, :at, :touch, :outcome, :reason, :now)
                            on conflict (source_key) do nothing
                            returning *),
                        credited as (
                            insert into referral.credit (conversion_id, role, sharer_id, campaign_id, kind)
                            select c.id, v.role, v.sharer_id, c.campaign_id, c.kind
                              from stored c,
                                   (values ('REFERRER', cast(:referrer as bigint)), ('ADVOCATE', cast(:advocate as bigint))) v (role, sharer_id)
                             where v.sharer_id is not null)
                        """ + DECIDED + """
                          from stored c
                          left join referral.sharer r on r.id = :referrer
                          left join referral.sharer a on a.id = :advocate""")
                .bind("contact", contact.value())
                .bind("kind", kind.name())
                .bind("key", sourceKey)
                .bind("at", at)
                .bind("outcome", outcome)
                .bind("reason", reason)
                .bind("now", clock.instant());
        insert = campaign == null ? insert.bindNull("campaign", Long.class) : insert.bind("campaign", campaign.id());
        insert = chosen == null
                ? insert.bindNull("touch", Long.class).bindNull("referrer", Long.class).bindNull("advocate", Long.class)
                : insert.bind("touch", chosen.touchId()).bind("referrer", chosen.referrer()).bind("advocate", chosen.advocate());
        return insert.map(Conversions::decision).one()
                .map(decision -> new Decided(decision, true, chosen == null ? List.of()
                        : List.of(new CreditChange(campaign.id(), kind, chosen.advocate(), 1))))
                .switchIfEmpty(Mono.defer(() -> bySourceKey(sourceKey).map(d -> new Decided(d, false, List.of()))));
    }

    static AttributionDecision decision(Readable row) {
        Sharer referrer = row.get("r_id", Long.class) == null ? null : SharerStore.read(row, "r_");
        Sharer advocate = row.get("a_id", Long.class) == null ? null : SharerStore.read(row, "a_");
        return new AttributionDecision(row.get("id", Long.class), row.get("campaign_id", Long.class),
                new ContactId(row.get("contact_id", Long.class)), ConversionKind.valueOf(row.get("kind", String.class)),
                row.get("occurred_at", Instant.class), row.get("outcome", String.class), row.get("reason", String.class),
                row.get("touch_id", Long.class), referrer == null ? null : referrer.id(), advocate == null ? null : advocate.id(),
                row.get("reversed_at", Instant.class), referrer, advocate);
    }

    /** How a sharer reads in a reason: "王销售 (employee, 华东大区)", "李伙伴 (partner, 星海科技)", "张三 (prospect)". */
    private static String label(Readable row, String prefix) {
        SharerKind kind = SharerKind.valueOf(row.get(prefix + "kind", String.class));
        String department = row.get(prefix + "department", String.class);
        String company = row.get(prefix + "company", String.class);
        String where = kind == SharerKind.EMPLOYEE ? (department != null ? department : company)
                : (company != null ? company : department);
        return row.get(prefix + "name", String.class) + " (" + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (where == null || where.isBlank() ? "" : ", " + where) + ")";
    }

    /** A reversed credit row as the board sees it: the advocate's credit moves back; the referrer's is not on the board. */
    private static CreditChange advocateReversal(Readable row) {
        return "ADVOCATE".equals(row.get("role", String.class))
                ? new CreditChange(row.get("campaign_id", Long.class), ConversionKind.valueOf(row.get("kind", String.class)),
                        row.get("sharer_id", Long.class), -1)
                : NO_CHANGE;
    }
}
