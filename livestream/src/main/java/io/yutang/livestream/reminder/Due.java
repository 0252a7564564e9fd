package io.yutang.livestream.reminder;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.livestream.Channel;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A message this instance took to send, with what sending it needs.
 *
 * @param recovered it was taken over from a send that did not finish (a crashed or stalled instance)
 * @param channel the channel an earlier attempt chose, if any
 * @param fence what this claim holds the row by: every write names it, so a stale instance's changes nothing
 */
record Due(long id, long registrationId, String purpose, Long offsetSeconds, int generation, Channel channel,
        int attempts, long fence, boolean recovered, String appId, String openid, String answers, boolean consented, boolean cancelled, long eventId,
        String title, Instant startsAt, List<Channel> channels, String templateId, String subscribeTemplateId,
        URI replayUrl, URI surveyUrl) {

    /** WeChat's {@code client_msg_id}: the same across retries of this message, new when it is re-armed. */
    String key() {
        return "lr" + id + "g" + generation;
    }

    static Due of(Readable row) {
        String channel = row.get("channel", String.class);
        String replay = row.get("replay_url", String.class);
        String survey = row.get("survey_url", String.class);
        return new Due(row.get("id", Long.class), row.get("registration_id", Long.class), row.get("purpose", String.class),
                row.get("offset_seconds", Long.class), row.get("generation", Integer.class),
                channel == null ? null : Channel.valueOf(channel), row.get("attempts", Integer.class), row.get("fence", Long.class),
                "SENDING".equals(row.get("was", String.class)), row.get("app_id", String.class),
                row.get("openid", String.class), row.get("answers", Json.class).asString(),
                row.get("consented_at", Instant.class) != null,
                "CANCELLED".equals(row.get("registration_status", String.class)), row.get("event_id", Long.class),
                row.get("title", String.class), row.get("starts_at", Instant.class),
                Arrays.stream(row.get("channels", String[].class)).map(Channel::valueOf).toList(),
                row.get("template_id", String.class), row.get("subscribe_template_id", String.class),
                replay == null ? null : URI.create(replay), survey == null ? null : URI.create(survey));
    }

    @Override
    public String toString() {
        return "Due[id=" + id + ", purpose=" + purpose + ", attempts=" + attempts + "]";
    }
}
