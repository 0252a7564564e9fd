package io.yutang.gateway.journey;

import io.yutang.gateway.OnRedisCluster;

/** {@link ReferralJourneyIntegrationTest} again, with the app on a three-master Redis Cluster: a campaign's credits moving its leaderboards, whose keys share the campaign's hash tag. */
@OnRedisCluster
class ReferralJourneyOnRedisClusterIntegrationTest extends ReferralJourneyIntegrationTest {
}
