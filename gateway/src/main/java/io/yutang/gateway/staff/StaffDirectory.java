package io.yutang.gateway.staff;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Console users in the gateway's schema; the password encoder's hash is all that is kept. */
@Component
class StaffDirectory implements ReactiveUserDetailsService {

    private final DatabaseClient db;
    private final PasswordEncoder passwords;
    private final Clock clock;

    StaffDirectory(DatabaseClient db, PasswordEncoder passwords, Clock clock) {
        this.db = db;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return db.sql("select username, password_hash, roles, disabled_at is not null as disabled from gateway.staff_user where username = :u")
                .bind("u", username)
                .map(row -> User.withUsername(row.get("username", String.class))
                        .password(row.get("password_hash", String.class))
                        .roles(row.get("roles", String[].class))
                        .disabled(Boolean.TRUE.equals(row.get("disabled", Boolean.class)))
                        .build())
                .one();
    }

    /** Adds a staff member; empty when the username is taken. */
    Mono<StaffMember> add(String username, String displayName, String password, List<StaffRole> roles) {
        return db.sql("""
                        insert into gateway.staff_user (username, display_name, password_hash, roles, created_at)
                        values (:u, :d, :p, :r, :now)
                        on conflict (username) do nothing
                        returning id""")
                .bind("u", username)
                .bind("d", displayName)
                .bind("p", passwords.encode(password))
                .bind("r", roles.stream().map(Enum::name).toArray(String[]::new))
                .bind("now", clock.instant())
                .map(row -> new StaffMember(row.get("id", Long.class), username, displayName, roles))
                .one();
    }

    /** Every console user, oldest first, with whether they are disabled. */
    Flux<StaffMember> list() {
        return db.sql("select id, username, display_name, roles, disabled_at is not null as disabled from gateway.staff_user order by id")
                .map(row -> new StaffMember(row.get("id", Long.class), row.get("username", String.class),
                        row.get("display_name", String.class), roles(row.get("roles", String[].class))))
                .all();
    }

    /** Replaces a console user's password when the current one is right; false when it is not. */
    Mono<Boolean> changePassword(String username, String current, String replacement) {
        return findByUsername(username)
                .publishOn(Schedulers.boundedElastic())
                .filter(user -> passwords.matches(current, user.getPassword()))
                .map(user -> passwords.encode(replacement))
                .flatMap(hash -> db.sql("update gateway.staff_user set password_hash = :p where username = :u")
                        .bind("p", hash).bind("u", username).fetch().rowsUpdated())
                .map(updated -> updated == 1)
                .defaultIfEmpty(false);
    }

    Mono<Long> count() {
        return db.sql("select count(*) as n from gateway.staff_user").map(row -> row.get("n", Long.class)).one();
    }

    static List<StaffRole> roles(String[] names) {
        return Arrays.stream(names).map(StaffRole::valueOf).toList();
    }
}
