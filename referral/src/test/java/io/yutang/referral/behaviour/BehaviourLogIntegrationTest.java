package io.yutang.referral.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.ContactId;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.contact.ContactFacts;
import io.yutang.referral.contact.ContactRecorder;
import io.yutang.referral.contact.ContactStore;
import io.yutang.referral.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The behaviour log in a real PostgreSQL: behaviours recorded together are stored as if recorded one by one. */
class BehaviourLogIntegrationTest {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static DatabaseClient db;
    static BehaviourLog log;
    static ContactRecorder contacts;

    @BeforeAll
    static void migrate() {
        TestStores.migrate("referral");
        db = TestStores.databaseClient();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ContactStore store = new ContactStore(db);
        log = new BehaviourLog(db, clock);
        contacts = new ContactRecorder(store, clock);
    }

    @Test
    void behavioursRecordedAtOnceAreEachStoredOnceWithTheirExactTimeAndTheLargestSecondsAndDepth() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ContactId> people = Flux.range(0, 5)
                .concatMap(i -> contacts.record(new ContactFacts.Fact(new WeChatUser("wx-behaviour-log", "o-" + run + "-" + i), null, NOW)))
                .collectList().block(Duration.ofSeconds(10));
        Instant watchedAt = NOW.minusSeconds(600).plusNanos(123_456_000);
        List<Behaviour> reports = new ArrayList<>();
        IntStream.range(0, 60).forEach(i -> reports.add(Behaviour.of(people.get(i % 5), BehaviourKind.ARTICLE_READ,
                "article:" + i, watchedAt.plusSeconds(i), run + ":read:" + i)));
        // One viewing reported three times as it grows (and once late, smaller), all at the same moment.
        String viewing = run + ":attendance";
        reports.add(new Behaviour(people.get(0), BehaviourKind.ATTENDANCE, "event:1", 30, 10, watchedAt, viewing));
        reports.add(new Behaviour(people.get(0), BehaviourKind.ATTENDANCE, "event:1", 90, 40, watchedAt, viewing));
        reports.add(new Behaviour(people.get(0), BehaviourKind.ATTENDANCE, "event:1", 60, 20, watchedAt, viewing));

        Flux.fromIterable(reports).flatMap(log::record, reports.size()).then().block(Duration.ofSeconds(10));

        assertThat(count("select count(*) from referral.behaviour where source_key like '" + run + ":read:%'")).isEqualTo(60);
        assertThat(count("select count(*) from referral.behaviour where source_key like '" + run + ":read:%'"
                + " and occurred_at = timestamptz '2026-12-03T07:50:00.123456Z' + (substring(source_key from '[0-9]+$')::int"
                + " * interval '1 second') and ref = 'article:' || substring(source_key from '[0-9]+$')")).isEqualTo(60);
        assertThat(one("select seconds || ' s, ' || percent || ' %' from referral.behaviour where source_key = '" + viewing + "'"))
                .isEqualTo("90 s, 40 %");
        assertThat(count("select count(*) from referral.behaviour_change where contact_id in ("
                + String.join(",", people.stream().map(id -> String.valueOf(id.value())).toList()) + ") and state = 'PENDING'"))
                .as("every person's change handed to the listeners").isEqualTo(5);

        // Reported again later, smaller: nothing shrinks.
        log.record(new Behaviour(people.get(0), BehaviourKind.ATTENDANCE, "event:1", 45, 15, watchedAt, viewing)).block(Duration.ofSeconds(5));
        assertThat(one("select seconds || ' s, ' || percent || ' %' from referral.behaviour where source_key = '" + viewing + "'"))
                .isEqualTo("90 s, 40 %");
    }

    @Test
    void aBehaviourThatCannotBeStoredFailsAloneNotTheOthersWrittenWithIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ContactId person = contacts.record(new ContactFacts.Fact(new WeChatUser("wx-behaviour-log", "o-" + run), null, NOW))
                .block(Duration.ofSeconds(10));
        ContactId nobody = new ContactId(-1);
        List<Behaviour> reports = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> reports.add(Behaviour.of(person, BehaviourKind.ARTICLE_READ, "article:" + i, NOW,
                run + ":read:" + i)));
        reports.add(10, Behaviour.of(nobody, BehaviourKind.ARTICLE_READ, "article:x", NOW, run + ":nobody"));

        List<String> outcomes = Flux.fromIterable(reports)
                .flatMapSequential(behaviour -> log.record(behaviour).thenReturn("stored")
                        .onErrorResume(failure -> Mono.just("failed")), reports.size())
                .collectList().block(Duration.ofSeconds(10));

        assertThat(outcomes).as("one outcome a caller, in order").hasSize(21);
        assertThat(outcomes.get(10)).isEqualTo("failed");
        assertThat(outcomes.stream().filter("stored"::equals).count()).isEqualTo(20);
        assertThat(count("select count(*) from referral.behaviour where source_key like '" + run + ":read:%'")).isEqualTo(20);
    }

    private static long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static String one(String sql) {
        return db.sql(sql).map(row -> row.get(0, String.class)).one().switchIfEmpty(Mono.just("none")).block(Duration.ofSeconds(5));
    }
}
