package io.yutang.gateway.callback;

/**
 * The query WeChat signs a callback with.
 *
 * @param encryptType {@code aes} when the body is encrypted (safe or compatible mode)
 * @param msgSignature the signature over token, timestamp, nonce and the ciphertext
 */
record CallbackRequest(String signature, String timestamp, String nonce, String encryptType,
        String msgSignature) {

    boolean encrypted() {
        return "aes".equalsIgnoreCase(encryptType);
    }
}
