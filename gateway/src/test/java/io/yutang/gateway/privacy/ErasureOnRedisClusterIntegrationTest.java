package io.yutang.gateway.privacy;

import io.yutang.gateway.OnRedisCluster;

/** {@link ErasureIntegrationTest} again, with the app on a three-master Redis Cluster: erasure's SCANs must visit every master to find the person's sessions and dedupe keys, and the test's own search looks through every master too. */
@OnRedisCluster
class ErasureOnRedisClusterIntegrationTest extends ErasureIntegrationTest {
}
