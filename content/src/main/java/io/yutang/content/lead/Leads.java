package io.yutang.content.lead;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.content.asset.Asset;
import io.yutang.content.asset.Assets;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.content.download.DownloadLinks;
import io.yutang.referral.Attribution;
import io.yutang.referral.ConsentDecision;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.Disclosure;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.form.FieldError;
import io.yutang.referral.form.FormAnswers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leads: a gated asset's form passed, stored once per (asset, contact) whatever the page or the
 * network retries, with each consent decision in referral's ledger in the same transaction. Each
 * lead is credited by referral ({@code LEAD}) to the direct referrer and the owning advocate, which
 * also tells the owning rep in their digest; a credit that fails is retried by {@link LeadCredits}.
 */
@Service
public class Leads {

    private static final Logger log = LoggerFactory.getLogger(Leads.class);
    private static final TypeReference<Map<String, String>> ANSWERS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            l.id, l.asset_id, l.contact_id, l.answers, l.share_token, l.created_at, l.updated_at, l.credited_at,
            (select count(*) from content.download d where d.lead_id = l.id and not d.partial) as downloads""";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Assets assets;
    private final FormAnswers forms;
    private final Consents consents;
    private final Attribution attribution;
    private final DownloadLinks links;
    private final JsonMapper json;
    private final Clock clock;

    Leads(DatabaseClient db, TransactionalOperator transaction, Assets assets, FormAnswers forms, Consents consents,
            Attribution attribution, DownloadLinks links, JsonMapper json, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.assets = assets;
        this.forms = forms;
        this.consents = consents;
        this.attribution = attribution;
        this.links = links;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Passes the viewer through the asset's gate: stores (or updates) their lead and consent
     * decisions, asks referral to credit it, and gives a signed download link.
     */
    public Mono<LeadReceipt> submit(long assetId, Viewer viewer, LeadForm form) {
        Instant now = clock.instant();
        return assets.published(assetId)
                .switchIfEmpty(Mono.error(UnknownAsset::new))
                .filter(Asset::deliverable)
                .switchIfEmpty(Mono.error(UnknownAsset::new))
                .flatMap(asset -> {
                    Map<String, String> answers = check(asset, form);
                    String token = form.shareToken() != null && form.shareToken().matches("[A-Za-z0-9_-]{16,64}")
                            ? form.shareToken() : null;
                    return db.sql("""
                                    insert into content.lead (asset_id, contact_id, answers, share_token, created_at, updated_at)
                                    values (:asset, :contact, :answers, :token, :now, :now)
                                    on conflict (asset_id, contact_id) do update
                                       set answers = excluded.answers, updated_at = excluded.updated_at,
                                           share_token = coalesce(content.lead.share_token, excluded.share_token)
                                    returning id""")
                            .bind("asset", asset.id())
                            .bind("contact", viewer.contact().value())
                            .bind("answers", Json.of(json.writeValueAsString(answers)))
                            .bind("token", Parameter.fromOrEmpty(token, String.class))
                            .bind("now", now)
                            .map(row -> row.get("id", Long.class))
                            .one()
                            .flatMap(leadId -> consents.record(viewer.contact(), decisions(asset, form),
                                    "page:/c/assets/" + asset.id(), now).thenReturn(leadId))
                            .as(transaction::transactional)
                            .flatMap(leadId -> credit(leadId).then(receipt(asset, leadId)));
                });
    }

    /** A fresh download link for a viewer who passed the gate before, or empty when they have not. */
    public Mono<LeadReceipt> again(long assetId, ContactId contact) {
        return assets.published(assetId).filter(Asset::deliverable)
                .flatMap(asset -> find(assetId, contact).flatMap(lead -> receipt(asset, lead.id())));
    }

    /** The contact's lead for the asset, if any. */
    public Mono<Lead> find(long assetId, ContactId contact) {
        return db.sql("select " + COLUMNS + " from content.lead l where l.asset_id = :asset and l.contact_id = :contact")
                .bind("asset", assetId).bind("contact", contact.value()).map(this::lead).one();
    }

    /** What this contact answered on their latest gate, to prefill the next. */
    public Mono<Map<String, String>> lastAnswers(ContactId contact) {
        return db.sql("select answers from content.lead where contact_id = :contact order by updated_at desc limit 1")
                .bind("contact", contact.value())
                .map(row -> json.readValue(row.get("answers", Json.class).asString(), ANSWERS))
                .one();
    }

    /** The asset's leads, newest first, phones and e-mail addresses as {@code disclosure} may see them. */
    public Flux<Lead> ofAsset(long assetId, Disclosure disclosure) {
        return db.sql("select " + COLUMNS + " from content.lead l where l.asset_id = :asset order by l.id desc limit 5000")
                .bind("asset", assetId)
                .map(this::lead)
                .all()
                .map(lead -> lead.shownTo(disclosure));
    }

    /** Asks referral to credit the lead; idempotent on the lead. A failure is retried by {@link LeadCredits}. */
    Mono<Void> credit(long leadId) {
        return db.sql("select asset_id, contact_id, share_token, answers, created_at from content.lead where id = :id")
                .bind("id", leadId)
                .map(row -> {
                    Map<String, String> answers = json.readValue(row.get("answers", Json.class).asString(), ANSWERS);
                    return new ConversionClaim(new ContactId(row.get("contact_id", Long.class)), ConversionKind.LEAD,
                            "lead:" + leadId, row.get("created_at", Instant.class), TargetKind.CONTENT,
                            String.valueOf(row.get("asset_id", Long.class)), row.get("share_token", String.class),
                            answers.get("name"), answers.get("company")).reachableAt(answers.get("phone"), answers.get("email"));
                })
                .one()
                .flatMap(claim -> attribution.converted(claim))
                .then(db.sql("update content.lead set credited_at = :now where id = :id and credited_at is null")
                        .bind("now", clock.instant()).bind("id", leadId).then())
                .onErrorResume(failure -> {
                    log.warn("Lead {} not credited yet; retried later", leadId, failure);
                    return db.sql("update content.lead set credit_tried_at = :now where id = :id")
                            .bind("now", clock.instant()).bind("id", leadId).then()
                            .onErrorResume(unavailable -> Mono.empty());
                });
    }

    /** Leads whose credit failed, tried longest ago first. */
    Flux<Long> uncredited(Duration notTriedFor, int limit) {
        return db.sql("""
                        select id from content.lead
                         where credited_at is null and (credit_tried_at is null or credit_tried_at < :before)
                           and created_at < :before
                         order by credit_tried_at nulls first, id limit :limit""")
                .bind("before", clock.instant().minus(notTriedFor)).bind("limit", limit)
                .map(row -> row.get("id", Long.class))
                .all();
    }

    private Mono<LeadReceipt> receipt(Asset asset, long leadId) {
        Integer version = asset.externalUrl() != null ? null : asset.current().version();
        return links.issue(asset.id(), version, leadId)
                .map(issued -> new LeadReceipt(leadId, issued.link(), issued.expiresAt()));
    }

    private Map<String, String> check(Asset asset, LeadForm form) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> answers = forms.check(asset.gateFields(), form.answers(), errors);
        if (!form.delivery()) {
            errors.add(forms.error("delivery", "field.error.consent", ""));
        }
        if (!errors.isEmpty()) {
            throw new InvalidLead(errors);
        }
        return answers;
    }

    /** Each box the page showed is one decision: the required one given, the optional ones given or refused. */
    private static List<ConsentDecision> decisions(Asset asset, LeadForm form) {
        List<ConsentDecision> decisions = new ArrayList<>();
        decisions.add(new ConsentDecision(ConsentPurpose.CONTENT_DELIVERY, "asset:" + asset.id(), asset.deliveryConsent(), true));
        if (asset.marketingConsent() != null) {
            decisions.add(new ConsentDecision(ConsentPurpose.MARKETING, "", asset.marketingConsent(), form.marketing()));
        }
        if (asset.sharingConsent() != null) {
            decisions.add(new ConsentDecision(ConsentPurpose.CRM_SHARING, "", asset.sharingConsent(), form.sharing()));
        }
        return decisions;
    }

    private Lead lead(Readable row) {
        return new Lead(row.get("id", Long.class), row.get("asset_id", Long.class), row.get("contact_id", Long.class),
                json.readValue(row.get("answers", Json.class).asString(), ANSWERS), row.get("share_token", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
                row.get("credited_at", Instant.class) != null, row.get("downloads", Long.class));
    }
}
