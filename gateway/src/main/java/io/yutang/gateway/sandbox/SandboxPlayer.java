package io.yutang.gateway.sandbox;

import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.wechat.WeChatAccount;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Plays WeChat's server in sandbox mode: turns "user X scans scene S" into the XML WeChat would
 * push, signs and encrypts it with the account's credentials and the configured mode, posts it to
 * this instance's {@code /wechat/callback} and opens the reply.
 */
@Component
@Conditional(SandboxMode.class)
class SandboxPlayer {

    private final WeChatServerSide wechat;
    private final Contacts contacts;
    private final FakeWeChatApi fakeApi;
    private final Clock clock;
    private final String accountId;
    private final String appId;
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis());
    private volatile WebClient callback;

    SandboxPlayer(WeChatAccount account, GatewayProperties properties, Contacts contacts, FakeWeChatApi fakeApi,
            Clock clock) {
        this.wechat = new WeChatServerSide(account.appId(), account.token(), account.aesKey(), properties.mode());
        this.contacts = contacts;
        this.fakeApi = fakeApi;
        this.clock = clock;
        this.accountId = "gh_sandbox" + account.appId().substring(Math.max(0, account.appId().length() - 6));
        this.appId = account.appId();
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent started) {
        callback = WebClient.create("http://127.0.0.1:" + started.getWebServer().getPort());
    }

    /** Plays one user action and reports what WeChat sent and what yutang answered. */
    Mono<Played> play(UserAction action) {
        return eventFor(action).flatMap(event -> {
            WeChatServerSide.SignedCallback signed = wechat.push(event);
            return callback.post().uri("/wechat/callback?" + signed.query())
                    .contentType(MediaType.TEXT_XML)
                    .bodyValue(signed.body())
                    .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> new Played(event, response.statusCode().value(),
                                    response.statusCode().is2xxSuccessful() ? wechat.open(body) : body)));
        });
    }

    private Mono<String> eventFor(UserAction action) {
        long now = clock.instant().getEpochSecond();
        String openid = action.openid();
        return switch (action.type()) {
            case SCAN -> contacts.find(new WeChatUser(appId, openid))
                    .map(Contact::subscribed)
                    .defaultIfEmpty(false)
                    .map(following -> {
                        if (following) {
                            return WeChatEvents.scan(accountId, openid, now, action.scene());
                        }
                        fakeApi.rememberFollowScene(openid, action.scene());
                        return WeChatEvents.subscribe(accountId, openid, now, action.scene());
                    });
            case FOLLOW -> Mono.just(WeChatEvents.subscribe(accountId, openid, now, null));
            case UNFOLLOW -> Mono.just(WeChatEvents.unsubscribe(accountId, openid, now));
            case TEXT -> Mono.just(WeChatEvents.text(accountId, openid, now, action.text(), messageIds.incrementAndGet()));
            case CLICK -> Mono.just(WeChatEvents.click(accountId, openid, now, action.menuKey()));
            case ACCEPT_SUBSCRIPTION -> Mono.just(WeChatEvents.subscriptionDecided(accountId, openid, now, action.templateId(), true));
        };
    }

    /** What the sandbox pushed and what came back. */
    record Played(String pushedXml, int status, String reply) {
    }
}
