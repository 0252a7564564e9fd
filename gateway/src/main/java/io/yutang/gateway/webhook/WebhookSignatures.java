package io.yutang.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: a secret is {@code whsec_} and 24 random bytes in base64; a signature
 * is {@code v1,} and the base64 HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}
 * under the secret's bytes. During a rotation each secret signs, space-separated.
 */
final class WebhookSignatures {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignatures() {
    }

    static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header's value for these secrets (the current one first). */
    static String sign(List<String> secrets, String id, long timestamp, String body) {
        return secrets.stream().map(secret -> "v1," + hmac(secret, id + "." + timestamp + "." + body))
                .collect(Collectors.joining(" "));
    }

    private static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
