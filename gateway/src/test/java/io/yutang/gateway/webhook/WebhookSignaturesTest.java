package io.yutang.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** yutang's signatures against the Standard Webhooks specification's own example. */
class WebhookSignaturesTest {

    @Test
    void signsTheSpecificationsExampleAsItSays() {
        assertThat(WebhookSignatures.sign(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationEverySecretSignsSpaceSeparated() {
        String current = WebhookSignatures.newSecret();
        String previous = WebhookSignatures.newSecret();
        String header = WebhookSignatures.sign(List.of(current, previous), "msg_1", 1L, "{}");
        assertThat(header.split(" ")).hasSize(2)
                .containsExactly(WebhookSignatures.sign(List.of(current), "msg_1", 1L, "{}"),
                        WebhookSignatures.sign(List.of(previous), "msg_1", 1L, "{}"));
        assertThat(current).startsWith("whsec_").hasSize("whsec_".length() + 32).isNotEqualTo(previous);
    }
}
