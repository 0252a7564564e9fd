package io.yutang.content.read;

import io.r2dbc.spi.Readable;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Openings ({@code content.article_view}) and reads ({@code content.article_read}) of articles:
 * one read per visit, whatever the number of beacons the page sends; a visit is its contact's only.
 * Each merged read is reported to referral's behaviour log (lead scoring reads it there).
 */
@Service
public class ArticleReads {

    /** The longest dwell one visit may report: a day. */
    static final int LONGEST_DWELL = 86_400;
    private static final String TOKEN = "[A-Za-z0-9_-]{16,64}";
    private static final String COLUMNS = """
            visit_id, article_id, contact_id, share_token, dwell_seconds, scroll_percent, opened_at, updated_at""";

    private final DatabaseClient db;
    private final Behaviours behaviours;
    private final Clock clock;

    ArticleReads(DatabaseClient db, Behaviours behaviours, Clock clock) {
        this.db = db;
        this.behaviours = behaviours;
        this.clock = clock;
    }

    /** Records an opening of the article's page ({@code content.article_view}), with the share token it came with. */
    public Mono<Void> opened(long articleId, ContactId contact, String shareToken) {
        return db.sql("insert into content.article_view (article_id, contact_id, share_token, viewed_at) values (:a, :c, :t, :now)")
                .bind("a", articleId).bind("c", contact.value())
                .bind("t", Parameter.fromOrEmpty(shareToken, String.class)).bind("now", clock.instant())
                .then();
    }

    /**
     * Merges a beacon into its visit's read, the one place a read is saved: a new visit is stored
     * as reported, a known one keeps its open time and share token and takes the larger dwell and
     * scroll. {@link InvalidBeacon} for a malformed beacon; {@link VisitOfAnotherReader} when the
     * visit is another contact's or another article's.
     */
    public Mono<ArticleRead> merge(long articleId, ContactId contact, ReadingBeacon beacon) {
        if (beacon.visitId() == null || !beacon.visitId().matches(TOKEN)) {
            return Mono.error(new InvalidBeacon("visit", "16-64 letters, digits, - or _"));
        }
        if (beacon.dwellSeconds() < 0 || beacon.dwellSeconds() > LONGEST_DWELL) {
            return Mono.error(new InvalidBeacon("dwell", "seconds from 0 to " + LONGEST_DWELL));
        }
        if (beacon.scrollPercent() < 0 || beacon.scrollPercent() > 100) {
            return Mono.error(new InvalidBeacon("scroll", "percent from 0 to 100"));
        }
        String token = beacon.shareToken() != null && beacon.shareToken().matches(TOKEN) ? beacon.shareToken() : null;
        Instant now = clock.instant();
        return db.sql("""
                        insert into content.article_read (visit_id, article_id, contact_id, share_token, dwell_seconds,
                               scroll_percent, opened_at, updated_at)
                        values (:visit, :article, :contact, :token, :dwell, :scroll, :now, :now)
                        on conflict (visit_id) do update
                           set dwell_seconds = greatest(content.article_read.dwell_seconds, excluded.dwell_seconds),
                               scroll_percent = greatest(content.article_read.scroll_percent, excluded.scroll_percent),
                               updated_at = excluded.updated_at
                         where content.article_read.contact_id = excluded.contact_id
                           and content.article_read.article_id = excluded.article_id
                        returning\s""" + COLUMNS)
                .bind("visit", beacon.visitId())
                .bind("article", articleId)
                .bind("contact", contact.value())
                .bind("token", Parameter.fromOrEmpty(token, String.class))
                .bind("dwell", beacon.dwellSeconds())
                .bind("scroll", beacon.scrollPercent())
                .bind("now", now)
                .map(ArticleReads::read)
                .one()
                .switchIfEmpty(Mono.error(VisitOfAnotherReader::new))
                .flatMap(read -> behaviours.record(new Behaviour(contact, BehaviourKind.ARTICLE_READ, "article:" + articleId,
                        read.dwellSeconds(), read.scrollPercent(), read.openedAt(), "read:" + read.visitId())).thenReturn(read));
    }

    /** The article's reads, oldest first. */
    public Flux<ArticleRead> ofArticle(long articleId) {
        return db.sql("select " + COLUMNS + " from content.article_read where article_id = :article order by opened_at, visit_id")
                .bind("article", articleId).map(ArticleReads::read).all();
    }

    private static ArticleRead read(Readable row) {
        return new ArticleRead(row.get("visit_id", String.class), row.get("article_id", Long.class),
                row.get("contact_id", Long.class), row.get("share_token", String.class), row.get("dwell_seconds", Integer.class),
                row.get("scroll_percent", Integer.class), row.get("opened_at", Instant.class), row.get("updated_at", Instant.class));
    }

    /** Retention: deletes at most {@code batch} openings of articles made before {@code before}. */
    Mono<Long> purgeViews(Instant before, int batch) {
        return db.sql("""
                        delete from content.article_view
                         where id in (select id from content.article_view where viewed_at < :before
                                       order by viewed_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }

    /** Retention: deletes at most {@code batch} reads (visits) whose last beacon came before {@code before}. */
    Mono<Long> purgeReads(Instant before, int batch) {
        return db.sql("""
                        delete from content.article_read
                         where id in (select id from content.article_read where updated_at < :before
                                       order by updated_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }
}
