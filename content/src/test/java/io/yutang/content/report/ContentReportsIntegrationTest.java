package io.yutang.content.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.content.article.Article;
import io.yutang.content.article.UnknownArticle;
import io.yutang.content.asset.Asset;
import io.yutang.content.lead.LeadForm;
import io.yutang.content.lead.LeadReceipt;
import io.yutang.content.read.ReadingBeacon;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.Sharer;
import io.yutang.referral.Viewer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports on an article and a gated asset over the real PostgreSQL: totals, and the same figures
 * by sharer, department and partner, a prospect's onward link counting for the rep who owns the branch.
 */
class ContentReportsIntegrationTest {

    ContentFixtures content;
    ReferralFixtures referral;

    @BeforeEach
    void fixtures() {
        content = ContentFixtures.onSharedSlice();
        referral = content.referral();
    }

    @Test
    void anArticlesViewsAndReadsAreSplitBySharerDepartmentAndPartner() {
        Article article = content.article("报表文章", "正文");
        Campaign campaign = referral.campaign("文章报表").forArticle(article.id()).create();
        Sharer rep = referral.employee("王销售").department("华东销售部").create();
        Sharer partner = referral.partner("陈伙伴", "星河咨询").create();
        ShareLink repLink = referral.shareLink(campaign, rep);
        ShareLink partnerLink = referral.shareLink(campaign, partner);
        Person x = referral.person("读者甲");
        Person y = referral.person("读者乙");
        Person z = referral.person("读者丙");
        Person forwarded = referral.person("读者丁");
        x.opens(repLink, content.clock().instant());
        ShareLink onward = referral.shareLinkOf(campaign, x);

        opens(article, x, repLink.token(), 30, 80);
        opens(article, x, repLink.token(), 10, 40);
        opens(article, y, repLink.token(), 20, 100);
        opens(article, z, partnerLink.token(), 60, 50);
        opens(article, forwarded, onward.token(), 4, 10);
        opens(article, y, null, 0, 0);

        ContentReport<ArticleFigures> report = ReferralFixtures.await(content.reports().article(article.id()));

        assertThat(report.total()).isEqualTo(new ArticleFigures(6, 4, 6, 10, 21, 40, 47, 0));
        assertThat(report.splits().get(ReportSplit.SHARER)).extracting(SplitRow::label, row -> row.figures().views(),
                        row -> row.figures().viewers(), row -> row.figures().medianDwellSeconds())
                .as("the onward link of 读者甲 counts for the rep")
                .containsExactly(tuple("王销售", 4L, 3L, 10L), tuple("陈伙伴", 1L, 1L, 60L), tuple("未归属（自然流量）", 1L, 1L, 0L));
        assertThat(report.splits().get(ReportSplit.DEPARTMENT)).extracting(SplitRow::key, row -> row.figures().views())
                .containsExactly(tuple("华东销售部", 4L), tuple("organic", 2L));
        assertThat(report.splits().get(ReportSplit.PARTNER)).extracting(SplitRow::key, row -> row.figures().reads())
                .containsExactly(tuple("organic", 5L), tuple("星河咨询", 1L));
    }

    @Test
    void anAssetsViewsLeadsAndDownloadsAreSplitBySharer() {
        Asset asset = content.whitepaper("报表白皮书");
        Campaign campaign = referral.campaign("白皮书报表").forAsset(asset.id()).create();
        Sharer rep = referral.employee("刘销售").department("华北销售部").create();
        ShareLink link = referral.shareLink(campaign, rep);
        Person a = referral.person("访客甲");
        Person b = referral.person("访客乙");
        a.opens(link, content.clock().instant());
        viewed(asset, a, link.token());
        viewed(asset, a, link.token());
        viewed(asset, b, null);
        LeadReceipt lead = ReferralFixtures.await(content.leads().submit(asset.id(), new Viewer(a.contact(), a.user()),
                new LeadForm(Map.of("name", "甲", "company", "甲公司", "phone", "13800138000"), true, false, false, link.token())));
        downloaded(asset, lead);

        ContentReport<AssetFigures> report = ReferralFixtures.await(content.reports().asset(asset.id()));

        assertThat(report.total()).isEqualTo(new AssetFigures(3, 2, 1, 1, 0));
        assertThat(report.splits().get(ReportSplit.SHARER)).extracting(SplitRow::label, SplitRow::figures)
                .containsExactly(tuple("刘销售", new AssetFigures(2, 1, 1, 1, 0)),
                        tuple("未归属（自然流量）", new AssetFigures(1, 1, 0, 0, 0)));
        assertThat(report.splits().get(ReportSplit.DEPARTMENT)).extracting(SplitRow::key).containsExactly("华北销售部", "organic");
    }

    @Test
    void anUnknownArticleHasNoReport() {
        assertThatThrownBy(() -> ReferralFixtures.await(content.reports().article(999_999)))
                .isInstanceOf(UnknownArticle.class);
    }

    private void opens(Article article, Person person, String token, int dwell, int scroll) {
        ReferralFixtures.await(content.reads().opened(article.id(), person.contact(), token).thenReturn(true));
        ReferralFixtures.await(content.reads().merge(article.id(), person.contact(),
                new ReadingBeacon(UUID.randomUUID().toString().replace("-", ""), dwell, scroll, token)));
    }

    /** A view as the asset's page records it. */
    private void viewed(Asset asset, Person person, String token) {
        var insert = content.db().sql("insert into content.asset_view (asset_id, contact_id, share_token, viewed_at) values (:a, :c, :t, now())")
                .bind("a", asset.id()).bind("c", person.contact().value());
        (token == null ? insert.bindNull("t", String.class) : insert.bind("t", token)).then().block(Duration.ofSeconds(5));
    }

    /** A whole-file download as the download endpoint records it. */
    private void downloaded(Asset asset, LeadReceipt lead) {
        content.db().sql("insert into content.download (asset_id, version, lead_id, partial, downloaded_at) values (:a, 1, :l, false, now())")
                .bind("a", asset.id()).bind("l", lead.leadId()).then().block(Duration.ofSeconds(5));
    }
}
