package io.yutang.referral.work;

/**
 * A worker's own column written together with a {@link WorkQueue} transition, in the same fenced
 * statement (a reminder's channel, a digest's item count).
 */
public record Column(String name, Object value, Class<?> type) {

    public Column {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a column name: " + name);
        }
    }

    /** A column set to a value that is never null. */
    public static Column of(String name, Object value) {
        return new Column(name, value, value.getClass());
    }

    /** A column set to {@code value}, which may be null. */
    public static Column nullable(String name, Object value, Class<?> type) {
        return new Column(name, value, type);
    }
}
