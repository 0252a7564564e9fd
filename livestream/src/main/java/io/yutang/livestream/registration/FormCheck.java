package io.yutang.livestream.registration;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.RegistrationField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Checks a registration form against the event's fields; errors are worded for the registrant. */
@Component
public class FormCheck {

    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Map<String, Integer> LONGEST = Map.of("name", 40, "company", 100, "title", 60, "phone", 11,
            "email", 100);
    private static final int LONGEST_CUSTOM = 200;
    private static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private final MessageSource messages;

    FormCheck(MessageSource messages) {
        this.messages = messages;
    }

    /** The answers to keep (the event's fields only, trimmed), or {@link InvalidRegistration} naming each bad field. */
    Map<String, String> check(LiveEvent event, RegistrationForm form) {
        Map<String, String> given = form.answers() == null ? Map.of() : form.answers();
        Map<String, String> kept = new LinkedHashMap<>();
        List<Map<String, String>> errors = new ArrayList<>();
        for (RegistrationField field : event.registrationFields()) {
            String value = given.get(field.key()) == null ? "" : given.get(field.key()).strip();
            String label = label(field);
            if (value.isEmpty()) {
                if (field.required()) {
                    errors.add(error(field.key(), "field.error.required", label));
                }
                continue;
            }
            if (value.length() > LONGEST.getOrDefault(field.key(), LONGEST_CUSTOM)) {
                errors.add(error(field.key(), "phone".equals(field.key()) ? "field.error.phone" : "field.error.too-long", label));
            } else if ("phone".equals(field.key()) && !PHONE.matcher(value).matches()) {
                errors.add(error(field.key(), "field.error.phone", label));
            } else if ("email".equals(field.key()) && !EMAIL.matcher(value).matches()) {
                errors.add(error(field.key(), "field.error.email", label));
            } else {
                kept.put(field.key(), value);
            }
        }
        if (event.consentText() != null && !form.consent()) {
            errors.add(error("consent", "field.error.consent", ""));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRegistration(errors);
        }
        return kept;
    }

    /** What the form calls the field: its own label, else the bundle's for a known key. */
    public String label(RegistrationField field) {
        if (field.label() != null && !field.label().isBlank()) {
            return field.label();
        }
        return messages.getMessage("field." + field.key(), null, field.key(), LOCALE);
    }

    private Map<String, String> error(String field, String code, String label) {
        return Map.of("field", field, "reason", messages.getMessage(code, new Object[] {label}, LOCALE));
    }
}
