package io.yutang.referral.poster;

import io.yutang.referral.Campaign;
import io.yutang.referral.Campaigns;
import io.yutang.referral.ContactId;
import io.yutang.referral.ShareLink;
import io.yutang.referral.ShareLinks;
import io.yutang.referral.Sharer;
import io.yutang.referral.Sharers;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sharers' posters for a campaign: the campaign's template (latest version, or the built-in one),
 * the sharer's name, title and avatar, and their share link's QR code; served from Redis when
 * nothing drawn on them has changed.
 */
@Service
class Posters {

    private final Campaigns campaigns;
    private final Sharers sharers;
    private final ShareLinks links;
    private final PosterTemplates templates;
    private final Avatars avatars;
    private final PosterCache cache;
    private final PosterRenderer renderer;

    Posters(Campaigns campaigns, Sharers sharers, ShareLinks links, PosterTemplates templates, Avatars avatars,
            PosterCache cache, PosterRenderer renderer) {
        this.campaigns = campaigns;
        this.sharers = sharers;
        this.links = links;
        this.templates = templates;
        this.avatars = avatars;
        this.cache = cache;
        this.renderer = renderer;
    }

    /** The poster of the person signed in (employee, partner, or prospect sharing onwards). */
    Mono<byte[]> ofContact(long campaignId, ContactId contact) {
        return links.forContact(campaignId, contact)
                .flatMap(link -> sharers.find(link.sharerId()).flatMap(sharer -> poster(campaignId, sharer, link)));
    }

    /** A sharer's poster, as marketing asks for it. */
    Mono<byte[]> ofSharer(long campaignId, long sharerId) {
        return links.forSharer(campaignId, sharerId)
                .flatMap(link -> sharers.find(sharerId).flatMap(sharer -> poster(campaignId, sharer, link)));
    }

    /**
     * The posters of a department's employees as a zip ({@code <sharerId>-<name>.png}), produced one
     * poster at a time; {@link NoEmployeesInDepartment} before anything is sent when it has none.
     */
    Mono<Flux<DataBuffer>> zipOfDepartment(long campaignId, String department) {
        return campaigns.find(campaignId)
                .then(sharers.employees(department).collectList())
                .filter(employees -> !employees.isEmpty())
                .switchIfEmpty(Mono.error(NoEmployeesInDepartment::new))
                .map(employees -> PosterZip.of(Flux.fromIterable(employees)
                        .concatMap(sharer -> links.forSharer(campaignId, sharer.id())
                                .flatMap(link -> poster(campaignId, sharer, link))
                                .map(png -> new PosterZip.Entry(entryName(sharer), png)))));
    }

    private Mono<byte[]> poster(long campaignId, Sharer sharer, ShareLink link) {
        return campaigns.find(campaignId).flatMap(campaign -> templateOf(campaign).flatMap(template -> {
            PosterContent content = new PosterContent(sharer.name(), sharer.title() != null ? sharer.title() : sharer.company(),
                    campaign.name(), link.sceneUrl(), null);
            String key = cache.key(PosterRenderer.REVISION, template.map(PosterTemplate::id).orElse(0L),
                    template.map(PosterTemplate::version).orElse(0), sharer.id(), content.name(), content.title(),
                    content.campaignText(), content.sceneUrl(), sharer.avatarUrl());
            return cache.get(key).switchIfEmpty(Mono.defer(() -> render(template, content, sharer.avatarUrl())
                    .flatMap(png -> cache.put(key, png).thenReturn(png))));
        }));
    }

    private Mono<Optional<PosterTemplate>> templateOf(Campaign campaign) {
        return campaign.posterTemplate() == null ? Mono.just(Optional.empty())
                : templates.latest(campaign.posterTemplate()).map(Optional::of);
    }

    private Mono<byte[]> render(Optional<PosterTemplate> template, PosterContent content, String avatarUrl) {
        Mono<PosterCanvas> canvas = template.map(templates::canvas).orElseGet(() -> Mono.just(PosterCanvas.BUILT_IN));
        Mono<Optional<BufferedImage>> avatar = avatars.fetch(avatarUrl).map(Optional::of).defaultIfEmpty(Optional.empty());
        return Mono.zip(canvas, avatar).flatMap(drawn -> ImageBytes.offEventLoop(
                () -> renderer.render(drawn.getT1(), content.withAvatar(drawn.getT2().orElse(null)))));
    }

    /** {@code <sharerId>-<name>.png}, the name without what file systems refuse. */
    static String entryName(Sharer sharer) {
        String name = sharer.name() == null ? "" : sharer.name().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "").strip();
        int[] cps = name.codePoints().limit(40).toArray();
        return sharer.id() + (cps.length == 0 ? "" : "-" + new String(cps, 0, cps.length)) + ".png";
    }
}
