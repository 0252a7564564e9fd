package io.yutang.referral.poster;

import io.yutang.referral.ReferralProperties;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * SharerStore' avatars for posters, fetched over HTTP from the allowed avatar hosts only (no
 * redirects), with a timeout and a size limit. A sharer without an avatar is empty; a failure
 * (not allowed, slow, missing, too large, not an image) is an error the caller draws initials
 * for, without keeping that poster for long.
 */
@Component
class Avatars {

    private static final Logger log = LoggerFactory.getLogger(Avatars.class);

    /** Avatars are drawn in a circle of at most a few hundred pixels; larger ones are read at a fraction. */
    private static final int LONGEST_SIDE = 512;

    private final WebClient web;
    private final Duration timeout;
    private final List<String> hosts;

    Avatars(ReferralProperties properties) {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, properties.posterAvatarMaxSize().toBytes());
        this.web = WebClient.builder().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBytes)).build();
        this.timeout = properties.posterAvatarTimeout();
        this.hosts = properties.posterAvatarHosts().stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether {@code uri} is an http(s) address on an allowed avatar host (or one of its subdomains). */
    boolean allowed(URI uri) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return hosts.stream().anyMatch(allowed -> lower.equals(allowed) || lower.endsWith("." + allowed));
    }

    /** The avatar at {@code url}, decoded; empty when there is none, an error when it cannot be had. */
    Mono<BufferedImage> fetch(String url) {
        if (url == null || url.isBlank()) {
            return Mono.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return Mono.error(new UnreadableImage("not-a-url"));
        }
        if (!allowed(uri)) {
            log.debug("Avatar host {} is not among YUTANG_REFERRAL_POSTER_AVATAR_HOSTS; drawing initials", uri.getHost());
            return Mono.error(new UnreadableImage("host-not-allowed"));
        }
        return web.get().uri(uri)
                .accept(MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, MediaType.ALL)
                .retrieve()
                .bodyToMono(byte[].class)
                .timeout(timeout)
                .flatMap(bytes -> ImageBytes.offEventLoop(() -> ImageBytes.decodeSmall(bytes, LONGEST_SIDE)))
                .doOnError(e -> {
                    if (log.isDebugEnabled()) {
                        log.debug("No avatar from {}://{}{} ({}); drawing initials", uri.getScheme(), uri.getHost(),
                                uri.getPath(), reason(e));
                    }
                });
    }

    private static String reason(Throwable e) {
        if (e instanceof WebClientResponseException response) {
            return "status " + response.getStatusCode().value();
        }
        return e instanceof UnreadableImage unreadable ? unreadable.reason() : e.getClass().getSimpleName();
    }
}
