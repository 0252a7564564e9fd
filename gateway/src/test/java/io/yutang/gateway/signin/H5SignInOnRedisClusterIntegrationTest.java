package io.yutang.gateway.signin;

import io.yutang.gateway.OnRedisCluster;

/** {@link H5SignInIntegrationTest} again, with the app on a three-master Redis Cluster: OAuth states, spent codes and sessions (whose id changes at sign-in: a RENAME across slots) on whichever master owns them. */
@OnRedisCluster
class H5SignInOnRedisClusterIntegrationTest extends H5SignInIntegrationTest {
}
