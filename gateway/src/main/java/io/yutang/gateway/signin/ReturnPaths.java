package io.yutang.gateway.signin;

import java.util.regex.Pattern;

/**
 * Where a finished sign-in may send the browser: a path on this site only, never another origin
 * (no scheme, no {@code //host}, no backslashes or control characters).
 */
final class ReturnPaths {

    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

    private ReturnPaths() {
    }

    static boolean allowed(String path) {
        return path != null && path.length() <= 512 && SAFE.matcher(path).matches() && !path.contains("/\\");
    }
}
