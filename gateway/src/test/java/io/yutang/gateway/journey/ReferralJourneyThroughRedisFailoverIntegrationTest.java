package io.yutang.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.ReplicatedRedisCluster;
import io.yutang.gateway.ThreeMasterRedisCluster;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * {@link ReferralJourneyIntegrationTest} on a Redis Cluster whose masters have replicas, and a
 * master crashing mid-campaign: the one holding the campaign's leaderboards and some visitors'
 * sessions gets SIGKILL while follows keep arriving. WeChat must get its answer for every follow,
 * a visitor whose session was on that master a clear 503 (never a 500) until its replica has taken
 * over, and afterwards the same session again, every follow applied once and the boards agreeing
 * with PostgreSQL's credits, including the credits whose board moves failed during the outage.
 */
@ExtendWith(ReplicatedRedisCluster.class)
@TestPropertySource(properties = {"yutang.redis.url=${" + ReplicatedRedisCluster.URL_PROPERTY + "}",
        "yutang.wechat.sweep-interval=200ms", "yutang.wechat.sweep-after=1s"})
@DirtiesContext
class ReferralJourneyThroughRedisFailoverIntegrationTest extends ReferralJourneyIntegrationTest {

    @Test
    void aMasterKilledMidCampaignFailsOverAndEveryFollowIsCountedOnceOnTheBoards() {
        Rep rep = rep("李销售", "华南大区");
        String scene = sceneOf(shareLink(rep.session()));
        List<String> before = List.of(openid("before-1"), openid("before-2"), openid("before-3"));
        before.forEach(prospect -> follow(prospect, scene));
        awaitHandled(before.toArray(String[]::new));
        assertThat(board("EMPLOYEE", "FOLLOWS")).as("the board, built before the crash").contains("\"score\":3");

        ThreeMasterRedisCluster.Cluster cluster = ReplicatedRedisCluster.running();
        String boards = TestStores.redisKeyPrefix() + "referral:board:{" + campaign + "}:built";
        int crashed = cluster.masterOf(boards);
        Map<String, String> onTheCrashedMaster = new LinkedHashMap<>();
        for (int i = 0; onTheCrashedMaster.size() < 2 && i < 60; i++) {
            String visitor = openid("visitor-" + i);
            String session = H5Visitor.signIn(web, visitor);
            if (cluster.masterOf(TestStores.redisKeyPrefix() + "session:sessions:" + session) == crashed) {
                onTheCrashedMaster.put(visitor, session);
            }
        }
        assertThat(onTheCrashedMaster).as("visitors whose sessions the master on port %d holds", crashed).hasSize(2);
        awaitQuietly(Duration.ofSeconds(10), () -> cluster.replicaCaughtUp(crashed));

        cluster.kill(crashed);

        String firstVisitor = onTheCrashedMaster.values().iterator().next();
        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", firstVisitor).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith("application/problem+json");
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String prospect = openid("during-" + i);
            follow(prospect, scene); // answered 200, or the push fails the test
            during.add(prospect);
        }

        cluster.awaitFailover(crashed, Duration.ofSeconds(60));

        onTheCrashedMaster.forEach((visitor, session) -> awaitQuietly(Duration.ofSeconds(30), () ->
                web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session).exchange()
                        .returnResult(String.class).getStatus().value() == 200));
        onTheCrashedMaster.forEach((visitor, session) -> web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.openid").isEqualTo(visitor));
        H5Visitor.signIn(web, openid("after"));

        awaitQuietly(Duration.ofSeconds(60), () -> unhandled(during) == 0);
        assertThat(database.sql("select count(*) as n from gateway.inbound_event where openid = any(:o)")
                .bind("o", during.toArray(String[]::new)).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5)))
                .as("follows sent while the master was down, stored once each").isEqualTo(5);
        assertThat(credits(rep.id(), "ADVOCATE")).as("credited follows in PostgreSQL").isEqualTo(8);
        assertThat(board("EMPLOYEE", "FOLLOWS")).as("the rep's follows on the board").contains("\"score\":8");
        assertThat(board("DEPARTMENT", "SCANS")).as("the department's scans on the board").contains("\"score\":8");
    }

    private long unhandled(List<String> openids) {
        return database.sql("select count(*) as n from gateway.inbound_event where openid = any(:o) and handled_at is null")
                .bind("o", openids.toArray(String[]::new)).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static void awaitQuietly(Duration within, java.util.function.BooleanSupplier condition) {
        Boolean reached = Flux.interval(Duration.ZERO, Duration.ofMillis(200)).onBackpressureDrop()
                .concatMap(tick -> reactor.core.publisher.Mono.fromCallable(condition::getAsBoolean)
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 1)
                .filter(Boolean::booleanValue)
                .blockFirst(within);
        assertThat(reached).as("reached within %s", within).isTrue();
    }
}
