package io.yutang.content;

import reactor.core.publisher.Mono;

/**
 * Port for what follows a qualified lead outside content (the gateway's CRM webhooks): told of each
 * qualification as part of its durable hand-off, before the hand-off is marked done, so a failure
 * makes content tell it again. Told at least once: {@link LeadQualified#id()} is the same each time.
 */
public interface LeadQualifiedListener {

    Mono<Void> qualified(LeadQualified lead);
}
