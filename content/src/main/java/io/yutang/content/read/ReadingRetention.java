package io.yutang.content.read;

import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.Purges;
import io.yutang.referral.work.RetentionProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Retention of reading beacons: articles' openings ({@code content.article_view}) and reads
 * ({@code content.article_read}) older than {@code yutang.retention.reading-beacons} (a year) are
 * deleted in batches on every instance.
 */
@Component
class ReadingRetention {

    private final ArticleReads reads;
    private final RetentionProperties retention;
    private final Clock clock;

    ReadingRetention(ArticleReads reads, RetentionProperties retention, Clock clock) {
        this.reads = reads;
        this.retention = retention;
        this.clock = clock;
    }

    @Bean
    PollingLoop readingRetentionLoop() {
        return Purges.loop("Reading beacon retention", retention, List.of(
                new Purges.Purge("rows of content.article_view",
                        batch -> reads.purgeViews(clock.instant().minus(retention.readingBeacons()), batch)),
                new Purges.Purge("rows of content.article_read",
                        batch -> reads.purgeReads(clock.instant().minus(retention.readingBeacons()), batch))));
    }
}
