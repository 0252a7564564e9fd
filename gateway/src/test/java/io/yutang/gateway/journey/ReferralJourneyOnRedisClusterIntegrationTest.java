package io.yutang.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.OnRedisCluster;
import io.yutang.gateway.ThreeMasterRedisCluster;
import io.yutang.referral.testing.TestStores;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferralJourneyIntegrationTest} again, with the app on a three-master Redis Cluster: a
 * campaign's credits moving its leaderboards, whose keys share the campaign's hash tag.
 */
@OnRedisCluster
class ReferralJourneyOnRedisClusterIntegrationTest extends ReferralJourneyIntegrationTest {

    @Test
    void aCampaignsBoardsAndTheirBuiltMarkLiveInOneSlotSoTheRebuildsRenameStaysOnOneMaster() {
        creditsTheRepAtEveryDepthAndTheLeaderboardAgrees();

        ThreeMasterRedisCluster.Cluster cluster = ThreeMasterRedisCluster.running();
        String pattern = TestStores.redisKeyPrefix() + "referral:board:{" + campaign + "}:*";
        Map<Integer, List<String>> keysByMaster = cluster.ports().stream().collect(Collectors.toMap(port -> port,
                port -> cluster.cli(port, "--scan", "--pattern", pattern).lines().filter(line -> !line.isBlank()).toList()));
        List<String> all = keysByMaster.values().stream().flatMap(List::stream).toList();
        assertThat(all).as("the campaign's boards and built mark")
                .contains(TestStores.redisKeyPrefix() + "referral:board:{" + campaign + "}:built",
                        TestStores.redisKeyPrefix() + "referral:board:{" + campaign + "}:EMPLOYEE:FOLLOWS")
                .noneMatch(key -> key.endsWith(":rebuild"));
        assertThat(keysByMaster.values().stream().filter(keys -> !keys.isEmpty()).count())
                .as("masters holding the campaign's keys %s", keysByMaster).isEqualTo(1);
        assertThat(all.stream().map(key -> cluster.cli(cluster.ports().get(0), "cluster", "keyslot", key).trim()).distinct())
                .as("slots of the campaign's keys").hasSize(1);
    }
}
