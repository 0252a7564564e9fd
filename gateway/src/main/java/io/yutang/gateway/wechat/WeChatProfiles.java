package io.yutang.gateway.wechat;

import io.yutang.referral.ProfileLookup;
import io.yutang.referral.WeChatProfile;
import io.yutang.referral.WeChatUser;
import java.util.Set;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.result.WxMpUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Referral's {@link ProfileLookup} through {@code cgi-bin/user/info}. An openid WeChat does not
 * know for this account (40003) is absent; anything else that fails is an error to retry.
 */
@Component
class WeChatProfiles implements ProfileLookup {

    private static final Set<Integer> NO_SUCH_USER = Set.of(40003, 46004);

    private final WxMpService wechat;
    private final WeChatCalls calls;

    WeChatProfiles(WxMpService wechat, WeChatCalls calls) {
        this.wechat = wechat;
        this.calls = calls;
    }

    @Override
    public String appId() {
        return wechat.getWxMpConfigStorage().getAppId();
    }

    @Override
    public Mono<WeChatProfile> lookUp(WeChatUser user) {
        return calls.call(() -> wechat.getUserService().userInfo(user.openid()))
                .map(WeChatProfiles::profile)
                .onErrorResume(WeChatProfiles::noSuchUser, failure -> Mono.empty());
    }

    private static boolean noSuchUser(Throwable failure) {
        Integer code = WeChatCalls.errorCode(failure);
        return code != null && NO_SUCH_USER.contains(code);
    }

    private static WeChatProfile profile(WxMpUser user) {
        return new WeChatProfile(Boolean.TRUE.equals(user.getSubscribe()), blankToNull(user.getUnionId()),
                blankToNull(user.getSubscribeScene()), blankToNull(user.getQrSceneStr()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
