package io.yutang.gateway.staff;

import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API tokens: 256 random bits shown once at creation ({@code yt_…}); only their SHA-256 is stored,
 * so a database leak yields no usable token. Revoked tokens stop working at once.
 */
@Component
class ApiTokens {

    static final String PREFIX = "yt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Clock clock;

    ApiTokens(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<IssuedToken> issue(String name, List<StaffRole> roles, List<TokenScope> scopes, String issuedBy) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return db.sql("""
                        insert into gateway.api_token (name, token_hash, roles, scopes, created_by, created_at)
                        values (:name, :hash, :roles, :scopes, :by, :now) returning id, created_at""")
                .bind("name", name)
                .bind("hash", hash(token))
                .bind("roles", roles.stream().map(Enum::name).toArray(String[]::new))
                .bind("scopes", scopes.stream().map(TokenScope::wireName).toArray(String[]::new))
                .bind("by", issuedBy)
                .bind("now", clock.instant())
                .map(row -> new IssuedToken(new ApiToken(row.get("id", Long.class), name, roles, scopes, issuedBy,
                        row.get("created_at", Instant.class), null, null), token))
                .one();
    }

    /** The live token with this secret, if any; marks it used. */
    Mono<ApiToken> authenticate(String token) {
        return db.sql("""
                        update gateway.api_token set last_used_at = :now
                        where token_hash = :hash and revoked_at is null
                        returning id, name, roles, scopes, created_by, created_at, last_used_at, revoked_at""")
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .map(row -> token(row))
                .one();
    }

    Flux<ApiToken> list() {
        return db.sql("select id, name, roles, scopes, created_by, created_at, last_used_at, revoked_at from gateway.api_token order by id")
                .map(row -> token(row))
                .all();
    }

    /** Revokes the token; false when there is no such live token. */
    Mono<Boolean> revoke(long id) {
        return db.sql("update gateway.api_token set revoked_at = :now where id = :id and revoked_at is null")
                .bind("id", id)
                .bind("now", clock.instant())
                .fetch().rowsUpdated()
                .map(updated -> updated > 0);
    }

    private static ApiToken token(Readable row) {
        return new ApiToken(row.get("id", Long.class), row.get("name", String.class),
                StaffDirectory.roles(row.get("roles", String[].class)),
                Arrays.stream(row.get("scopes", String[].class)).map(TokenScope::named).flatMap(java.util.Optional::stream).toList(),
                row.get("created_by", String.class),
                row.get("created_at", Instant.class), row.get("last_used_at", Instant.class),
                row.get("revoked_at", Instant.class));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A token as the API lists it: never its secret. */
    record ApiToken(long id, String name, List<StaffRole> roles, List<TokenScope> scopes, String createdBy, Instant createdAt,
            Instant lastUsedAt, Instant revokedAt) {
    }

    /** A newly issued token with its secret, shown this once. */
    record IssuedToken(ApiToken token, String secret) {

        @Override
        public String toString() {
            return "IssuedToken[" + token + ", secret=***]";
        }
    }
}
