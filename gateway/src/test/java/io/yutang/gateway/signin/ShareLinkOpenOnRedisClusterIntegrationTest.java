package io.yutang.gateway.signin;

import io.yutang.gateway.OnRedisCluster;

/** {@link ShareLinkOpenIntegrationTest} again, with the app on a three-master Redis Cluster: share-link opens through the rate limit's buckets and signed-in sessions. */
@OnRedisCluster
class ShareLinkOpenOnRedisClusterIntegrationTest extends ShareLinkOpenIntegrationTest {
}
