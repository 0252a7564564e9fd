package io.yutang.gateway.sandbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Something a WeChat user does that WeChat's server reports to yutang.
 *
 * @param scene for {@code SCAN}: the parametric QR code's scene (1–64 characters)
 * @param text for {@code TEXT}: what the user wrote
 * @param menuKey for {@code CLICK}: the menu item's key
 * @param templateId for {@code ACCEPT_SUBSCRIPTION}: the one-time subscription template an H5 page offered
 */
record UserAction(
        @NotNull Type type,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+") String openid,
        @Size(max = 64) String scene,
        @Size(max = 600) String text,
        @Size(max = 128) String menuKey,
        @Size(max = 128) String templateId) {

    /** The kinds of action the sandbox can play. */
    enum Type { SCAN, FOLLOW, UNFOLLOW, TEXT, CLICK, ACCEPT_SUBSCRIPTION }

    @AssertTrue(message = "{sandbox.action.incomplete}")
    boolean isComplete() {
        return type == null
                || switch (type) {
                    case SCAN -> scene != null && !scene.isBlank();
                    case TEXT -> text != null && !text.isBlank();
                    case CLICK -> menuKey != null && !menuKey.isBlank();
                    case ACCEPT_SUBSCRIPTION -> templateId != null && !templateId.isBlank();
                    case FOLLOW, UNFOLLOW -> true;
                };
    }
}
