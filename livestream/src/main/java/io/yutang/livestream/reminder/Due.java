package io.yutang.livestream.reminder;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.livestream.Channel;
import io.yutang.referral.work.Claim;
import io.yutang.referral.ContactId;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A message this instance claimed to send, with what sending it needs.
 *
 * @param claim how this instance holds the row (its fence, attempts, and whether it was taken over)
 * @param channel the channel an earlier attempt chose, if any
 */
record Due(Claim claim, long registrationId, Purpose purpose, Long offsetSeconds, int generation, Channel channel,
        String appId, String openid, String answers, boolean consented, boolean cancelled, long eventId,
        String title, Instant startsAt, List<Channel> channels, String templateId, String subscribeTemplateId,
        URI replayUrl, URI surveyUrl, ContactId contact) {

    long id() {
        return claim.id();
    }

    int attempts() {
        return claim.attempts();
    }

    /** It was taken over from a send that did not finish (a crashed or stalled instance). */
    boolean recovered() {
        return claim.recovered();
    }

    /** WeChat's {@code client_msg_id}: the same across retries of this message, new when it is re-armed. */
    String key() {
        return "lr" + id() + "g" + generation;
    }

    static Due of(Readable row, Claim claim) {
        String channel = row.get("channel", String.class);
        String replay = row.get("replay_url", String.class);
        String survey = row.get("survey_url", String.class);
        return new Due(claim, row.get("registration_id", Long.class), Purpose.of(row.get("purpose", String.class)),
                row.get("offset_seconds", Long.class), row.get("generation", Integer.class),
                channel == null ? null : Channel.valueOf(channel), row.get("app_id", String.class),
                row.get("openid", String.class), row.get("answers", Json.class).asString(),
                row.get("consented_at", Instant.class) != null,
                "CANCELLED".equals(row.get("registration_status", String.class)), row.get("event_id", Long.class),
                row.get("title", String.class), row.get("starts_at", Instant.class),
                Arrays.stream(row.get("channels", String[].class)).map(Channel::valueOf).toList(),
                row.get("template_id", String.class), row.get("subscribe_template_id", String.class),
                replay == null ? null : URI.create(replay), survey == null ? null : URI.create(survey),
                new ContactId(row.get("contact_id", Long.class)));
    }

    @Override
    public String toString() {
        return "Due[id=" + id() + ", purpose=" + purpose + ", attempts=" + attempts() + "]";
    }
}
