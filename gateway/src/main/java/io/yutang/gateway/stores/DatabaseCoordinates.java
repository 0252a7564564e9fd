package io.yutang.gateway.stores;

import java.net.URI;

/**
 * Where a PostgreSQL database lives. The password never appears in {@link #toString()}.
 */
record DatabaseCoordinates(String host, int port, String database, String username, String password) {

    /** Parses {@code postgresql://host[:port]/database}; credentials come separately. */
    static DatabaseCoordinates parse(String url, String username, String password) {
        URI uri = URI.create(url.trim());
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(
                    "YUTANG_DATABASE_URL must look like postgresql://host:5432/database");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new DatabaseCoordinates(uri.getHost(), port, uri.getPath().substring(1), username,
                password == null ? "" : password);
    }

    String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + username + "@" + host + ":" + port + "/" + database;
    }
}
