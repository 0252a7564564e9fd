package io.yutang.referral.form;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Checks a form's answers against the fields it asks for, and lays the fields out for a page.
 * Errors are worded for the person filling the form (Simplified Chinese, bundle {@code i18n/forms}).
 */
@Component
public class FormAnswers {

    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");
    private static final Map<String, Integer> LONGEST = Map.of("name", 40, "company", 100, "title", 60, "phone", 11,
            "email", 100);
    private static final int LONGEST_CUSTOM = 200;
    private static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private final MessageSource messages;

    FormAnswers(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * The answers to keep (the asked fields only, trimmed); each bad or missing answer adds an
     * entry to {@code errors}.
     */
    public Map<String, String> check(List<? extends AskedField> fields, Map<String, String> given, List<FieldError> errors) {
        Map<String, String> answers = given == null ? Map.of() : given;
        Map<String, String> kept = new LinkedHashMap<>();
        for (AskedField field : fields) {
            String value = answers.get(field.key()) == null ? "" : answers.get(field.key()).strip();
            String label = label(field);
            if (value.isEmpty()) {
                if (field.required()) {
                    errors.add(error(field.key(), "field.error.required", label));
                }
                continue;
            }
            if (value.length() > LONGEST.getOrDefault(field.key(), LONGEST_CUSTOM)) {
                errors.add(error(field.key(), "phone".equals(field.key()) ? "field.error.phone" : "field.error.too-long", label));
            } else if (CONTROL.matcher(value).find()) {
                errors.add(error(field.key(), "field.error.control-character", label));
            } else if ("phone".equals(field.key()) && !PHONE.matcher(value).matches()) {
                errors.add(error(field.key(), "field.error.phone", label));
            } else if ("email".equals(field.key()) && !EMAIL.matcher(value).matches()) {
                errors.add(error(field.key(), "field.error.email", label));
            } else {
                kept.put(field.key(), value);
            }
        }
        return kept;
    }

    /** The inputs a page draws for {@code fields}, filled from {@code prefill}. */
    public List<FormInput> inputs(List<? extends AskedField> fields, Map<String, String> prefill) {
        return fields.stream()
                .map(field -> new FormInput(label(field), field.key(), switch (field.key()) {
                    case "phone" -> "tel";
                    case "email" -> "email";
                    default -> "text";
                }, prefill.getOrDefault(field.key(), ""), field.required()))
                .toList();
    }

    /** Whether {@code prefill} answers every required field, so the form can be sent with one tap. */
    public static boolean complete(List<? extends AskedField> fields, Map<String, String> prefill) {
        return !prefill.isEmpty() && fields.stream()
                .allMatch(field -> !field.required() || !prefill.getOrDefault(field.key(), "").isBlank());
    }

    /** What the form calls the field: its own label, else the bundle's for a well-known key. */
    public String label(AskedField field) {
        if (field.label() != null && !field.label().isBlank()) {
            return field.label();
        }
        return messages.getMessage("field." + field.key(), null, field.key(), LOCALE);
    }

    /** An error for {@code field} worded by the bundle's {@code code} (e.g. {@code field.error.consent}). */
    public FieldError error(String field, String code, String label) {
        return new FieldError(field, messages.getMessage(code, new Object[] {label}, LOCALE));
    }
}
