package io.yutang.referral.sharelink;

import io.r2dbc.spi.Readable;
import io.yutang.referral.SceneCodes;
import io.yutang.referral.SharerCard;
import io.yutang.referral.sharer.SharerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sharers behind share tokens, with the QR image of the card's scene code, as
 * {@link io.yutang.referral.SharerCards} gives them to other modules.
 */
@Component
public class ShareLinkCards {

    private static final String TOKEN = "[A-Za-z0-9_-]{16,64}";
    private static final String SELECT = """
            select l.token, l.campaign_id,
                   s.id as s_id, s.kind as s_kind, s.name as s_name, s.title as s_title, s.department as s_department,
                   s.company as s_company, s.avatar_url as s_avatar_url, s.contact_id as s_contact_id,
                   a.id as a_id, a.kind as a_kind, a.name as a_name, a.title as a_title, a.department as a_department,
                   a.company as a_company, a.avatar_url as a_avatar_url, a.contact_id as a_contact_id,
                   case when s.kind = 'PROSPECT' then al.scene_ticket else l.scene_ticket end as ticket,
                   case when s.kind = 'PROSPECT' then al.scene_expires_at else l.scene_expires_at end as ticket_expires_at,
                   k.ends_at
              from referral.share_link l
              join referral.campaign k on k.id = l.campaign_id
              join referral.sharer s on s.id = l.sharer_id
              join referral.sharer a on a.id = l.advocate_sharer_id
              left join referral.share_link al on al.campaign_id = l.campaign_id and al.sharer_id = l.advocate_sharer_id
            """;

    private final DatabaseClient db;
    private final SceneCodes sceneCodes;
    private final Clock clock;

    ShareLinkCards(DatabaseClient db, SceneCodes sceneCodes, Clock clock) {
        this.db = db;
        this.sceneCodes = sceneCodes;
        this.clock = clock;
    }

    /** The card of the link with this token; empty for a malformed or unknown token, or a link of an ended campaign. */
    public Mono<SharerCard> ofShareToken(String token) {
        if (token == null || !token.matches(TOKEN)) {
            return Mono.empty();
        }
        return db.sql(SELECT + " where l.token = :token and (k.ends_at is null or k.ends_at > :now)")
                .bind("token", token)
                .bind("now", clock.instant())
                .map(this::card)
                .one();
    }

    /** The cards of these tokens, ended campaigns included (a report counts what happened while they ran). */
    public Flux<SharerCard> ofShareTokens(Collection<String> tokens) {
        String[] valid = tokens.stream().filter(token -> token != null && token.matches(TOKEN)).distinct().toArray(String[]::new);
        if (valid.length == 0) {
            return Flux.empty();
        }
        return db.sql(SELECT + " where l.token = any(:tokens)").bind("tokens", valid).map(this::card).all();
    }

    private SharerCard card(Readable row) {
        String ticket = row.get("ticket", String.class);
        Instant expires = row.get("ticket_expires_at", Instant.class);
        boolean live = ticket != null && (expires == null || expires.isAfter(clock.instant()));
        return new SharerCard(row.get("token", String.class), row.get("campaign_id", Long.class), SharerStore.read(row, "s_"),
                SharerStore.read(row, "a_"), live ? sceneCodes.imageOf(ticket) : null);
    }
}
