package io.yutang.referral.campaign;

import io.yutang.referral.sharelink.SceneRefs;
import io.yutang.referral.work.PollingLoop;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * CampaignStore' welcome replies held in memory, so the callback picks one without I/O inside
 * WeChat's 5 s. Refreshed from PostgreSQL every 30 s on each instance, and at once on the
 * instance where a campaign is edited.
 */
@Component
public class CampaignWelcomes {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final Map<Long, String> replies = new ConcurrentHashMap<>();

    public CampaignWelcomes(DatabaseClient db) {
        this.db = db;
    }

    public Optional<String> forScene(String scene) {
        return SceneRefs.candidates(scene).stream().map(ref -> replies.get(ref.campaignId()))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    void remember(Campaign campaign) {
        if (campaign.welcomeReply() == null) {
            replies.remove(campaign.id());
        } else {
            replies.put(campaign.id(), campaign.welcomeReply());
        }
    }

    Mono<Void> refresh() {
        return db.sql("select id, welcome_reply from referral.campaign where welcome_reply is not null")
                .map(row -> Map.entry(row.get("id", Long.class), row.get("welcome_reply", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .doOnNext(fresh -> {
                    replies.keySet().retainAll(fresh.keySet());
                    replies.putAll(fresh);
                })
                .then();
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop campaignWelcomesLoop() {
        return new PollingLoop("Campaign welcome replies refresh", Duration.ZERO, REFRESH, this::refresh);
    }
}
