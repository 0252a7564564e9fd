package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;

class MessageCipherTest {

    // WeChat's published sample (消息加解密 sample code): key, appid and one ciphertext.
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_ID = "wxb11529c136998cb6";
    static final String SAMPLE_CIPHERTEXT =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    static final String OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";

    @Test
    void decryptsWeChatsPublishedSample() {
        assertThat(new MessageCipher(APP_ID, KEY, null).decrypt(SAMPLE_CIPHERTEXT)).isEqualTo("我是中文abcd123");
    }

    @Test
    void refusesTheSampleForAnotherAppId() {
        assertThatThrownBy(() -> new MessageCipher("wx0000000000000000", KEY, null).decrypt(SAMPLE_CIPHERTEXT))
                .isInstanceOf(ForeignAppId.class);
    }

    @Test
    void opensWhatWxJavaSealsAndWxJavaOpensWhatItSeals() {
        String xml = "<xml><Content><![CDATA[扫码关注 ]]]]><![CDATA[>]]></Content></xml>";
        WxCryptUtil wxJava = new WxCryptUtil("pamtest", KEY, APP_ID);
        MessageCipher ours = new MessageCipher(APP_ID, KEY, null);

        assertThat(ours.decrypt(wxJava.encrypt("0123456789abcdef", xml))).isEqualTo(xml);
        assertThat(wxJava.decrypt(ours.encrypt(xml))).isEqualTo(xml);
    }

    @Test
    void padsToThirtyTwoByteBlocks() {
        for (int length = 0; length < 70; length++) {
            String message = "x".repeat(length);
            MessageCipher cipher = new MessageCipher(APP_ID, KEY, null);
            assertThat(cipher.decrypt(cipher.encrypt(message))).isEqualTo(message);
            int sealed = java.util.Base64.getDecoder().decode(cipher.encrypt(message)).length;
            assertThat(sealed % 32).as("ciphertext length for %d bytes", length).isZero();
        }
    }

    @Test
    void opensMessagesSealedWithThePreviousKeyAfterARotation() {
        String sealedBeforeRotation = new MessageCipher(APP_ID, OTHER_KEY, null).encrypt("<xml/>");

        assertThat(new MessageCipher(APP_ID, KEY, OTHER_KEY).decrypt(sealedBeforeRotation)).isEqualTo("<xml/>");
        assertThatThrownBy(() -> new MessageCipher(APP_ID, KEY, null).decrypt(sealedBeforeRotation))
                .isInstanceOf(UndecryptableMessage.class);
    }

    @Test
    void refusesTruncatedAndGarbledCiphertext() {
        MessageCipher cipher = new MessageCipher(APP_ID, KEY, null);
        assertThatThrownBy(() -> cipher.decrypt(SAMPLE_CIPHERTEXT.substring(0, 40)))
                .isInstanceOf(UndecryptableMessage.class);
        assertThatThrownBy(() -> cipher.decrypt("not base64 at all!"))
                .isInstanceOf(UndecryptableMessage.class);
        assertThatThrownBy(() -> cipher.decrypt(""))
                .isInstanceOf(UndecryptableMessage.class);
    }
}
