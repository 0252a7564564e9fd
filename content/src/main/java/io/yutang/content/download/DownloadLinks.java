package io.yutang.content.download;

import io.yutang.content.ContentProperties;
import io.yutang.referral.ReferralProperties;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Download links: {@code /c/downloads/<payload>.<signature>}, the payload naming the asset, the
 * version issued (so a link keeps serving what it promised after a new upload), the lead and the
 * expiry; the signature an HMAC-SHA256 under a key made once in PostgreSQL and shared by every instance.
 */
@Component
public class DownloadLinks {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final DatabaseClient db;
    private final ContentProperties properties;
    private final URI publicBase;
    private final Clock clock;
    private final Mono<byte[]> key;

    DownloadLinks(DatabaseClient db, ContentProperties properties, ReferralProperties referral, Clock clock) {
        this.db = db;
        this.properties = properties;
        this.publicBase = referral.publicBaseUrl();
        this.clock = clock;
        // Kept once loaded; a failure (PostgreSQL briefly away) is not kept, so the next link tries again.
        this.key = loadKey().cacheInvalidateIf(loaded -> false);
    }

    /** What a valid link grants. {@code version} is null for an asset delivered by an external address. */
    public record Grant(long assetId, Integer version, long leadId, Instant expiresAt) {
    }

    /** A link to the asset's version for the lead, working for the configured lifetime from now. */
    public Mono<Issued> issue(long assetId, Integer version, long leadId) {
        Instant expires = clock.instant().plus(properties.downloadLinkLifetime());
        String payload = assetId + "." + (version == null ? "x" : version) + "." + leadId + "." + expires.getEpochSecond();
        return key.map(secret -> {
            String token = ENCODE.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "." + ENCODE.encodeToString(sign(secret, payload));
            return new Issued(UriComponentsBuilder.fromUri(publicBase).path("/c/downloads/{token}").build(token), expires);
        });
    }

    /** An issued link and when it stops working. */
    public record Issued(URI link, Instant expiresAt) {
    }

    /** What the token grants; {@link DownloadRefused} when it is forged, malformed or expired. */
    public Mono<Grant> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || token.length() > 300) {
            return Mono.error(DownloadRefused.forged());
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(DECODE.decode(token.substring(0, dot)), StandardCharsets.US_ASCII);
            signature = DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException malformed) {
            return Mono.error(DownloadRefused.forged());
        }
        return key.flatMap(secret -> {
            if (!MessageDigest.isEqual(sign(secret, payload), signature)) {
                return Mono.error(DownloadRefused.forged());
            }
            String[] parts = payload.split("\\.");
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (!clock.instant().isBefore(expires)) {
                return Mono.error(DownloadRefused.expired());
            }
            return Mono.just(new Grant(Long.parseLong(parts[0]), "x".equals(parts[1]) ? null : Integer.valueOf(parts[1]),
                    Long.parseLong(parts[2]), expires));
        });
    }

    private Mono<byte[]> loadKey() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return db.sql("insert into content.link_key (id, secret, created_at) values (1, :secret, :now) on conflict (id) do nothing")
                .bind("secret", ByteBuffer.wrap(fresh)).bind("now", clock.instant()).then()
                .then(db.sql("select secret from content.link_key where id = 1")
                        .map(row -> {
                            ByteBuffer buffer = row.get("secret", ByteBuffer.class);
                            byte[] bytes = new byte[buffer.remaining()];
                            buffer.get(bytes);
                            return bytes;
                        })
                        .one());
    }

    private static byte[] sign(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
