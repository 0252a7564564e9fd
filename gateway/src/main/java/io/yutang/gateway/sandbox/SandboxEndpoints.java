package io.yutang.gateway.sandbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.gateway.callback.InboundEvents;
import io.yutang.gateway.wechat.WeChatAccount;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The sandbox's JSON API: play WeChat's server, and look at what yutang stored and sent. */
@Tag(name = "sandbox", description = "Sandbox mode only: play WeChat's side without an account (open to anyone who reaches it)")
@RestController
@RequestMapping("/sandbox/api")
@Conditional(SandboxMode.class)
class SandboxEndpoints {

    private final SandboxPlayer player;
    private final Contacts contacts;
    private final FakeWeChatApi fakeApi;
    private final InboundEvents inboundEvents;
    private final String appId;

    SandboxEndpoints(SandboxPlayer player, Contacts contacts, FakeWeChatApi fakeApi, InboundEvents inboundEvents,
            WeChatAccount account) {
        this.player = player;
        this.contacts = contacts;
        this.fakeApi = fakeApi;
        this.inboundEvents = inboundEvents;
        this.appId = account.appId();
    }

    @Operation(summary = "Push a user's action to /wechat/callback as WeChat would; returns yutang's reply, opened")
    @PostMapping("/actions")
    Mono<SandboxPlayer.Played> play(@Valid @RequestBody UserAction action) {
        return player.play(action);
    }

    @Operation(summary = "The contact yutang keeps for an openid")
    @GetMapping("/contacts/{openid}")
    Mono<ContactView> contact(@PathVariable String openid) {
        return contacts.find(new WeChatUser(appId, openid))
                .map(c -> new ContactView(c.user().openid(), c.subscribed(), c.unionid(), c.subscribeScene(),
                        c.qrSceneStr(), c.firstSeenAt(), c.lastSeenAt(), c.profileFetchedAt()))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)));
    }

    @Operation(summary = "The events yutang stored for an openid, newest first")
    @GetMapping("/events")
    Flux<InboundEvents.Listed> events(@RequestParam String openid) {
        return inboundEvents.newestOf(appId, openid, 50);
    }

    @Operation(summary = "Messages yutang sent through WeChat's message APIs (template, subscription, customer service)")
    @GetMapping("/outbox")
    List<SentMessage> outbox() {
        return fakeApi.sentMessages().stream()
                .map(request -> new SentMessage(request.getUrl().replaceAll("access_token=[^&]*", "access_token=***"),
                        request.getLoggedDate().toInstant(), request.getBodyAsString()))
                .toList();
    }

    record ContactView(String openid, boolean subscribed, String unionid, String subscribeScene, String qrSceneStr,
            Instant firstSeenAt, Instant lastSeenAt, Instant profileFetchedAt) {
    }


    record SentMessage(String url, Instant at, String body) {
    }
}
