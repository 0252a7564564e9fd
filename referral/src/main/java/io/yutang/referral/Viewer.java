package io.yutang.referral;

import java.io.Serializable;

/**
 * The person signed in on an H5 page, as every module's web handlers see them: the principal of
 * Spring Security's reactive context after WeChat sign-in.
 */
public record Viewer(ContactId contact, WeChatUser user) implements Serializable {

    @Override
    public String toString() {
        return "Viewer[contact=" + contact.value() + "]";
    }
}
