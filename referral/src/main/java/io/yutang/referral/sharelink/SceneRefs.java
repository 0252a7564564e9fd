package io.yutang.referral.sharelink;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact scene string of a share link's QR code: {@code c<campaign>l<link>}, both ids in
 * base 36. The campaign is in it so the welcome reply can be chosen without a database read.
 */
public final class SceneRefs {

    public record Ref(long campaignId, long linkId) {
    }

    private static final Pattern FORMAT = Pattern.compile("c([0-9a-z]{1,12})l([0-9a-z]{1,12})");

    private SceneRefs() {
    }

    static String of(long campaignId, long shareLinkId) {
        return "c" + Long.toString(campaignId, 36) + "l" + Long.toString(shareLinkId, 36);
    }

    public static Optional<Ref> parse(String scene) {
        if (scene == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(scene);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Ref(Long.parseLong(matcher.group(1), 36), Long.parseLong(matcher.group(2), 36)));
    }
}
