package io.yutang.referral.poster;

import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.ContactId;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.Sharer;
import io.yutang.referral.sharer.SharerStore;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SharerStore' posters for a campaign: the campaign's template (latest version, or the built-in one),
 * the sharer's name, title and avatar, and their share link's QR code; served from Redis when
 * nothing drawn on them has changed.
 */
@Service
class Posters {

    /** The zip entry that lists the employees whose poster could not be made. */
    static final String MISSING = "未生成的海报.txt";
    private static final Logger log = LoggerFactory.getLogger(Posters.class);

    private final CampaignStore campaigns;
    private final SharerStore sharers;
    private final ShareLinks links;
    private final PosterTemplates templates;
    private final Avatars avatars;
    private final PosterCache cache;
    private final PosterRenderer renderer;

    Posters(CampaignStore campaigns, SharerStore sharers, ShareLinks links, PosterTemplates templates, Avatars avatars,
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
     * poster at a time; {@link NoEmployeesInDepartment} before anything is sent when it has none. An
     * employee whose poster cannot be made (WeChat refused their code, say) is left out and listed
     * in {@value #MISSING}, so the download is never cut short.
     */
    Mono<Flux<DataBuffer>> zipOfDepartment(long campaignId, String department) {
        return campaigns.find(campaignId)
                .then(sharers.employees(department).collectList())
                .filter(employees -> !employees.isEmpty())
                .switchIfEmpty(Mono.error(NoEmployeesInDepartment::new))
                .map(employees -> {
                    List<String> failed = new CopyOnWriteArrayList<>();
                    Flux<PosterZip.Entry> posters = Flux.fromIterable(employees)
                            .concatMap(sharer -> links.forSharer(campaignId, sharer.id())
                                    .flatMap(link -> poster(campaignId, sharer, link))
                                    .map(png -> new PosterZip.Entry(entryName(sharer), png))
                                    .onErrorResume(failure -> {
                                        log.warn("Poster of sharer {} left out of the department zip", sharer.id(), failure);
                                        failed.add(entryName(sharer));
                                        return Mono.empty();
                                    }));
                    return PosterZip.of(posters.concatWith(Mono.defer(() -> failed.isEmpty() ? Mono.empty()
                            : Mono.just(new PosterZip.Entry(MISSING, String.join("\n", failed).getBytes(StandardCharsets.UTF_8))))));
                });
    }

    private Mono<byte[]> poster(long campaignId, Sharer sharer, ShareLink link) {
        return campaigns.find(campaignId).flatMap(campaign -> templateOf(campaign).flatMap(template -> {
            PosterContent content = new PosterContent(sharer.name(), sharer.title() != null ? sharer.title() : sharer.company(),
                    campaign.name(), link.sceneUrl(), null);
            String key = cache.key(sharer.id(), PosterRenderer.REVISION, template.map(PosterTemplate::id).orElse(0L),
                    template.map(PosterTemplate::version).orElse(0), sharer.id(), content.name(), content.title(),
                    content.campaignText(), content.sceneUrl(), sharer.avatarUrl());
            return cache.get(key).switchIfEmpty(Mono.defer(() -> render(template, content, sharer.avatarUrl())
                    .flatMap(drawn -> drawn.complete() ? cache.put(key, drawn.png()).thenReturn(drawn.png())
                            : Mono.just(drawn.png()))));
        }));
    }

    private Mono<Optional<PosterTemplate>> templateOf(Campaign campaign) {
        return campaign.posterTemplate() == null ? Mono.just(Optional.empty())
                : templates.latest(campaign.posterTemplate()).map(Optional::of);
    }

    /** A rendered poster; not {@code complete} when the avatar could not be had and initials stand in for it. */
    private record Drawn(byte[] png, boolean complete) {
    }

    /** The sharer's avatar, or none; {@code fetched} is false when there is one that could not be had. */
    private record Avatar(BufferedImage image, boolean fetched) {
    }

    private Mono<Drawn> render(Optional<PosterTemplate> template, PosterContent content, String avatarUrl) {
        Mono<PosterCanvas> canvas = template.map(templates::canvas).orElseGet(() -> Mono.just(PosterCanvas.BUILT_IN));
        Mono<Avatar> avatar = avatars.fetch(avatarUrl)
                .map(image -> new Avatar(image, true))
                .defaultIfEmpty(new Avatar(null, true))
                .onErrorResume(failed -> Mono.just(new Avatar(null, false)));
        return Mono.zip(canvas, avatar).flatMap(both -> ImageBytes.offEventLoop(() -> new Drawn(
                renderer.render(both.getT1(), content.withAvatar(both.getT2().image())), both.getT2().fetched())));
    }

    /**
     * {@code <sharerId>-<name>.png}, the name without what file systems refuse and without invisible
     * format characters (a right-to-left override would make {@code 7-王gnp.exe} look like another file).
     */
    static String entryName(Sharer sharer) {
        String name = sharer.name() == null ? "" : sharer.name().replaceAll("[\\\\/:*?\"<>|\\p{Cc}\\p{Cf}]", "").strip();
        int[] cps = name.codePoints().limit(40).toArray();
        return sharer.id() + (cps.length == 0 ? "" : "-" + new String(cps, 0, cps.length)) + ".png";
    }
}
