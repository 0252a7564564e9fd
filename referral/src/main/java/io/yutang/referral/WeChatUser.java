package io.yutang.referral;

import java.io.Serializable;
import java.util.Objects;

/** A WeChat user as one service account sees them: the account's app id and the user's openid. */
public record WeChatUser(String appId, String openid) implements Serializable {

    public WeChatUser {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(openid, "openid");
    }
}
