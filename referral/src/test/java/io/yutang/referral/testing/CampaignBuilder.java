package io.yutang.referral.testing;

import io.yutang.referral.TargetKind;
import io.yutang.referral.attribution.AttributionModel;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignDraft;
import io.yutang.referral.campaign.CampaignStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** A campaign as marketing would set it up; {@link #create()} saves it through {@link CampaignStore}. */
public final class CampaignBuilder {

    private final CampaignStore store;
    private final String name;
    private final String batch;
    private Instant startsAt;
    private Instant endsAt;
    private TargetKind targetKind = TargetKind.FOLLOW;
    private String targetRef;
    private URI targetUrl;
    private AttributionModel model;
    private Duration window;
    private Duration clawback;

    CampaignBuilder(CampaignStore store, String name, String batch, Instant startsAt) {
        this.store = store;
        this.name = name;
        this.batch = batch;
        this.startsAt = startsAt;
    }

    public CampaignBuilder firstTouch() {
        this.model = AttributionModel.FIRST_TOUCH;
        return this;
    }

    public CampaignBuilder lastTouch() {
        this.model = AttributionModel.LAST_TOUCH;
        return this;
    }

    public CampaignBuilder attributionWindow(Duration window) {
        this.window = window;
        return this;
    }

    public CampaignBuilder clawbackPeriod(Duration clawback) {
        this.clawback = clawback;
        return this;
    }

    /** Targets a live event of its own (a reference unique to this test run). */
    public CampaignBuilder forALiveEvent() {
        return forLiveEvent("evt-" + batch + "-" + Long.toString(System.nanoTime(), 36));
    }

    public CampaignBuilder forLiveEvent(String eventRef) {
        this.targetKind = TargetKind.LIVE_EVENT;
        this.targetRef = eventRef;
        this.targetUrl = URI.create("/live/" + eventRef);
        return this;
    }

    /** Targets a gated asset ({@code CONTENT}), landing on its page. */
    public CampaignBuilder forAsset(long assetId) {
        this.targetKind = TargetKind.CONTENT;
        this.targetRef = String.valueOf(assetId);
        this.targetUrl = URI.create("/c/assets/" + assetId);
        return this;
    }

    /** Targets an article ({@code CONTENT}, ref {@code article:<id>}), landing on its page. */
    public CampaignBuilder forArticle(long articleId) {
        this.targetKind = TargetKind.CONTENT;
        this.targetRef = "article:" + articleId;
        this.targetUrl = URI.create("/c/articles/" + articleId);
        return this;
    }

    public CampaignBuilder running(Instant startsAt, Instant endsAt) {
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        return this;
    }

    public Campaign create() {
        return ReferralFixtures.await(store.create(new CampaignDraft(name, targetKind, targetRef, targetUrl, startsAt, endsAt,
                model, window, clawback, null, null)));
    }
}
