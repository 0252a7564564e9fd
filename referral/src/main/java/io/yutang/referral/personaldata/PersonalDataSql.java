package io.yutang.referral.personaldata;

import io.yutang.referral.ErasedData;
import io.yutang.referral.PersonalData;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A module's export part from its queries, and an erasure's count of what each statement removed. */
public final class PersonalDataSql {

    private PersonalDataSql() {
    }

    /** The part with each table's rows, the queries run one after another in the map's order. */
    public static Mono<PersonalData> part(String part, Map<String, DatabaseClient.GenericExecuteSpec> tables) {
        return Flux.fromIterable(tables.entrySet())
                .concatMap(table -> table.getValue().fetch().all().collectList().map(rows -> Map.entry(table.getKey(), rows)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap<String, List<Map<String, Object>>>::new)
                .map(found -> new PersonalData(part, found));
    }

    /** What one erasure removed, statement by statement. */
    public static Removals removals(String part) {
        return new Removals(part);
    }

    /** Counts the rows each statement of an erasure changed, under what it did. */
    public static final class Removals {

        private final String part;
        private final Map<String, Long> removed = new LinkedHashMap<>();

        private Removals(String part) {
            this.part = part;
        }

        /** Runs the statement, adding the rows it changed to {@code what}. */
        public Mono<Void> run(String what, DatabaseClient.GenericExecuteSpec statement) {
            return statement.fetch().rowsUpdated().doOnNext(rows -> add(what, rows)).then();
        }

        /** Adds {@code count} (keys removed from Redis, say) to {@code what}. */
        public void add(String what, long count) {
            removed.merge(what, count, Long::sum);
        }

        /** The receipt's part. */
        public ErasedData receipt() {
            return new ErasedData(part, Collections.unmodifiableMap(new LinkedHashMap<>(removed)));
        }
    }
}
