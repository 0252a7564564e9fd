package io.yutang.gateway.stores;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where Redis lives: one server ({@code redis://}) or the seed nodes of a Redis Cluster
 * ({@code redis-cluster://}). The password never appears in {@link #toString()}.
 *
 * @param nodes {@code host:port} of the server, or of the cluster nodes the client starts from
 * @param cluster whether {@link #nodes} are seeds of a Redis Cluster
 */
record RedisCoordinates(List<String> nodes, boolean cluster, int database, String password) {

    static final String CLUSTER_SCHEME = "redis-cluster";

    RedisCoordinates(String host, int port, int database, String password) {
        this(List.of(host + ":" + port), false, database, password);
    }

    /**
     * Parses {@code redis://[:password@]host[:port][/database]} or
     * {@code redis-cluster://[:password@]host1:port1,host2:port2,...} (database 0 only, as Redis
     * Cluster has no other).
     */
    static RedisCoordinates parse(String url) {
        String text = url.trim();
        if (text.startsWith(CLUSTER_SCHEME + "://")) {
            return cluster(text.substring(CLUSTER_SCHEME.length() + 3));
        }
        URI uri = URI.create(text);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "YUTANG_REDIS_URL must look like redis://host:6379 or redis-cluster://host1:7000,host2:7001,host3:7002");
        }
        String password = uri.getUserInfo() == null ? "" : password(uri.getUserInfo());
        int database = 0;
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            database = Integer.parseInt(uri.getPath().substring(1));
        }
        return new RedisCoordinates(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(),
                database, password);
    }

    private static RedisCoordinates cluster(String rest) {
        String password = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            password = password(rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        if (rest.endsWith("/") || rest.endsWith("/0")) {
            rest = rest.substring(0, rest.lastIndexOf('/'));
        }
        if (rest.contains("/")) {
            throw new IllegalArgumentException("A Redis Cluster has database 0 only: YUTANG_REDIS_URL must name no other");
        }
        List<String> nodes = new ArrayList<>();
        for (String node : rest.split(",")) {
            String trimmed = node.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri = URI.create("redis://" + trimmed);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Not a Redis Cluster node (host:port): " + trimmed);
            }
            nodes.add(uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort()));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(
                    "YUTANG_REDIS_URL must name at least one node: redis-cluster://host1:7000,host2:7001,host3:7002");
        }
        return new RedisCoordinates(List.copyOf(nodes), true, 0, password);
    }

    private static String password(String userInfo) {
        return userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
    }

    /** The one server's host. */
    String host() {
        String node = nodes.get(0);
        return node.substring(0, node.lastIndexOf(':'));
    }

    /** The one server's port. */
    int port() {
        String node = nodes.get(0);
        return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
        return cluster ? CLUSTER_SCHEME + "://" + nodes.stream().collect(Collectors.joining(","))
                : "redis://" + nodes.get(0) + "/" + database;
    }
}
