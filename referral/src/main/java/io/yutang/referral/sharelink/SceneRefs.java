package io.yutang.referral.sharelink;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact scene string of a share link's QR code: {@code c<campaign>_<link>}, both ids in
 * base 36. The campaign is in it so the welcome reply can be chosen without a database read.
 *
 * <p>Codes issued before this format read {@code c<campaign>l<link>}, which is ambiguous as soon
 * as an id's base-36 digits hold an {@code l} (link 21 is {@code l}; {@code c2ll1} is campaign 2,
 * link 757 or campaign 93, link 1). Such a scene yields every reading ({@link #candidates}); the
 * caller keeps the one whose link belongs to its campaign. Codes live 30 days, so these go away.
 */
public final class SceneRefs {

    public record Ref(long campaignId, long linkId) {
    }

    private static final Pattern FORMAT = Pattern.compile("c([1-9a-z][0-9a-z]{0,11})_([1-9a-z][0-9a-z]{0,11})");
    private static final Pattern LEGACY = Pattern.compile("c[0-9a-z]{3,25}");
    private static final Pattern ID = Pattern.compile("[1-9a-z][0-9a-z]{0,11}");

    private SceneRefs() {
    }

    static String of(long campaignId, long shareLinkId) {
        return "c" + Long.toString(campaignId, 36) + "_" + Long.toString(shareLinkId, 36);
    }

    /**
     * What the scene may name: nothing for a scene that is not a share link's, one reference, or —
     * for an ambiguous scene of the earlier format — each reading, the campaign id shortest first.
     */
    public static List<Ref> candidates(String scene) {
        if (scene == null) {
            return List.of();
        }
        Matcher matcher = FORMAT.matcher(scene);
        if (matcher.matches()) {
            return List.of(new Ref(Long.parseLong(matcher.group(1), 36), Long.parseLong(matcher.group(2), 36)));
        }
        if (!LEGACY.matcher(scene).matches()) {
            return List.of();
        }
        List<Ref> readings = new ArrayList<>();
        for (int at = scene.indexOf('l', 2); at > 0 && at < scene.length() - 1; at = scene.indexOf('l', at + 1)) {
            String campaign = scene.substring(1, at);
            String link = scene.substring(at + 1);
            if (ID.matcher(campaign).matches() && ID.matcher(link).matches()) {
                readings.add(new Ref(Long.parseLong(campaign, 36), Long.parseLong(link, 36)));
            }
        }
        return List.copyOf(readings);
    }
}
