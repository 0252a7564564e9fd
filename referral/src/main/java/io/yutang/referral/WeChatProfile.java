package io.yutang.referral;

/**
 * A user's profile as WeChat's user-info API returns it today (no nickname or avatar since 2021).
 *
 * @param subscribed whether the user follows the account at the time of the lookup
 * @param unionid the Open Platform union id, when the account is bound to one
 * @param subscribeScene how they followed (e.g. {@code ADD_SCENE_QR_CODE})
 * @param qrSceneStr the scene of the parametric QR code they followed through, if any
 */
public record WeChatProfile(boolean subscribed, String unionid, String subscribeScene, String qrSceneStr) {
}
