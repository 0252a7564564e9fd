package io.yutang.referral.work;

/**
 * A table a {@link WorkQueue} works on. Every queue table has the columns {@code state},
 * {@code due_at}, {@code leased_until}, {@code attempts}, {@code fence} and {@code reason}, with
 * partial indexes on {@code due_at} of pending rows, on {@code leased_until} of in-flight rows and
 * on failed rows.
 *
 * @param name the schema-qualified table, also the queue's name in metrics
 * @param id the key column
 * @param pending the state of an item waiting or due
 * @param inFlight the state of a claimed item
 * @param failed the state of an item given up
 * @param touched a column set to the time of every write, or null
 * @param scope a condition on the table (alias {@code q}) with the parameter {@code :scope}, limiting claims, or null
 */
public record QueueTable<S extends Enum<S>>(String name, String id, S pending, S inFlight, S failed, String touched,
        String scope) {

    public QueueTable {
        if (!name.matches("[a-z_]+\\.[a-z_]+") || !id.matches("[a-z_]+") || touched != null && !touched.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table and key column: " + name + "." + id);
        }
    }

    /** A table with the given key and states, neither touched nor scoped. */
    public static <S extends Enum<S>> QueueTable<S> of(String name, String id, S pending, S inFlight, S failed) {
        return new QueueTable<>(name, id, pending, inFlight, failed, null, null);
    }

    /** A table in the {@link WorkState} states. */
    public static QueueTable<WorkState> of(String name, String id) {
        return of(name, id, WorkState.PENDING, WorkState.LEASED, WorkState.FAILED);
    }

    /** The same table, setting {@code column} to the time of every write. */
    public QueueTable<S> touching(String column) {
        return new QueueTable<>(name, id, pending, inFlight, failed, column, scope);
    }

    /** The same table, claiming only rows that meet {@code condition}. */
    public QueueTable<S> scopedBy(String condition) {
        return new QueueTable<>(name, id, pending, inFlight, failed, touched, condition);
    }
}
