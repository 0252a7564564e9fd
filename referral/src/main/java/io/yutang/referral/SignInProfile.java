package io.yutang.referral;

/**
 * What WeChat's H5 sign-in tells about a user: the union id when the account is bound to an Open
 * Platform account, and with {@code snsapi_userinfo} (the user consented) nickname and avatar.
 * Personal data: never logged.
 */
public record SignInProfile(String unionid, String nickname, String avatarUrl) {

    @Override
    public String toString() {
        return "SignInProfile[unionid=" + (unionid == null ? "none" : "set") + ", nickname=***, avatarUrl=***]";
    }
}
