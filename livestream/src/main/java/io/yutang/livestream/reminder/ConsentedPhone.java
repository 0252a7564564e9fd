package io.yutang.livestream.reminder;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The phone number a registrant gave with consent to be contacted, read from their answers. */
final class ConsentedPhone {

    private final JsonMapper json;

    ConsentedPhone(JsonMapper json) {
        this.json = json;
    }

    Optional<String> of(Due due) {
        if (!due.consented()) {
            return Optional.empty();
        }
        JsonNode phone = json.readTree(due.answers()).get("phone");
        return phone == null || phone.isNull() || phone.asString().isBlank() ? Optional.empty() : Optional.of(phone.asString());
    }
}
