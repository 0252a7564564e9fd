package io.yutang.content.score;

import io.r2dbc.postgresql.codec.Json;
import io.yutang.content.ContentProperties;
import io.yutang.referral.BehaviourKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table {@code content.score_rules}: every version of the scoring rules. Until marketing sets
 * its own, version 1 is {@link #DEFAULTS}, stored on first use so scores can name it.
 */
@Repository
class ScoreRuleBook {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration QUARTER = Duration.ofDays(90);
    private static final TypeReference<List<ScoreRule>> RULES = new TypeReference<>() { };

    /** The rules yutang ships (the README lists them). */
    static final List<ScoreRule> DEFAULTS = List.of(
            ScoreRule.once(BehaviourKind.FOLLOW, 5, null, null, "关注公众号"),
            ScoreRule.capped(BehaviourKind.SCAN, 1, 3, WEEK, null, null, MONTH, "扫码"),
            ScoreRule.once(BehaviourKind.REGISTRATION, 10, null, QUARTER, "报名直播"),
            ScoreRule.once(BehaviourKind.ATTENDANCE, 15, 600, QUARTER, "观看直播 10 分钟以上"),
            ScoreRule.once(BehaviourKind.ATTENDANCE, 10, 1800, QUARTER, "观看直播 30 分钟以上"),
            ScoreRule.once(BehaviourKind.REPLAY, 8, 600, QUARTER, "观看回放 10 分钟以上"),
            new ScoreRule(BehaviourKind.ARTICLE_READ, 3, true, 5, WEEK, 30, 50, MONTH, "阅读文章"),
            ScoreRule.once(BehaviourKind.LEAD, 15, null, QUARTER, "留资"),
            ScoreRule.once(BehaviourKind.DOWNLOAD, 10, null, QUARTER, "下载资料"),
            ScoreRule.capped(BehaviourKind.FORWARD, 5, 3, WEEK, null, null, MONTH, "转发给新朋友"),
            new ScoreRule(BehaviourKind.UNFOLLOW, -30, true, null, null, null, null, null, "取消关注"));

    private final DatabaseClient db;
    private final JsonMapper json;
    private final ContentProperties properties;
    private final Clock clock;

    ScoreRuleBook(DatabaseClient db, JsonMapper json, ContentProperties properties, Clock clock) {
        this.db = db;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** The rules in force. */
    Mono<ScoreRuleSet> current() {
        return latest().switchIfEmpty(Mono.defer(() -> db.sql("""
                        insert into content.score_rules (version, rules, created_by, created_at)
                        values (1, :rules, 'default', :now) on conflict (version) do nothing""")
                .bind("rules", Json.of(json.writeValueAsString(DEFAULTS)))
                .bind("now", clock.instant())
                .then()
                .then(latest())));
    }

    /** Every version, newest first. */
    Flux<ScoreRuleSet> history() {
        return db.sql("select version, rules, created_by, created_at from content.score_rules order by version desc")
                .map(row -> set(row.get("version", Integer.class), row.get("rules", Json.class), row.get("created_by", String.class),
                        row.get("created_at", Instant.class)))
                .all();
    }

    /** Makes {@code draft} the rules in force, as the next version. */
    Mono<ScoreRuleSet> replace(ScoreRuleDraft draft, String by) {
        return Mono.fromRunnable(() -> check(draft.rules())).then(current()).then(db.sql("""
                        insert into content.score_rules (version, rules, created_by, created_at)
                        select max(version) + 1, :rules, :by, :now from content.score_rules
                        returning version, rules, created_by, created_at""")
                .bind("rules", Json.of(json.writeValueAsString(draft.rules())))
                .bind("by", by)
                .bind("now", clock.instant())
                .map(row -> set(row.get("version", Integer.class), row.get("rules", Json.class), row.get("created_by", String.class),
                        row.get("created_at", Instant.class)))
                .one()
                // Two marketers saving at once: the second takes the version after the first.
                .retryWhen(Retry.max(3).filter(DataIntegrityViolationException.class::isInstance)));
    }

    private Mono<ScoreRuleSet> latest() {
        return history().next();
    }

    private ScoreRuleSet set(int version, Json rules, String by, Instant at) {
        return new ScoreRuleSet(version, json.readValue(rules.asString(), RULES), properties.qualifiedLeadScore(), by, at);
    }

    private static void check(List<ScoreRule> rules) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ScoreRule rule = rules.get(i);
            String at = "rules[" + i + "]";
            if (rule.points() == 0) {
                errors.add(Map.of("field", at + ".points", "reason", "a rule worth 0 points scores nothing; leave it out"));
            }
            if ((rule.cap() == null) != (rule.period() == null)) {
                errors.add(Map.of("field", at + ".cap", "reason", "a cap needs a period (and a period a cap): e.g. cap 3, period P7D"));
            }
            if (rule.cap() != null && !rule.repeatable()) {
                errors.add(Map.of("field", at + ".cap", "reason", "only a repeatable rule has a cap; a rule that is not repeatable counts once"));
            }
            if (rule.period() != null && (rule.period().isNegative() || rule.period().isZero())) {
                errors.add(Map.of("field", at + ".period", "reason", "the period must be longer than zero"));
            }
            if (rule.halfLife() != null && (rule.halfLife().compareTo(Duration.ofHours(1)) < 0 || rule.halfLife().toDays() > 3650)) {
                errors.add(Map.of("field", at + ".halfLife", "reason", "the half-life must be between 1 hour and 10 years"));
            }
            if (rule.label() != null && rule.label().chars().anyMatch(c -> Character.isISOControl(c))) {
                errors.add(Map.of("field", at + ".label", "reason", "control characters are not allowed"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidScoreRules(errors);
        }
    }
}
