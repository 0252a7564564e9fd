package io.yutang.livestream.reminder;

import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.ReminderMessage;
import io.yutang.referral.WeChatUser;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Words a registrant's message from the message bundle (Simplified Chinese), within WeChat's field limits. */
@Component
class ReminderTexts {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(CHINA);
    private static final int FIELD_LIMIT = 20;
    private static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private final MessageSource messages;
    private final URI base;

    ReminderTexts(MessageSource messages, LivestreamProperties properties) {
        this.messages = messages;
        this.base = properties.publicBaseUrl();
    }

    ReminderMessage compose(Due due) {
        Purpose purpose = due.purpose();
        String suffix = switch (purpose) {
            case BEFORE_START -> due.offsetSeconds() != null && due.offsetSeconds() == 0 ? "starting" : "before";
            default -> purpose.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
        URI link = switch (purpose) {
            case REPLAY_ATTENDED, REPLAY_MISSED -> due.replayUrl() != null ? due.replayUrl() : page(due);
            case SURVEY -> due.surveyUrl() != null ? due.surveyUrl() : page(due);
            case BEFORE_START -> base.resolve("/live/" + due.eventId() + "/room");
            default -> page(due);
        };
        String when = WHEN.format(due.startsAt());
        String notice = messages.getMessage("reminder.notice." + suffix,
                new Object[] {due.offsetSeconds() == null ? "" : humane(Duration.ofSeconds(due.offsetSeconds()))}, LOCALE);
        String text = messages.getMessage("reminder.text." + suffix, new Object[] {due.title(), when, link.toString()}, LOCALE);
        return new ReminderMessage(due.key(), new WeChatUser(due.appId(), due.openid()), fit(due.title()), due.startsAt(),
                fit(notice), text, link, due.templateId(), due.subscribeTemplateId());
    }

    private URI page(Due due) {
        return base.resolve("/live/" + due.eventId());
    }

    private String humane(Duration offset) {
        if (offset.toDays() > 0 && offset.toHoursPart() == 0 && offset.toMinutesPart() == 0) {
            return messages.getMessage("reminder.duration.days", new Object[] {offset.toDays()}, LOCALE);
        }
        if (offset.toHours() > 0 && offset.toMinutesPart() == 0) {
            return messages.getMessage("reminder.duration.hours", new Object[] {offset.toHours()}, LOCALE);
        }
        return messages.getMessage("reminder.duration.minutes", new Object[] {Math.max(1, offset.toMinutes())}, LOCALE);
    }

    /** At most 20 characters (code points), as template fields allow. */
    static String fit(String value) {
        if (value.codePointCount(0, value.length()) <= FIELD_LIMIT) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, FIELD_LIMIT - 1)) + "…";
    }
}
