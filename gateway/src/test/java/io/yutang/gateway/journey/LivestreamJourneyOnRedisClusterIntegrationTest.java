package io.yutang.gateway.journey;

import io.yutang.gateway.OnRedisCluster;

/** {@link LivestreamJourneyIntegrationTest} again, with the app on a three-master Redis Cluster: registrations for a live event, their sessions and the reminders' shared send rate. */
@OnRedisCluster
class LivestreamJourneyOnRedisClusterIntegrationTest extends LivestreamJourneyIntegrationTest {
}
