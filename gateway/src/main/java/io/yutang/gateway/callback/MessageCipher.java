package io.yutang.gateway.callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's safe-mode message encryption: AES-256-CBC with the key from the EncodingAESKey, the IV
 * its first 16 bytes, plaintext = 16 random bytes + 4-byte big-endian length + message + appid,
 * PKCS#7-padded to 32 bytes. Unlike WxJava's, decryption checks the appid, and it tries the
 * previous EncodingAESKey after a rotation.
 */
final class MessageCipher {

    private static final int BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String appId;
    private final List<byte[]> keys;

    /** @param previousAesKey the key before the last rotation, or null */
    MessageCipher(String appId, String aesKey, String previousAesKey) {
        this.appId = appId;
        List<byte[]> usable = new ArrayList<>();
        usable.add(keyBytes(aesKey));
        if (previousAesKey != null && !previousAesKey.isBlank()) {
            usable.add(keyBytes(previousAesKey));
        }
        this.keys = List.copyOf(usable);
    }

    static byte[] keyBytes(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("An EncodingAESKey has exactly 43 characters");
        }
        return Base64.getDecoder().decode(encodingAesKey + "=");
    }

    /** The message inside {@code encrypted} (the base64 of the Encrypt element). */
    String decrypt(String encrypted) {
        byte[] cipherText;
        try {
            cipherText = Base64.getMimeDecoder().decode(encrypted.trim());
        } catch (IllegalArgumentException e) {
            throw new UndecryptableMessage(e);
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new UndecryptableMessage(null);
        }
        boolean foreign = false;
        for (byte[] key : keys) {
            Opened opened = open(key, cipherText);
            if (opened == null) {
                continue;
            }
            if (opened.appId().equals(appId)) {
                return opened.message();
            }
            foreign = true;
        }
        if (foreign) {
            throw new ForeignAppId();
        }
        throw new UndecryptableMessage(null);
    }

    /** Base64 ciphertext of {@code message}, sealed with the current key and this account's appid. */
    String encrypt(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        int unpadded = 16 + 4 + body.length + app.length;
        int pad = BLOCK - (unpadded % BLOCK);
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad)
                .put(random).putInt(body.length).put(body).put(app);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, keys.get(0)).doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is part of every JDK", e);
        }
    }

    private static Opened open(byte[] key, byte[] cipherText) {
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, key).doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            return null;
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            return null;
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                return null;
            }
        }
        int end = plain.length - pad;
        if (end < 20) {
            return null;
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            return null;
        }
        String message = new String(plain, 20, length, StandardCharsets.UTF_8);
        String sender = new String(Arrays.copyOfRange(plain, 20 + length, end), StandardCharsets.UTF_8);
        return new Opened(message, sender);
    }

    private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
        return cipher;
    }

    private record Opened(String message, String appId) {
    }
}
