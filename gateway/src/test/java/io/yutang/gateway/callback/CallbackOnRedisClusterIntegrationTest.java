package io.yutang.gateway.callback;

import io.yutang.gateway.OnRedisCluster;

/** {@link CallbackIntegrationTest} again, with the app on a three-master Redis Cluster: follow callbacks, their dedupe and nonce keys, the access token and profile fetches, spread over the masters. */
@OnRedisCluster
class CallbackOnRedisClusterIntegrationTest extends CallbackIntegrationTest {
}
