package io.yutang.gateway.http;

import io.yutang.gateway.OnRedisCluster;

/** {@link RateLimitsIntegrationTest} again, with the app on a three-master Redis Cluster: the Bucket4j buckets on a cluster connection, still shared by every instance. */
@OnRedisCluster
class RateLimitsOnRedisClusterIntegrationTest extends RateLimitsIntegrationTest {
}
