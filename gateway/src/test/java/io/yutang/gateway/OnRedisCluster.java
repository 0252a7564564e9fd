package io.yutang.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a {@link YutangIntegrationTest} class's journeys with the app on a real three-master Redis
 * Cluster ({@link ThreeMasterRedisCluster}), configured as an operator would:
 * {@code YUTANG_REDIS_URL=redis-cluster://h1:p1,h2:p2,h3:p3}. Put it on a subclass of an existing
 * test class to run that class's tests again on the cluster; every such class shares one cluster
 * (and, where their settings agree, one app).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ThreeMasterRedisCluster.class)
@TestPropertySource(properties = "yutang.redis.url=${" + ThreeMasterRedisCluster.URL_PROPERTY + "}")
public @interface OnRedisCluster {
}
