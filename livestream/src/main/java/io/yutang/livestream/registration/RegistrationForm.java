package io.yutang.livestream.registration;

import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * What the registration page submits.
 *
 * @param answers field key → value, for the fields the event asks
 * @param consent the registrant ticked the consent text
 * @param shareToken the share link's token the page was opened with ({@code st}), if any
 */
public record RegistrationForm(@Size(max = 20) Map<String, String> answers, boolean consent,
        @Size(max = 64) String shareToken) {

    @Override
    public String toString() {
        return "RegistrationForm[fields=" + (answers == null ? 0 : answers.size()) + ", consent=" + consent + "]";
    }
}
