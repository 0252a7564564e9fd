package io.yutang.gateway;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters, each with one replica, for tests that kill a master: its
 * own six {@code redis-server}s (never the cluster {@link OnRedisCluster} classes share), started
 * once per test JVM and stopped when the run ends. The app under test finds its URL in the system
 * property {@link #URL_PROPERTY}; a class that uses it should dirty its context, since the cluster
 * it leaves behind has lost a master.
 */
public final class ReplicatedRedisCluster implements BeforeAllCallback {

    /** The system property holding the {@code redis-cluster://} URL (all six nodes) while the cluster runs. */
    public static final String URL_PROPERTY = "yutang.test.replicated-redis-cluster-url";
    private static volatile ThreeMasterRedisCluster.Cluster running;

    @Override
    public void beforeAll(ExtensionContext context) {
        ThreeMasterRedisCluster.Cluster cluster = context.getRoot().getStore(ExtensionContext.Namespace.create(ReplicatedRedisCluster.class))
                .computeIfAbsent(ThreeMasterRedisCluster.Cluster.class, type -> ThreeMasterRedisCluster.Cluster.start(1),
                        ThreeMasterRedisCluster.Cluster.class);
        running = cluster;
        System.setProperty(URL_PROPERTY, cluster.url());
    }

    /** The replicated cluster of this JVM. */
    public static ThreeMasterRedisCluster.Cluster running() {
        if (running == null) {
            throw new IllegalStateException("No replicated Redis Cluster runs: extend the test class with ReplicatedRedisCluster");
        }
        return running;
    }
}
