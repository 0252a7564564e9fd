package io.yutang.referral;

import reactor.core.publisher.Mono;

/**
 * Port for nudging a rep on WeChat when prospects they own move (implemented by the gateway).
 * A digest may be handed over again after a crash; {@link RepDigest#id()} identifies it.
 */
public interface RepNotifier {

    /** Sends the digest to the rep; fails when WeChat refused it, so it is retried. */
    Mono<Void> send(RepDigest digest);
}
