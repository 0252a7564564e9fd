package io.yutang.referral.poster;

import io.yutang.referral.ReferralProperties;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Sharers' avatars for posters, fetched over HTTP with a timeout and a size limit. Any failure
 * (slow, missing, too large, not an image) is empty: the poster draws initials instead.
 */
@Component
class Avatars {

    private static final Logger log = LoggerFactory.getLogger(Avatars.class);

    private final WebClient web;
    private final Duration timeout;

    Avatars(ReferralProperties properties) {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, properties.posterAvatarMaxSize().toBytes());
        this.web = WebClient.builder().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBytes)).build();
        this.timeout = properties.posterAvatarTimeout();
    }

    /** The avatar at {@code url}, decoded; empty when there is none or it cannot be had in time. */
    Mono<BufferedImage> fetch(String url) {
        if (url == null || url.isBlank()) {
            return Mono.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return Mono.empty();
        }
        return web.get().uri(uri)
                .accept(MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, MediaType.ALL)
                .retrieve()
                .bodyToMono(byte[].class)
                .timeout(timeout)
                .flatMap(bytes -> ImageBytes.offEventLoop(() -> ImageBytes.decode(bytes)))
                .onErrorResume(e -> {
                    if (log.isDebugEnabled()) {
                        log.debug("No avatar from {}://{}{} ({}); drawing initials", uri.getScheme(), uri.getHost(),
                                uri.getPath(), reason(e));
                    }
                    return Mono.empty();
                });
    }

    private static String reason(Throwable e) {
        if (e instanceof WebClientResponseException response) {
            return "status " + response.getStatusCode().value();
        }
        return e instanceof UnreadableImage unreadable ? unreadable.reason() : e.getClass().getSimpleName();
    }
}
