package io.yutang.gateway.sandbox;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * Plays WeChat's server towards yutang's callback: signs and (in safe or compatible mode)
 * encrypts an event exactly as WeChat does, and opens the reply. The crypto and the signatures are
 * WxJava's, an implementation independent of the callback's own, so the two check each other.
 */
public final class WeChatServerSide {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ENCRYPT = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>");

    private final String token;
    private final EncryptionMode mode;
    private final WxCryptUtil crypt;

    public WeChatServerSide(String appId, String token, String aesKey, EncryptionMode mode) {
        this.token = token;
        this.mode = mode;
        this.crypt = aesKey == null ? null : new WxCryptUtil(token, aesKey, appId);
    }

    /** The callback request WeChat would send for this plaintext event XML. */
    public SignedCallback push(String eventXml) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
        String signature = SHA1.gen(token, timestamp, nonce);
        String query = "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce;
        if (mode == EncryptionMode.PLAIN) {
            return new SignedCallback(query, eventXml);
        }
        String encrypted = crypt.encrypt(randomString(), eventXml);
        String body = mode == EncryptionMode.SAFE
                ? "<xml><ToUserName><![CDATA[" + accountOf(eventXml) + "]]></ToUserName><Encrypt><![CDATA["
                        + encrypted + "]]></Encrypt></xml>"
                : eventXml.replace("</xml>", "<Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>");
        return new SignedCallback(query + "&encrypt_type=aes&msg_signature="
                + SHA1.gen(token, timestamp, nonce, encrypted), body);
    }

    /** The plaintext of a reply: decrypted when it came in a safe-mode envelope. */
    public String open(String replyBody) {
        Matcher encrypted = ENCRYPT.matcher(replyBody);
        if (!encrypted.find()) {
            return replyBody;
        }
        return crypt.decrypt(encrypted.group(1));
    }

    private static String accountOf(String eventXml) {
        Matcher to = Pattern.compile("<ToUserName><!\\[CDATA\\[(.*?)]]></ToUserName>").matcher(eventXml);
        return to.find() ? to.group(1) : "";
    }

    private static String randomString() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A callback request: its query string and body. */
    public record SignedCallback(String query, String body) {
    }
}
