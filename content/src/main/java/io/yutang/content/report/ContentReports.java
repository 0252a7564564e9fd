package io.yutang.content.report;

import io.yutang.content.article.Articles;
import io.yutang.content.article.UnknownArticle;
import io.yutang.content.asset.Assets;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerCard;
import io.yutang.referral.SharerCards;
import io.yutang.referral.SharerKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Reports on articles and gated assets. Each view, read and lead keeps the share token it came
 * with; referral resolves the tokens to their sharers ({@link SharerCards#ofShareTokens}, no join
 * across schemas), and a prospect's onward link counts for the owning advocate, as its card shows.
 * The figures are computed from one row per view, read or lead.
 */
@Service
public class ContentReports {

    private static final String ORGANIC = "organic";

    /** One view, read or lead of the article or asset. */
    private record Fact(Kind kind, String shareToken, long contactId, int dwellSeconds, int scrollPercent, long downloads,
            boolean qualified) {
    }

    private enum Kind {
        VIEW,
        READ,
        LEAD
    }

    private final DatabaseClient db;
    private final Articles articles;
    private final Assets assets;
    private final SharerCards cards;
    private final MessageSource messages;

    ContentReports(DatabaseClient db, Articles articles, Assets assets, SharerCards cards, MessageSource messages) {
        this.db = db;
        this.articles = articles;
        this.assets = assets;
        this.cards = cards;
        this.messages = messages;
    }

    /** The article's views, viewers and reads (dwell and scroll), in total and split. */
    public Mono<ContentReport<ArticleFigures>> article(long articleId) {
        return articles.find(articleId).switchIfEmpty(Mono.error(UnknownArticle::new))
                .then(facts("""
                        select 'VIEW' as kind, share_token, contact_id, 0 as dwell, 0 as scroll, 0::bigint as downloads
                          from content.article_view where article_id = :id
                        union all
                        select 'READ', share_token, contact_id, dwell_seconds, scroll_percent, 0
                          from content.article_read where article_id = :id""", articleId))
                .flatMap(facts -> report(articleId, facts, ContentReports::articleFigures));
    }

    /** The asset's views, viewers, leads and downloads, in total and split. */
    public Mono<ContentReport<AssetFigures>> asset(long assetId) {
        return assets.find(assetId).switchIfEmpty(Mono.error(UnknownAsset::new))
                .then(facts("""
                        select 'VIEW' as kind, share_token, contact_id, 0 as dwell, 0 as scroll, 0::bigint as downloads
                          from content.asset_view where asset_id = :id
                        union all
                        select 'LEAD', l.share_token, l.contact_id, 0, 0,
                               (select count(*) from content.download d where d.lead_id = l.id and not d.partial)
                          from content.lead l where l.asset_id = :id""", assetId))
                .flatMap(facts -> report(assetId, facts, ContentReports::assetFigures));
    }

    /** The facts {@code sql} selects, each marked whether its contact became a qualified lead (under any rule version). */
    private Mono<List<Fact>> facts(String sql, long id) {
        return db.sql("select f.*, exists (select 1 from content.qualified_lead q where q.contact_id = f.contact_id) as qualified"
                        + " from (" + sql + ") as f").bind("id", id)
                .map(row -> new Fact(Kind.valueOf(row.get("kind", String.class)), row.get("share_token", String.class),
                        row.get("contact_id", Long.class), row.get("dwell", Integer.class), row.get("scroll", Integer.class),
                        row.get("downloads", Long.class), Boolean.TRUE.equals(row.get("qualified", Boolean.class))))
                .all()
                .collectList();
    }

    private <F> Mono<ContentReport<F>> report(long id, List<Fact> facts, Function<List<Fact>, F> figures) {
        List<String> tokens = facts.stream().map(Fact::shareToken).filter(Objects::nonNull).distinct().toList();
        return cards.ofShareTokens(tokens).collectMap(SharerCard::shareToken).map(byToken -> {
            Map<ReportSplit, List<SplitRow<F>>> splits = new EnumMap<>(ReportSplit.class);
            for (ReportSplit by : ReportSplit.values()) {
                splits.put(by, split(facts, byToken, by, figures));
            }
            return new ContentReport<>(id, figures.apply(facts), splits);
        });
    }

    private <F> List<SplitRow<F>> split(List<Fact> facts, Map<String, SharerCard> byToken, ReportSplit by,
            Function<List<Fact>, F> figures) {
        String organic = messages.getMessage("report.content.organic", null, Locale.SIMPLIFIED_CHINESE);
        Map<String, String> labels = new HashMap<>();
        Map<String, List<Fact>> groups = new LinkedHashMap<>();
        for (Fact fact : facts) {
            SharerCard card = fact.shareToken() == null ? null : byToken.get(fact.shareToken());
            Sharer who = card == null ? null : card.shown();
            String key;
            String label;
            if (who == null || by == ReportSplit.PARTNER && (who.kind() != SharerKind.PARTNER || who.company() == null)
                    || by == ReportSplit.DEPARTMENT && (who.kind() != SharerKind.EMPLOYEE || who.department() == null)) {
                key = ORGANIC;
                label = organic;
            } else {
                key = switch (by) {
                    case SHARER -> String.valueOf(who.id());
                    case PARTNER -> who.company();
                    case DEPARTMENT -> who.department();
                };
                label = by == ReportSplit.SHARER ? who.name() : key;
            }
            labels.putIfAbsent(key, label);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(fact);
        }
        List<SplitRow<F>> rows = new ArrayList<>();
        groups.forEach((key, members) -> rows.add(new SplitRow<>(key, labels.get(key), figures.apply(members))));
        Map<String, Integer> sizes = new HashMap<>();
        groups.forEach((key, members) -> sizes.put(key, members.size()));
        rows.sort(Comparator.<SplitRow<F>>comparingInt(row -> sizes.get(row.key())).reversed().thenComparing(SplitRow::key));
        return rows;
    }

    private static ArticleFigures articleFigures(List<Fact> facts) {
        List<Fact> views = facts.stream().filter(fact -> fact.kind() == Kind.VIEW).toList();
        List<Fact> reads = facts.stream().filter(fact -> fact.kind() == Kind.READ).toList();
        List<Integer> dwell = reads.stream().map(Fact::dwellSeconds).sorted().toList();
        List<Integer> scroll = reads.stream().map(Fact::scrollPercent).sorted().toList();
        return new ArticleFigures(views.size(), views.stream().map(Fact::contactId).distinct().count(), reads.size(),
                median(dwell), mean(dwell), (int) median(scroll), (int) mean(scroll), qualified(views));
    }

    private static AssetFigures assetFigures(List<Fact> facts) {
        List<Fact> views = facts.stream().filter(fact -> fact.kind() == Kind.VIEW).toList();
        List<Fact> leads = facts.stream().filter(fact -> fact.kind() == Kind.LEAD).toList();
        return new AssetFigures(views.size(), views.stream().map(Fact::contactId).distinct().count(), leads.size(),
                leads.stream().mapToLong(Fact::downloads).sum(), qualified(leads));
    }

    /** How many of these facts' contacts became qualified leads. */
    private static long qualified(List<Fact> facts) {
        return facts.stream().filter(Fact::qualified).map(Fact::contactId).distinct().count();
    }

    /** The lower median of sorted values ({@code percentile_disc(0.5)}), 0 for none. */
    private static long median(List<Integer> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    }

    private static long mean(List<Integer> values) {
        return values.isEmpty() ? 0 : Math.round(values.stream().mapToLong(Integer::longValue).average().orElse(0));
    }
}
