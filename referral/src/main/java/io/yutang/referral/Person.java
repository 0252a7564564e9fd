package io.yutang.referral;

/**
 * The person an export or an erasure is about: their contact, and the WeChat identity other
 * stores know them by. Personal data: never logged.
 */
public record Person(ContactId contact, WeChatUser user, String unionid) {

    @Override
    public String toString() {
        return "Person[contact=" + contact.value() + ", openid=***]";
    }
}
