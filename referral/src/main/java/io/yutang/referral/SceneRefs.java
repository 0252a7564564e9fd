package io.yutang.referral;

import java.util.OptionalLong;

/** The compact scene string of a share link's QR code: {@code L} and the link id in base 36. */
final class SceneRefs {

    private SceneRefs() {
    }

    static String of(long shareLinkId) {
        return "L" + Long.toString(shareLinkId, 36);
    }

    static OptionalLong linkId(String scene) {
        if (scene == null || scene.length() < 2 || scene.length() > 14 || scene.charAt(0) != 'L') {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(scene.substring(1), 36));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
