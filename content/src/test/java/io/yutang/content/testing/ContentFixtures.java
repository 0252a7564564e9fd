package io.yutang.content.testing;

import io.yutang.content.article.Article;
import io.yutang.content.article.ArticleDraft;
import io.yutang.content.article.Articles;
import io.yutang.content.article.CallToAction;
import io.yutang.content.asset.Asset;
import io.yutang.content.asset.AssetDraft;
import io.yutang.content.asset.AssetStatus;
import io.yutang.content.asset.AssetVersion;
import io.yutang.content.asset.Assets;
import io.yutang.content.download.DownloadLinks;
import io.yutang.content.lead.Leads;
import io.yutang.content.read.ArticleReads;
import io.yutang.content.report.ContentReports;
import io.yutang.content.storage.Storage;
import io.yutang.referral.form.FormAnswers;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.testing.TestClock;
import io.yutang.referral.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;

/**
 * Readable set-up for content tests: gated assets made through {@link Assets} with a file
 * uploaded, on one slice holding content's beans next to referral's, over the real test stores.
 */
public final class ContentFixtures {

    /** The name on the company's default card in the slice. */
    public static final String DEFAULT_CARD_NAME = "鱼塘科技客户成功团队";

    private static ReferralSlice shared;

    private final ReferralSlice slice;
    private final ReferralFixtures referral;

    private ContentFixtures(ReferralSlice slice) {
        this.slice = slice;
        this.referral = new ReferralFixtures(slice);
    }

    public static synchronized ContentFixtures onSharedSlice() {
        if (shared == null) {
            shared = slice();
        }
        return new ContentFixtures(shared);
    }

    /** A slice of its own, holding content's beans and {@code more} (a feature's package-private beans, named by its tests). */
    public static ContentFixtures onSliceWith(Class<?>... more) {
        return new ContentFixtures(slice(more));
    }

    private static ReferralSlice slice(Class<?>... more) {
        TestStores.migrate("content");
        List<Class<?>> beans = new ArrayList<>(List.of(ContentSliceBeans.class, FormAnswers.class, Storage.class, Assets.class,
                DownloadLinks.class, Leads.class, Articles.class, ArticleReads.class, ContentReports.class));
        beans.addAll(List.of(more));
        return ReferralSlice.start(beans.toArray(Class<?>[]::new));
    }

    /** A published whitepaper asking for name, company and phone, with all three consent boxes, and one file. */
    public Asset whitepaper(String title) {
        Asset draft = ReferralFixtures.await(assets().create(draft(title, AssetStatus.DRAFT)));
        upload(draft, "白皮书.pdf", "%PDF-1.7 " + title);
        return ReferralFixtures.await(assets().update(draft.id(), draft(title, AssetStatus.PUBLISHED)));
    }

    public static AssetDraft draft(String title, AssetStatus status) {
        return new AssetDraft(title, "2026 年 B2B 数字化营销趋势", null, "同意就本资料与我联系",
                "同意接收营销信息", "同意将我的信息分享给推荐我的伙伴及 CRM", null, status);
    }

    /** A published article of {@code body} (Markdown), with a call to action to live event 42. */
    public Article article(String title, String body) {
        return ReferralFixtures.await(articles().create(articleDraft(title, body, "PUBLISHED")));
    }

    public static ArticleDraft articleDraft(String title, String body, String status) {
        return new ArticleDraft(title, "一线销售的私域打法", null, body, status, new CallToAction("LIVE_EVENT", 42L, "立即报名"));
    }

    public Articles articles() {
        return slice.bean(Articles.class);
    }

    public ArticleReads reads() {
        return slice.bean(ArticleReads.class);
    }

    public ContentReports reports() {
        return slice.bean(ContentReports.class);
    }

    public AssetVersion upload(Asset asset, String fileName, String content) {
        return ReferralFixtures.await(assets().upload(asset.id(), fileName, "application/pdf", body(content)));
    }

    public static Flux<DataBuffer> body(String content) {
        return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** A body of {@code size} bytes made as it is read, in 64 KB pieces: never held whole. */
    public static Flux<DataBuffer> body(DataSize size) {
        int piece = 64 * 1024;
        long pieces = (size.toBytes() + piece - 1) / piece;
        return Flux.range(0, (int) pieces).map(i -> {
            int length = (int) Math.min(piece, size.toBytes() - (long) i * piece);
            byte[] bytes = new byte[length];
            java.util.Arrays.fill(bytes, (byte) ('a' + i % 26));
            return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
        });
    }

    public ReferralFixtures referral() {
        return referral;
    }

    public Assets assets() {
        return slice.bean(Assets.class);
    }

    public Leads leads() {
        return slice.bean(Leads.class);
    }

    public DownloadLinks links() {
        return slice.bean(DownloadLinks.class);
    }

    public <T> T bean(Class<T> type) {
        return slice.bean(type);
    }

    public TestClock clock() {
        return slice.clock();
    }

    public DatabaseClient db() {
        return slice.db();
    }
}
