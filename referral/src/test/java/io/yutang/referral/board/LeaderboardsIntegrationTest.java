package io.yutang.referral.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.referral.Sharer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ScanOptions;
import reactor.test.StepVerifier;

/** Leaderboards in the real Redis, moved by credits and reversals, and rebuilt from PostgreSQL. */
class LeaderboardsIntegrationTest {

    static final Instant NOW = ReferralSlice.START;

    ReferralFixtures referral;
    Campaign campaign;
    Sharer wang;

    @BeforeEach
    void aCampaignWithARep() {
        referral = ReferralFixtures.onSharedSlice();
        campaign = referral.campaign("关注有礼").clawbackPeriod(Duration.ofDays(7)).create();
        wang = referral.employee("王销售").department("华东大区").create();
    }

    @Test
    void aCreditMovesTheBoardsOfTheRepAndTheirDepartment() {
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS)).as("read once, so later changes are moves").isEmpty();

        referral.person("张三").followsThrough(referral.shareLink(campaign, wang), NOW);

        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS))
                .extracting(Leaderboard.Entry::rank, Leaderboard.Entry::member, Leaderboard.Entry::label, Leaderboard.Entry::score)
                .containsExactly(tuple(1, String.valueOf(wang.id()), "王销售", 1L));
        assertThat(board(BoardDimension.DEPARTMENT, BoardMetric.FOLLOWS))
                .extracting(Leaderboard.Entry::label, Leaderboard.Entry::score).containsExactly(tuple("华东大区", 1L));
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.SCANS))
                .extracting(Leaderboard.Entry::score).containsExactly(1L);
        StepVerifier.create(referral.boards().standing(campaign.id(), BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS,
                        String.valueOf(wang.id())))
                .assertNext(standing -> {
                    assertThat(standing.rank()).isEqualTo(1);
                    assertThat(standing.score()).isEqualTo(1);
                })
                .verifyComplete();
    }

    @Test
    void aReversalMovesTheBoardBackAndAMemberAtZeroDisappears() {
        board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS);
        ShareLink link = referral.shareLink(campaign, wang);
        Person zhang = referral.person("张三");
        Person li = referral.person("李四");
        zhang.followsThrough(link, NOW.minus(Duration.ofDays(2)));
        li.followsThrough(link, NOW.minus(Duration.ofDays(1)));
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS)).extracting(Leaderboard.Entry::score).containsExactly(2L);

        zhang.unfollows(NOW);
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS)).extracting(Leaderboard.Entry::score).containsExactly(1L);

        li.unfollows(NOW);
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS)).as("no member left at zero").isEmpty();
        assertThat(board(BoardDimension.DEPARTMENT, BoardMetric.FOLLOWS)).isEmpty();
        StepVerifier.create(referral.boards().standing(campaign.id(), BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS,
                        String.valueOf(wang.id())))
                .verifyComplete();
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.SCANS)).as("the scans stay").extracting(Leaderboard.Entry::score)
                .containsExactly(2L);
    }

    @Test
    void aPartnersCreditsCountForTheirCompany() {
        Sharer zhou = referral.partner("周伙伴", "云启科技").create();
        Sharer wu = referral.partner("吴伙伴", "云启科技").create();
        referral.person("张三").followsThrough(referral.shareLink(campaign, zhou), NOW.minus(Duration.ofHours(2)));
        referral.person("李四").followsThrough(referral.shareLink(campaign, wu), NOW.minus(Duration.ofHours(1)));

        assertThat(board(BoardDimension.PARTNER, BoardMetric.FOLLOWS))
                .extracting(Leaderboard.Entry::label, Leaderboard.Entry::score).containsExactly(tuple("云启科技", 2L));
        assertThat(board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS)).isEmpty();
    }

    @Test
    void aWipedRedisGetsTheSameBoardsBackFromPostgres() {
        Sharer li = referral.employee("李销售").department("华南大区").create();
        Sharer zhou = referral.partner("周伙伴", "云启科技").create();
        board(BoardDimension.EMPLOYEE, BoardMetric.FOLLOWS);
        for (String name : List.of("张三", "李四", "王五")) {
            referral.person(name).followsThrough(referral.shareLink(campaign, wang), NOW.minus(Duration.ofHours(3)));
        }
        referral.person("赵六").followsThrough(referral.shareLink(campaign, li), NOW.minus(Duration.ofHours(2)));
        referral.person("钱七").followsThrough(referral.shareLink(campaign, zhou), NOW.minus(Duration.ofHours(1)));
        Person leaver = referral.person("孙八");
        leaver.followsThrough(referral.shareLink(campaign, wang), NOW.minus(Duration.ofDays(1)));
        leaver.unfollows(NOW);
        Map<String, List<Leaderboard.Entry>> before = everyBoard();
        assertThat(before.get("EMPLOYEE:FOLLOWS")).extracting(Leaderboard.Entry::label, Leaderboard.Entry::score)
                .containsExactly(tuple("王销售", 3L), tuple("李销售", 1L));

        Long deleted = referral.slice().redis().delete(referral.slice().redis().scan(ScanOptions.scanOptions()
                .match(TestStores.redisKeyPrefix() + "referral:board:{" + campaign.id() + "}:*").build()))
                .block(Duration.ofSeconds(5));
        assertThat(deleted).as("the boards and their built mark").isGreaterThan(1);

        assertThat(everyBoard()).isEqualTo(before);
    }

    private Map<String, List<Leaderboard.Entry>> everyBoard() {
        return java.util.Arrays.stream(BoardDimension.values())
                .flatMap(dimension -> java.util.Arrays.stream(BoardMetric.values()).map(metric -> dimension + ":" + metric))
                .collect(Collectors.toMap(Function.identity(), name -> {
                    String[] parts = name.split(":");
                    return board(BoardDimension.valueOf(parts[0]), BoardMetric.valueOf(parts[1]));
                }));
    }

    private List<Leaderboard.Entry> board(BoardDimension dimension, BoardMetric metric) {
        return referral.board(campaign, dimension, metric).entries();
    }
}
