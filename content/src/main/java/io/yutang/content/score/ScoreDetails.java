package io.yutang.content.score;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Puts a qualified lead's score card into the words of the rep's nudge ("得分 72：观看直播 ×1、下载资料 ×2"):
 * the behaviours that counted, most valuable first, in the account's language (Simplified Chinese).
 */
@Component
class ScoreDetails {

    private static final int MOST = 4;

    private final MessageSource messages;

    ScoreDetails(MessageSource messages) {
        this.messages = messages;
    }

    String of(ScoreCard card) {
        Locale locale = Locale.SIMPLIFIED_CHINESE;
        Map<String, Double> worth = card.lines().stream()
                .filter(line -> line.counted() > 0)
                .collect(Collectors.groupingBy(line -> line.behaviour().name(), LinkedHashMap::new,
                        Collectors.summingDouble(ScoreLine::counted)));
        Map<String, Long> times = card.lines().stream()
                .filter(line -> line.counted() > 0)
                .collect(Collectors.groupingBy(line -> line.behaviour().name(), Collectors.counting()));
        String did = worth.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(MOST)
                .map(entry -> messages.getMessage("content.score.did", new Object[] {
                        messages.getMessage("content.score.behaviour." + entry.getKey(), null, locale), times.get(entry.getKey())},
                        locale))
                .collect(Collectors.joining(messages.getMessage("content.score.separator", null, locale)));
        return messages.getMessage("content.score.detail", new Object[] {Math.round(card.total()), did}, locale);
    }
}
