package io.yutang.referral.poster;

import io.r2dbc.spi.Readable;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The templates marketing uploads: each upload under a name is its next version, never changed
 * after; posters use a name's latest version. Decoded backgrounds are kept in memory by id.
 */
@Service
class PosterTemplates {

    private static final String COLUMNS = "id, name, version, width, height, layout::text as layout, created_at";
    /** Decoded backgrounds kept (opaque, so at most 64 MB each at 4096 px a side; a usual 750×1334 one is 4 MB). */
    private static final int DECODED_KEPT = 4;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Long, BufferedImage> decoded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BufferedImage> eldest) {
            return size() > DECODED_KEPT;
        }
    };

    PosterTemplates(DatabaseClient db, TransactionalOperator transaction, JsonMapper json, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** Stores the next version of the draft's name; refused with {@link InvalidPosterTemplate}. */
    Mono<PosterTemplate> upload(PosterTemplateDraft draft, byte[] background, String createdBy) {
        return ImageBytes.offEventLoop(() -> checked(draft, background))
                .flatMap(image -> db.sql("select pg_advisory_xact_lock(hashtext('referral.poster_template:' || :name))")
                        .bind("name", draft.name().strip()).then()
                        .then(db.sql("""
                                insert into referral.poster_template (name, version, background, width, height, layout,
                                                                      created_at, created_by)
                                select :name, coalesce(max(version), 0) + 1, :background, :width, :height,
                                       cast(:layout as jsonb), :now, :by
                                  from referral.poster_template where name = :name
                                returning\s""" + COLUMNS)
                        .bind("name", draft.name().strip())
                        .bind("background", background)
                        .bind("width", image.getWidth())
                        .bind("height", image.getHeight())
                        .bind("layout", json.writeValueAsString(draft.placements()))
                        .bind("now", clock.instant())
                        .bind("by", createdBy)
                        .map(this::template)
                        .one())
                        .as(transaction::transactional)
                        .doOnNext(stored -> remember(stored.id(), ImageBytes.opaque(image))));
    }

    /** The latest version of each template, by name. */
    Flux<PosterTemplate> latestVersions() {
        return db.sql("select distinct on (name) " + COLUMNS + " from referral.poster_template order by name, version desc")
                .map(this::template)
                .all();
    }

    /** The latest version of the named template, or {@link UnknownPosterTemplate}. */
    Mono<PosterTemplate> latest(String name) {
        return db.sql("select " + COLUMNS + " from referral.poster_template where name = :name order by version desc limit 1")
                .bind("name", name)
                .map(this::template)
                .one()
                .switchIfEmpty(Mono.error(UnknownPosterTemplate::new));
    }

    /** Every version of the named template, newest first. */
    Flux<PosterTemplate> versions(String name) {
        return db.sql("select " + COLUMNS + " from referral.poster_template where name = :name order by version desc")
                .bind("name", name)
                .map(this::template)
                .all();
    }

    /** The background as uploaded (PNG or JPEG), or {@link UnknownPosterTemplate}. */
    Mono<byte[]> background(long id) {
        return db.sql("select background from referral.poster_template where id = :id")
                .bind("id", id)
                .map(row -> row.get("background", byte[].class))
                .one()
                .switchIfEmpty(Mono.error(UnknownPosterTemplate::new));
    }

    /** What the template's posters are drawn on; the background is read and decoded once per version. */
    Mono<PosterCanvas> canvas(PosterTemplate template) {
        BufferedImage known = remembered(template.id());
        if (known != null) {
            return Mono.just(canvas(template, known));
        }
        return db.sql("select background from referral.poster_template where id = :id")
                .bind("id", template.id())
                .map(row -> row.get("background", byte[].class))
                .one()
                .flatMap(bytes -> ImageBytes.offEventLoop(() -> ImageBytes.opaque(ImageBytes.decode(bytes))))
                .doOnNext(image -> remember(template.id(), image))
                .map(image -> canvas(template, image));
    }

    private static PosterCanvas canvas(PosterTemplate template, BufferedImage background) {
        return new PosterCanvas(template.width(), template.height(), template.placements(), background);
    }

    private BufferedImage checked(PosterTemplateDraft draft, byte[] background) {
        List<Map<String, String>> problems = new ArrayList<>();
        BufferedImage image = null;
        try {
            image = ImageBytes.decode(background);
        } catch (UnreadableImage e) {
            problems.add(PosterTemplateDraft.problem("background", e.reason()));
        }
        List<Map<String, String>> layout = image == null ? draft.problems(ImageBytes.MAX_SIDE, ImageBytes.MAX_SIDE)
                : draft.problems(image.getWidth(), image.getHeight());
        problems.addAll(layout);
        if (!problems.isEmpty()) {
            throw new InvalidPosterTemplate(problems);
        }
        return image;
    }

    private synchronized BufferedImage remembered(long id) {
        return decoded.get(id);
    }

    private synchronized void remember(long id, BufferedImage image) {
        decoded.put(id, image);
    }

    private PosterTemplate template(Readable row) {
        return new PosterTemplate(row.get("id", Long.class), row.get("name", String.class),
                row.get("version", Integer.class), row.get("width", Integer.class), row.get("height", Integer.class),
                json.readValue(row.get("layout", String.class), PosterLayout.class),
                row.get("created_at", java.time.Instant.class));
    }
}
