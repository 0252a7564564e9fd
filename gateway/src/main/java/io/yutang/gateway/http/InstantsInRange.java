package io.yutang.gateway.http;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * An instant given as a number of seconds outside what an {@link Instant} can hold is refused (a
 * 400 like any unreadable body) instead of read as 1970-01-01: Jackson turns {@code 1e999999} into
 * zero seconds, and a campaign silently started in 1970. Strings and numbers in range are read as before.
 */
@Configuration(proxyBeanMethods = false)
class InstantsInRange {

    private static final BigDecimal LARGEST = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    @Bean
    JacksonModule instantsInRangeModule() {
        return new SimpleModule("instants-in-range").addDeserializer(Instant.class, new ValueDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) {
                if (parser.currentToken() != null && parser.currentToken().isNumeric()
                        && parser.getDecimalValue().abs().compareTo(LARGEST) > 0) {
                    return (Instant) context.handleWeirdNumberValue(Instant.class, parser.getNumberValue(),
                            "outside the range of an instant");
                }
                return InstantDeserializer.INSTANT.deserialize(parser, context);
            }
        });
    }
}
