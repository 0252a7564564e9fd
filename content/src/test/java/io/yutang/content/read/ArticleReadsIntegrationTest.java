package io.yutang.content.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yutang.content.article.Article;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading beacons over the real PostgreSQL: one read per visit however many beacons arrive and in
 * whatever order, a visit its own contact's only, malformed beacons refused.
 */
class ArticleReadsIntegrationTest {

    static final String TOKEN = "Tok3n-of-a-rep-link0";

    ContentFixtures content;
    ArticleReads reads;

    @BeforeEach
    void fixtures() {
        content = ContentFixtures.onSharedSlice();
        reads = content.reads();
    }

    @Test
    void theBeaconsOfOneVisitAreOneReadWithTheLongestDwellAndTheDeepestScroll() {
        Article article = content.article("阅读合并", "正文");
        Person li = content.referral().person("李女士");
        String visit = visit();
        Instant opened = content.clock().instant();

        reads.merge(article.id(), li.contact(), new ReadingBeacon(visit, 12, 40, TOKEN)).block(Duration.ofSeconds(5));
        content.clock().advance(Duration.ofSeconds(30));
        reads.merge(article.id(), li.contact(), new ReadingBeacon(visit, 45, 30, null)).block(Duration.ofSeconds(5));
        ArticleRead merged = ReferralFixtures.await(reads.merge(article.id(), li.contact(), new ReadingBeacon(visit, 20, 85, null)));

        assertThat(merged.dwellSeconds()).isEqualTo(45);
        assertThat(merged.scrollPercent()).isEqualTo(85);
        assertThat(merged.openedAt()).isEqualTo(opened);
        assertThat(merged.shareToken()).as("the share token the visit opened with").isEqualTo(TOKEN);
        assertThat(reads.ofArticle(article.id()).collectList().block(Duration.ofSeconds(5))).singleElement()
                .satisfies(read -> assertThat(read.contactId()).isEqualTo(li.contact().value()));

        reads.merge(article.id(), li.contact(), new ReadingBeacon(visit(), 5, 10, null)).block(Duration.ofSeconds(5));
        assertThat(reads.ofArticle(article.id()).count().block(Duration.ofSeconds(5))).as("a second visit is a second read").isEqualTo(2);
    }

    @Test
    void nobodyElseCanChangeSomeonesVisit() {
        Article article = content.article("他人的阅读", "正文");
        Article other = content.article("另一篇", "正文");
        Person wang = content.referral().person("王先生");
        Person intruder = content.referral().person("冒充者");
        String visit = visit();
        ReferralFixtures.await(reads.merge(article.id(), wang.contact(), new ReadingBeacon(visit, 8, 20, null)));

        assertThatThrownBy(() -> ReferralFixtures.await(reads.merge(article.id(), intruder.contact(), new ReadingBeacon(visit, 9000, 100, null))))
                .isInstanceOfSatisfying(VisitOfAnotherReader.class, refused -> assertThat(refused.getStatusCode().value()).isEqualTo(403));
        assertThatThrownBy(() -> ReferralFixtures.await(reads.merge(other.id(), wang.contact(), new ReadingBeacon(visit, 9000, 100, null))))
                .isInstanceOf(VisitOfAnotherReader.class);
        assertThat(reads.ofArticle(article.id()).blockFirst(Duration.ofSeconds(5)))
                .satisfies(read -> {
                    assertThat(read.contactId()).isEqualTo(wang.contact().value());
                    assertThat(read.dwellSeconds()).isEqualTo(8);
                    assertThat(read.scrollPercent()).isEqualTo(20);
                });
    }

    @Test
    void malformedBeaconsAreRefusedNamingTheField() {
        Article article = content.article("坏信标", "正文");
        Person zhao = content.referral().person("赵女士");

        assertThatThrownBy(() -> ReferralFixtures.await(reads.merge(article.id(), zhao.contact(), new ReadingBeacon("short", 1, 1, null))))
                .isInstanceOfSatisfying(InvalidBeacon.class, invalid -> assertThat(invalid.getBody().getProperties()).containsEntry("field", "visit"));
        assertThatThrownBy(() -> ReferralFixtures.await(reads.merge(article.id(), zhao.contact(), new ReadingBeacon(visit(), 1, 101, null))))
                .isInstanceOfSatisfying(InvalidBeacon.class, invalid -> assertThat(invalid.getBody().getDetail()).isEqualTo("scroll: percent from 0 to 100"));
        assertThatThrownBy(() -> ReferralFixtures.await(reads.merge(article.id(), zhao.contact(), new ReadingBeacon(visit(), -1, 1, null))))
                .isInstanceOfSatisfying(InvalidBeacon.class, invalid -> assertThat(invalid.getStatusCode().value()).isEqualTo(400));
        assertThat(reads.ofArticle(article.id()).count().block(Duration.ofSeconds(5))).isZero();
    }

    private static String visit() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
