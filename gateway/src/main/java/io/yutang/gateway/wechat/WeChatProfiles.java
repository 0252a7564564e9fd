package io.yutang.gateway.wechat;

import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ProfileLookupsThrottled;
import io.yutang.referral.WeChatProfile;
import io.yutang.referral.WeChatUser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.result.WxMpUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's {@link ProfileLookup} through {@code cgi-bin/user/info} and, for many users at once,
 * {@code cgi-bin/user/info/batchget} (up to 100 openids a call). An openid WeChat does not know
 * for this account (40003, 46004) is absent: alone it is left out; in a batch WeChat refuses the
 * whole call, so the batch is halved until that openid stands alone. A refusal for quota (45009)
 * or frequency (45011) on a batch is {@link ProfileLookupsThrottled} at once, and so is busy (-1)
 * after {@link WeChatCalls#callToTheEndOrRefused}'s few quick retries; anything else that fails is an error
 * to retry.
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
        return calls.callToTheEnd(() -> wechat.getUserService().userInfo(user.openid()))
                .map(WeChatProfiles::profile)
                .onErrorResume(WeChatProfiles::noSuchUser, failure -> Mono.empty());
    }

    @Override
    public Mono<Map<WeChatUser, WeChatProfile>> lookUpAll(List<WeChatUser> users) {
        if (users.size() > MOST_PER_LOOKUP) {
            return Mono.error(new IllegalArgumentException("at most " + MOST_PER_LOOKUP + " users per lookup, not " + users.size()));
        }
        if (users.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<String> openids = users.stream().map(WeChatUser::openid).toList();
        return calls.callToTheEndOrRefused(() -> wechat.getUserService().userInfoList(openids))
                .map(answer -> profiles(users, answer))
                .onErrorResume(WeChatProfiles::noSuchUser, failure -> users.size() == 1
                        ? Mono.just(Map.of())
                        : Flux.concat(lookUpAll(users.subList(0, users.size() / 2)),
                                        lookUpAll(users.subList(users.size() / 2, users.size())))
                                .reduce(new HashMap<WeChatUser, WeChatProfile>(), (all, half) -> {
                                    all.putAll(half);
                                    return all;
                                })
                                .map(Map::copyOf))
                .onErrorMap(WeChatCalls::throttled, failure -> new ProfileLookupsThrottled(WeChatCalls.describe(failure)));
    }

    private static Map<WeChatUser, WeChatProfile> profiles(List<WeChatUser> asked, List<WxMpUser> answer) {
        Map<String, WeChatUser> byOpenid = new HashMap<>();
        asked.forEach(user -> byOpenid.put(user.openid(), user));
        Map<WeChatUser, WeChatProfile> profiles = new HashMap<>();
        for (WxMpUser user : answer == null ? List.<WxMpUser>of() : answer) {
            WeChatUser known = user.getOpenId() == null ? null : byOpenid.get(user.getOpenId());
            if (known != null) {
                profiles.put(known, profile(user));
            }
        }
        return profiles;
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
