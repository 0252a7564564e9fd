package io.yutang.gateway.stores;

import java.net.URI;

/**
 * Where Redis lives. The password never appears in {@link #toString()}.
 */
record RedisCoordinates(String host, int port, int database, String password) {

    /** Parses {@code redis://[:password@]host[:port][/database]}. */
    static RedisCoordinates parse(String url) {
        URI uri = URI.create(url.trim());
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("YUTANG_REDIS_URL must look like redis://host:6379");
        }
        String password = "";
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            password = info.contains(":") ? info.substring(info.indexOf(':') + 1) : info;
        }
        int database = 0;
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            database = Integer.parseInt(uri.getPath().substring(1));
        }
        return new RedisCoordinates(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(),
                database, password);
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
