package io.yutang.referral.campaign;

import io.yutang.referral.ReferralProperties;
import io.yutang.referral.TargetKind;
import io.yutang.referral.attribution.AttributionModel;

import io.r2dbc.spi.Readable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The campaigns table: marketing creates and edits campaigns; the rest of referral reads them. */
@Service
public class CampaignStore {

    private static final String COLUMNS = """
            id, name, target_kind, target_ref, target_url, starts_at, ends_at, attribution_model,
            attribution_window_seconds, clawback_seconds, welcome_reply, poster_template""";

    private final DatabaseClient db;
    private final ReferralProperties properties;
    private final Clock clock;
    private final CampaignWelcomes welcomes;

    public CampaignStore(DatabaseClient db, ReferralProperties properties, Clock clock, CampaignWelcomes welcomes) {
        this.db = db;
        this.properties = properties;
        this.clock = clock;
        this.welcomes = welcomes;
    }


    /** Creates a campaign; refused with {@link InvalidCampaign} when the draft breaks a rule. */
    public Mono<Campaign> create(CampaignDraft draft) {
        return Mono.fromCallable(() -> complete(draft))
                .flatMap(this::withKnownPosterTemplate)
                .flatMap(valid -> bindAll(db.sql("""
                        insert into referral.campaign (name, target_kind, target_ref, target_url, starts_at, ends_at,
                            attribution_model, attribution_window_seconds, clawback_seconds, welcome_reply,
                            poster_template, created_at, updated_at)
                        values (:name, :targetKind, :targetRef, :targetUrl, :startsAt, :endsAt, :model, :window,
                            :clawback, :welcome, :poster, :now, :now)
                        returning\s""" + COLUMNS), valid).map(CampaignStore::campaign).one())
                .doOnNext(welcomes::remember);
    }

    /** Replaces the campaign's settings; credits already given stay as they were decided. */
    public Mono<Campaign> update(long id, CampaignDraft draft) {
        return Mono.fromCallable(() -> complete(draft))
                .flatMap(this::withKnownPosterTemplate)
                .flatMap(valid -> bindAll(db.sql("""
                        update referral.campaign set name = :name, target_kind = :targetKind, target_ref = :targetRef,
                            target_url = :targetUrl, starts_at = :startsAt, ends_at = :endsAt,
                            attribution_model = :model, attribution_window_seconds = :window,
                            clawback_seconds = :clawback, welcome_reply = :welcome, poster_template = :poster,
                            updated_at = :now
                         where id = :id
                        returning\s""" + COLUMNS).bind("id", id), valid).map(CampaignStore::campaign).one())
                .doOnNext(welcomes::remember)
                .switchIfEmpty(Mono.error(UnknownCampaign::new));
    }

    /** The campaign, or {@link UnknownCampaign}. */
    public Mono<Campaign> find(long id) {
        return db.sql("select " + COLUMNS + " from referral.campaign where id = :id")
                .bind("id", id)
                .map(CampaignStore::campaign)
                .one()
                .switchIfEmpty(Mono.error(UnknownCampaign::new));
    }

    /** All campaigns, newest first. */
    public Flux<Campaign> list() {
        return db.sql("select " + COLUMNS + " from referral.campaign order by id desc").map(CampaignStore::campaign).all();
    }

    private Campaign complete(CampaignDraft draft) {
        if (draft.endsAt() != null && !draft.endsAt().isAfter(draft.startsAt())) {
            throw new InvalidCampaign("endsAt", "must-be-after-startsAt");
        }
        if (draft.targetKind() != TargetKind.FOLLOW && (draft.targetRef() == null || draft.targetRef().isBlank())) {
            throw new InvalidCampaign("targetRef", "required-for-" + draft.targetKind());
        }
        if (draft.targetUrl() != null && !isLandingAddress(draft.targetUrl())) {
            throw new InvalidCampaign("targetUrl", "not-a-web-address-or-path");
        }
        Duration window = draft.attributionWindow() == null ? properties.attributionWindow() : draft.attributionWindow();
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(365)) > 0) {
            throw new InvalidCampaign("attributionWindow", "between-1s-and-365d");
        }
        Duration clawback = draft.clawbackPeriod() == null ? properties.clawbackPeriod() : draft.clawbackPeriod();
        if (clawback.isNegative() || clawback.compareTo(Duration.ofDays(90)) > 0) {
            throw new InvalidCampaign("clawbackPeriod", "between-0-and-90d");
        }
        return new Campaign(0, draft.name().strip(), draft.targetKind(),
                draft.targetKind() == TargetKind.FOLLOW ? null : draft.targetRef().strip(), draft.targetUrl(),
                draft.startsAt(), draft.endsAt(),
                draft.attributionModel() == null ? AttributionModel.LAST_TOUCH : draft.attributionModel(),
                window, clawback, blankToNull(draft.welcomeReply()), blankToNull(draft.posterTemplate()));
    }

    /** A campaign may name only a poster template marketing has uploaded (null: the built-in one). */
    private Mono<Campaign> withKnownPosterTemplate(Campaign campaign) {
        if (campaign.posterTemplate() == null) {
            return Mono.just(campaign);
        }
        return db.sql("select exists (select 1 from referral.poster_template where name = :name) as known")
                .bind("name", campaign.posterTemplate())
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
                .one()
                .flatMap(known -> known ? Mono.just(campaign)
                        : Mono.error(new InvalidCampaign("posterTemplate", "unknown-poster-template")));
    }

    private static boolean isLandingAddress(URI url) {
        if (url.getScheme() == null) {
            return url.getPath() != null && url.getPath().startsWith("/") && url.getHost() == null;
        }
        return ("https".equals(url.getScheme()) || "http".equals(url.getScheme())) && url.getHost() != null;
    }

    private DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Campaign c) {
        spec = spec.bind("name", c.name())
                .bind("targetKind", c.targetKind().name())
                .bind("startsAt", c.startsAt())
                .bind("model", c.attributionModel().name())
                .bind("window", c.attributionWindow().toSeconds())
                .bind("clawback", c.clawbackPeriod().toSeconds())
                .bind("now", clock.instant());
        spec = c.targetRef() == null ? spec.bindNull("targetRef", String.class) : spec.bind("targetRef", c.targetRef());
        spec = c.targetUrl() == null ? spec.bindNull("targetUrl", String.class) : spec.bind("targetUrl", c.targetUrl().toString());
        spec = c.endsAt() == null ? spec.bindNull("endsAt", Instant.class) : spec.bind("endsAt", c.endsAt());
        spec = c.welcomeReply() == null ? spec.bindNull("welcome", String.class) : spec.bind("welcome", c.welcomeReply());
        return c.posterTemplate() == null ? spec.bindNull("poster", String.class) : spec.bind("poster", c.posterTemplate());
    }

    static Campaign campaign(Readable row) {
        String url = row.get("target_url", String.class);
        return new Campaign(
                row.get("id", Long.class),
                row.get("name", String.class),
                TargetKind.valueOf(row.get("target_kind", String.class)),
                row.get("target_ref", String.class),
                url == null ? null : URI.create(url),
                row.get("starts_at", Instant.class),
                row.get("ends_at", Instant.class),
                AttributionModel.valueOf(row.get("attribution_model", String.class)),
                Duration.ofSeconds(row.get("attribution_window_seconds", Long.class)),
                Duration.ofSeconds(row.get("clawback_seconds", Long.class)),
                row.get("welcome_reply", String.class),
                row.get("poster_template", String.class));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
