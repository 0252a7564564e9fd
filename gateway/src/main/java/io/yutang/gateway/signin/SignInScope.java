package io.yutang.gateway.signin;

/** How much the sign-in asks of the user. */
enum SignInScope {
    /** Silent: the openid only (enough for one-tap registration). */
    BASE("snsapi_base"),
    /** Asks consent: also nickname, avatar and, when bound, the union id. */
    USERINFO("snsapi_userinfo");

    private final String weChatScope;

    SignInScope(String weChatScope) {
        this.weChatScope = weChatScope;
    }

    String weChatScope() {
        return weChatScope;
    }

    static SignInScope parse(String value) {
        for (SignInScope scope : values()) {
            if (scope.name().equalsIgnoreCase(value)) {
                return scope;
            }
        }
        return null;
    }
}
