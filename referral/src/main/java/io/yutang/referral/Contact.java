package io.yutang.referral;

import java.time.Instant;

/**
 * What yutang knows of a person through WeChat.
 *
 * @param nickname and {@code avatarUrl}: from H5 sign-in with consent ({@code snsapi_userinfo}); personal data
 * @param subscribeScene how they followed, as WeChat reports it (e.g. {@code ADD_SCENE_QR_CODE})
 * @param qrSceneStr the scene of the parametric QR code they followed through, if any
 */
public record Contact(
        ContactId id,
        WeChatUser user,
        String unionid,
        String nickname,
        String avatarUrl,
        boolean subscribed,
        Instant subscribedAt,
        Instant unsubscribedAt,
        String subscribeScene,
        String qrSceneStr,
        Instant profileFetchedAt,
        Instant firstSeenAt,
        Instant lastSeenAt) {

    @Override
    public String toString() {
        return "Contact[id=" + id.value() + ", subscribed=" + subscribed + ", nickname=***]";
    }
}
