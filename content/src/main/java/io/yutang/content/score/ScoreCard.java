package io.yutang.content.score;

import io.yutang.referral.Behaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A contact's score under one rule set at one moment, with every line that made it: each
 * behaviour, oldest first, against each rule for its kind. Pure arithmetic, so the stored score,
 * the explanation and a rescoring all agree.
 */
record ScoreCard(double total, List<ScoreLine> lines) {

    static ScoreCard of(List<Behaviour> history, List<ScoreRule> rules, Instant now) {
        List<Behaviour> ordered = history.stream().sorted(Comparator.comparing(Behaviour::occurredAt)).toList();
        Map<Integer, Set<String>> countedOnce = new HashMap<>();
        Map<Integer, Deque<Instant>> countedTimes = new HashMap<>();
        List<ScoreLine> lines = new ArrayList<>();
        double total = 0;
        for (Behaviour behaviour : ordered) {
            boolean scored = false;
            for (int i = 0; i < rules.size(); i++) {
                ScoreRule rule = rules.get(i);
                if (rule.behaviour() != behaviour.kind()) {
                    continue;
                }
                scored = true;
                String refused = refusal(rule, behaviour, countedOnce.computeIfAbsent(i, k -> new HashSet<>()),
                        countedTimes.computeIfAbsent(i, k -> new ArrayDeque<>()));
                double counted = 0;
                String note = refused;
                if (refused == null) {
                    counted = decayed(rule, behaviour.occurredAt(), now);
                    note = rule.halfLife() == null ? "counted" : "counted, decayed with a half-life of " + rule.halfLife();
                    countedOnce.get(i).add(behaviour.ref() == null ? "" : behaviour.ref());
                    countedTimes.get(i).addLast(behaviour.occurredAt());
                }
                total += counted;
                lines.add(line(behaviour, i + 1, rule, counted, note));
            }
            if (!scored) {
                lines.add(new ScoreLine(behaviour.kind(), behaviour.ref(), behaviour.occurredAt(), behaviour.seconds(),
                        behaviour.percent(), null, null, 0, 0, "no rule scores this behaviour"));
            }
        }
        return new ScoreCard(rounded(total), List.copyOf(lines));
    }

    /** Why the rule does not count the behaviour, or null when it does. */
    private static String refusal(ScoreRule rule, Behaviour behaviour, Set<String> once, Deque<Instant> times) {
        if (rule.minSeconds() != null && (behaviour.seconds() == null || behaviour.seconds() < rule.minSeconds())) {
            return "shorter than " + rule.minSeconds() + " s (" + (behaviour.seconds() == null ? 0 : behaviour.seconds()) + " s)";
        }
        if (rule.minPercent() != null && (behaviour.percent() == null || behaviour.percent() < rule.minPercent())) {
            return "read less than " + rule.minPercent() + " % (" + (behaviour.percent() == null ? 0 : behaviour.percent()) + " %)";
        }
        if (!rule.repeatable()) {
            return once.contains(behaviour.ref() == null ? "" : behaviour.ref())
                    ? "counts once" + (behaviour.ref() == null ? "" : " per " + behaviour.ref().split(":")[0]) + ": already counted"
                    : null;
        }
        if (rule.cap() != null) {
            Instant from = behaviour.occurredAt().minus(rule.period());
            while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
                times.removeFirst();
            }
            if (times.size() >= rule.cap()) {
                return "cap of " + rule.cap() + " per " + rule.period() + " reached";
            }
        }
        return null;
    }

    private static double decayed(ScoreRule rule, Instant at, Instant now) {
        if (rule.halfLife() == null) {
            return rule.points();
        }
        double age = Math.max(0, Duration.between(at, now).toMillis());
        return rule.points() * Math.pow(0.5, age / rule.halfLife().toMillis());
    }

    private static ScoreLine line(Behaviour behaviour, int position, ScoreRule rule, double counted, String note) {
        return new ScoreLine(behaviour.kind(), behaviour.ref(), behaviour.occurredAt(), behaviour.seconds(), behaviour.percent(),
                position, rule.label(), rule.points(), rounded(counted), note);
    }

    private static double rounded(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
