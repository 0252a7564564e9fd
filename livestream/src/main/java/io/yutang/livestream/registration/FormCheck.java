package io.yutang.livestream.registration;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.referral.form.FieldError;
import io.yutang.referral.form.FormAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Checks a registration form against the event's fields and consent text (the shared form check). */
@Component
public class FormCheck {

    private final FormAnswers forms;

    FormCheck(FormAnswers forms) {
        this.forms = forms;
    }

    /** The answers to keep (the event's fields only, trimmed), or {@link InvalidRegistration} naming each bad field. */
    Map<String, String> check(LiveEvent event, RegistrationForm form) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> kept = forms.check(event.registrationFields(), form.answers(), errors);
        if (event.consentText() != null && !form.consent()) {
            errors.add(forms.error("consent", "field.error.consent", ""));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRegistration(errors);
        }
        return kept;
    }
}
