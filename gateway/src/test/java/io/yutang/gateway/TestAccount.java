package io.yutang.gateway;

/** The service account the tests play: yutang is configured with it, the fake WeChat uses it. */
public final class TestAccount {

    public static final String APP_ID = "wx5e1f2a3b4c5d6e7f";
    public static final String SECRET = "test-app-secret";
    public static final String TOKEN = "yutangtesttoken";
    public static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    /** The EncodingAESKey before the last rotation; still accepted. */
    public static final String PREVIOUS_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
    /** A key from two rotations ago; no longer accepted. */
    public static final String STALE_AES_KEY = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg";
    public static final String GH_ID = "gh_0123456789ab";
    /** The first console administrator's password (user {@code admin}). */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private TestAccount() {
    }
}
