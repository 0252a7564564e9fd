package io.yutang.gateway.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms {@code YUTANG_REDIS_URL} takes: one server, or the seed nodes of a Redis Cluster. */
class RedisCoordinatesTest {

    @Test
    void oneServerWithItsDatabaseAndPassword() {
        RedisCoordinates redis = RedisCoordinates.parse("redis://:s3cret@cache.internal:6380/2");

        assertThat(redis.cluster()).isFalse();
        assertThat(redis.host()).isEqualTo("cache.internal");
        assertThat(redis.port()).isEqualTo(6380);
        assertThat(redis.database()).isEqualTo(2);
        assertThat(redis.password()).isEqualTo("s3cret");
        assertThat(redis.toString()).isEqualTo("redis://cache.internal:6380/2").doesNotContain("s3cret");
    }

    @Test
    void theSeedNodesOfACluster() {
        RedisCoordinates redis = RedisCoordinates.parse("redis-cluster://:s3cret@10.0.0.1:7000, 10.0.0.2:7001,10.0.0.3");

        assertThat(redis.cluster()).isTrue();
        assertThat(redis.nodes()).isEqualTo(List.of("10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:6379"));
        assertThat(redis.database()).isZero();
        assertThat(redis.password()).isEqualTo("s3cret");
        assertThat(redis.toString()).isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:6379")
                .doesNotContain("s3cret");
    }

    @Test
    void refusesWhatTheyCannotBe() {
        assertThatThrownBy(() -> RedisCoordinates.parse("redis-cluster://10.0.0.1:7000,10.0.0.2:7001/3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database 0 only");
        assertThatThrownBy(() -> RedisCoordinates.parse("redis-cluster://"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one node");
        assertThatThrownBy(() -> RedisCoordinates.parse("memcached://10.0.0.1:11211"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis-cluster://");
    }
}
