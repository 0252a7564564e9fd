package io.yutang.referral.contact;

import io.yutang.referral.WeChatUser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of events says about each contact, merged per user so one statement can upsert them
 * all: the same result as applying the events one by one.
 */
public final class ContactFacts {

    private ContactFacts() {
    }

    /** One event's fact: followed (true), unfollowed (false) or seen (null) at {@code at}. */
    public record Fact(WeChatUser user, Boolean subscribed, Instant at) {
    }

    /** A user's merged facts. */
    record Merged(WeChatUser user, Boolean subscribed, Instant changedAt, Instant followedAt, Instant unfollowedAt,
            Instant firstSeen, Instant lastSeen) {
    }

    static List<Merged> merge(List<Fact> facts) {
        Map<WeChatUser, List<Fact>> byUser = new LinkedHashMap<>();
        for (Fact fact : facts) {
            byUser.computeIfAbsent(fact.user(), user -> new ArrayList<>()).add(fact);
        }
        List<Merged> merged = new ArrayList<>(byUser.size());
        byUser.forEach((user, userFacts) -> merged.add(mergeOne(user, userFacts)));
        return merged;
    }

    private static Merged mergeOne(WeChatUser user, List<Fact> facts) {
        Instant first = facts.stream().map(Fact::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = facts.stream().map(Fact::at).max(Comparator.naturalOrder()).orElseThrow();
        Fact latestChange = null;
        Instant followed = null;
        Instant unfollowed = null;
        for (Fact fact : facts) {
            if (fact.subscribed() == null) {
                continue;
            }
            if (latestChange == null || !fact.at().isBefore(latestChange.at())) {
                latestChange = fact;
            }
            if (fact.subscribed() && (followed == null || fact.at().isAfter(followed))) {
                followed = fact.at();
            }
            if (!fact.subscribed() && (unfollowed == null || fact.at().isAfter(unfollowed))) {
                unfollowed = fact.at();
            }
        }
        return new Merged(user, latestChange == null ? null : latestChange.subscribed(),
                latestChange == null ? null : latestChange.at(), followed, unfollowed, first, last);
    }
}
