package io.yutang.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short profile (see {@link FaultSuite}): two instances behind nginx survive a
 * SIGKILL, a PostgreSQL outage, a refusing and then silent WeChat API and a Redis outage under a
 * steady stream of WeChat's events, with no event lost or doubled, and sessions and the access
 * token shared across both.
 */
class FaultSuiteIntegrationTest {

    @Test
    void survivesEveryFaultWithNothingLostOrDoubled() throws Exception {
        FaultSuite.Result result = FaultSuite.run(FaultSuite.Profile.shortOne());
        result.print();

        assertThat(result.tallies()).extracting(FaultSuite.Tally::scenario).containsExactlyElementsOf(FaultSuite.SCENARIOS);
        assertThat(result.tallies()).allSatisfy(tally -> {
            assertThat(tally.sent()).as(tally.scenario() + ": sent").isPositive();
            assertThat(tally.lost()).as(tally.scenario() + ": lost").isZero();
            assertThat(tally.duplicated()).as(tally.scenario() + ": duplicated").isZero();
            assertThat(tally.applied()).as(tally.scenario() + ": applied").isEqualTo(tally.stored());
            assertThat(tally.profiles()).as(tally.scenario() + ": profiles fetched").isEqualTo(tally.stored());
        });
        // A batch WeChat answered just before its instance died or PostgreSQL stopped is asked again (a read, at least
        // once); when only WeChat's API fails, or Redis, no profile is asked for twice.
        assertThat(result.tallies()).filteredOn(tally -> List.of("wechat-api", "redis").contains(tally.scenario()))
                .allSatisfy(tally -> assertThat(tally.profilesDoubled()).as(tally.scenario() + ": profiles asked twice").isZero());
        assertThat(result.refusedCalls()).as("calls WeChat refused with 45009").isPositive();
        assertThat(result.unansweredCalls()).as("calls WeChat left unanswered").isPositive();
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.held()).as(check.row()).isTrue());
    }
}
