package io.yutang.gateway.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** WeChat's callback signatures: SHA-1 over the sorted, concatenated parts, compared in constant time. */
final class Signatures {

    private Signatures() {
    }

    static String sign(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** True when {@code given} is the signature of {@code parts}; null never matches. */
    static boolean matches(String given, String... parts) {
        if (given == null) {
            return false;
        }
        for (String part : parts) {
            if (part == null) {
                return false;
            }
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
