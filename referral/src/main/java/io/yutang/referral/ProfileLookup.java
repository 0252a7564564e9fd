package io.yutang.referral;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Port: looks users' profiles up at WeChat. The gateway implements it. A user WeChat does not
 * know for the account is absent from the answer; an outage is an error, never absent.
 */
public interface ProfileLookup {

    /** The most users one {@link #lookUpAll} call may ask for (WeChat's batch limit). */
    int MOST_PER_LOOKUP = 100;

    /** The service account (app id) whose users this lookup can see. */
    String appId();

    /** One user's profile; empty when WeChat says there is no such user for the account. */
    Mono<WeChatProfile> lookUp(WeChatUser user);

    /**
     * The profiles of up to {@link #MOST_PER_LOOKUP} users in one call, by user. A user WeChat did
     * not return (unknown to the account, an invalid openid) is missing from the map. Fails with
     * {@link ProfileLookupsThrottled} when WeChat holds calls off for a while (daily quota, frequency
     * limit, or busy beyond a few quick retries), and with another error when the call failed.
     */
    Mono<Map<WeChatUser, WeChatProfile>> lookUpAll(List<WeChatUser> users);
}
