package io.yutang.referral;

import reactor.core.publisher.Mono;

/**
 * Port: looks a user's profile up at WeChat. The gateway implements it. The result is empty when
 * WeChat says there is no such user for the account; an outage is an error, never empty.
 */
public interface ProfileLookup {

    /** The service account (app id) whose users this lookup can see. */
    String appId();

    Mono<WeChatProfile> lookUp(WeChatUser user);
}
