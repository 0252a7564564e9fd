package io.yutang.gateway;

import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/** Waits until every stored callback event of these openids has been handled (contact, touch, credit applied). */
public final class InboundEventsHandled {

    private InboundEventsHandled() {
    }

    public static void await(DatabaseClient database, String... openids) {
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(i -> database.sql("""
                                select count(*) as n from gateway.inbound_event
                                 where openid = any(:openids) and handled_at is null""")
                        .bind("openids", openids).map(row -> row.get("n", Long.class)).one(), 1)
                .filter(unhandled -> unhandled == 0)
                .blockFirst(Duration.ofSeconds(10));
    }
}
