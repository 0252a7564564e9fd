package io.yutang.content.article;

import io.r2dbc.spi.Readable;
import io.yutang.content.asset.Assets;
import io.yutang.content.storage.ObjectStore;
import io.yutang.content.storage.Uploads;
import io.yutang.referral.ReferralProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Articles: their settings, the body rendered from Markdown and sanitised once when saved (pages
 * show only the stored result), and the images they show, streamed to the assets' object store.
 */
@Service
public class Articles {

    static final int LONGEST_TITLE = 100;
    static final int LONGEST_SUMMARY = 500;
    static final int LONGEST_BODY = 100_000;
    static final int LONGEST_LABEL = 20;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");
    private static final DataSize LARGEST_IMAGE = DataSize.ofMegabytes(5);
    private static final String COLUMNS = """
            id, title, summary, cover_url, body_markdown, body_html, status, cta_kind, cta_ref, cta_label,
            created_at, updated_at""";

    /** An image type articles take: its media type, file extension and the first bytes of such a file. */
    private record ImageType(String mediaType, String extension, byte[] magic, int offset) {

        boolean matches(byte[] head) {
            return head.length >= offset + magic.length
                    && Arrays.equals(Arrays.copyOfRange(head, offset, offset + magic.length), magic);
        }
    }

    private static final List<ImageType> IMAGE_TYPES = List.of(
            new ImageType("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 0),
            new ImageType("image/jpeg", "jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 0),
            new ImageType("image/gif", "gif", new byte[] {'G', 'I', 'F', '8'}, 0),
            new ImageType("image/webp", "webp", new byte[] {'W', 'E', 'B', 'P'}, 8));

    private final DatabaseClient db;
    private final ObjectStore store;
    private final Uploads uploads;
    private final Assets assets;
    private final URI publicBase;
    private final Clock clock;

    Articles(DatabaseClient db, ObjectStore store, Uploads uploads, Assets assets, ReferralProperties referral, Clock clock) {
        this.db = db;
        this.store = store;
        this.uploads = uploads;
        this.assets = assets;
        this.publicBase = referral.publicBaseUrl();
        this.clock = clock;
    }

    public Mono<Article> create(ArticleDraft draft) {
        return db.sql("select nextval('content.article_id_seq') as id").map(row -> row.get("id", Long.class)).one()
                .flatMap(id -> checked(id, draft, ArticleStatus.DRAFT).flatMap(status -> {
                    Instant now = clock.instant();
                    return bound(db.sql("""
                                    insert into content.article (id, title, summary, cover_url, body_markdown, body_html, status,
                                           cta_kind, cta_ref, cta_label, created_at, updated_at)
                                    values (:id, :title, :summary, :cover, :markdown, :html, :status, :ctaKind, :ctaRef, :ctaLabel,
                                           :now, :now)"""), id, draft, status, now)
                            .then()
                            .then(find(id));
                }));
    }

    public Mono<Article> update(long id, ArticleDraft draft) {
        return find(id).switchIfEmpty(Mono.error(UnknownArticle::new))
                .flatMap(existing -> checked(id, draft, existing.status()))
                .flatMap(status -> bound(db.sql("""
                                update content.article set title = :title, summary = :summary, cover_url = :cover,
                                       body_markdown = :markdown, body_html = :html, status = :status, cta_kind = :ctaKind,
                                       cta_ref = :ctaRef, cta_label = :ctaLabel, updated_at = :now
                                 where id = :id"""), id, draft, status, clock.instant())
                        .then()
                        .then(find(id)));
    }

    public Mono<Article> find(long id) {
        return db.sql("select " + COLUMNS + " from content.article where id = :id").bind("id", id).map(this::article).one();
    }

    /** An article prospects may read: published. */
    public Mono<Article> published(long id) {
        return find(id).filter(article -> article.status() == ArticleStatus.PUBLISHED);
    }

    public Flux<Article> list() {
        return db.sql("select " + COLUMNS + " from content.article order by id desc").map(this::article).all();
    }

    /**
     * Streams an uploaded image into the store: PNG, JPEG, GIF or WebP, at most 5 MB, the declared
     * {@code Content-Type} agreeing with the file's first bytes. Gives the address to paste into the Markdown.
     */
    public Mono<ArticleImage> upload(long id, String fileName, String contentType, Flux<DataBuffer> body) {
        return Mono.defer(() -> received(id, fileName, contentType, body));
    }

    private Mono<ArticleImage> received(long id, String fileName, String contentType, Flux<DataBuffer> body) {
        ImageType declared = declaredType(contentType);
        String name = fileName == null ? "" : fileName.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cc}", "").strip();
        if (name.isEmpty() || name.length() > 200) {
            return Mono.error(InvalidArticle.of("fileName", name.isEmpty() ? "missing" : "too-long (at most 200)"));
        }
        byte[] head = new byte[12];
        AtomicInteger seen = new AtomicInteger();
        Flux<DataBuffer> sniffed = body.doOnNext(buffer -> {
            int from = seen.get();
            int n = Math.min(head.length - from, buffer.readableByteCount());
            for (int i = 0; i < n; i++) {
                head[from + i] = buffer.getByte(buffer.readPosition() + i);
            }
            seen.addAndGet(Math.max(n, 0));
        });
        return find(id).switchIfEmpty(Mono.error(UnknownArticle::new))
                .then(uploads.receive(sniffed, LARGEST_IMAGE))
                .flatMap(upload -> {
                    if (!declared.matches(Arrays.copyOf(head, seen.get()))) {
                        return uploads.discard(upload.file())
                                .then(Mono.error(InvalidArticle.of("body", "not-a-" + declared.extension() + "-image")));
                    }
                    return uploads.imageProblem(upload.file(), declared.mediaType()).flatMap(problem -> problem.isPresent()
                            ? uploads.discard(upload.file()).then(Mono.<ArticleImage>error(InvalidArticle.of("body", problem.get())))
                            : stored(id, name, declared, upload));
                });
    }

    private Mono<ArticleImage> stored(long id, String name, ImageType declared, Uploads.Upload upload) {
        String stored = UUID.randomUUID().toString().replace("-", "") + "." + declared.extension();
        String key = "articles/" + id + "/" + stored;
        return store.put(key, upload.file(), declared.mediaType())
                .onErrorResume(failure -> uploads.discard(upload.file()).then(Mono.error(failure)))
                .then(db.sql("""
                                insert into content.article_image (article_id, name, file_name, object_key, content_type,
                                       size_bytes, uploaded_at)
                                values (:id, :name, :fileName, :key, :type, :size, :now)""")
                        .bind("id", id).bind("name", stored).bind("fileName", name).bind("key", key)
                        .bind("type", declared.mediaType()).bind("size", upload.size()).bind("now", clock.instant())
                        .then())
                .thenReturn(image(id, stored, declared.mediaType(), upload.size()));
    }

    /** Where an article's image lives in the store, and its type; empty when the article has no such image. */
    public Mono<Map.Entry<String, String>> imageObject(long id, String name) {
        return db.sql("select object_key, content_type from content.article_image where article_id = :id and name = :name")
                .bind("id", id).bind("name", name)
                .map(row -> Map.entry(row.get("object_key", String.class), row.get("content_type", String.class)))
                .one();
    }

    private ArticleImage image(long id, String name, String type, long size) {
        String path = "/c/articles/" + id + "/images/" + name;
        return new ArticleImage(id, name, type, size, path, UriComponentsBuilder.fromUri(publicBase).path(path).build().toUri());
    }

    private static ImageType declaredType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException malformed) {
            type = null;
        }
        MediaType parsed = type;
        return IMAGE_TYPES.stream()
                .filter(candidate -> parsed != null && MediaType.parseMediaType(candidate.mediaType()).equalsTypeAndSubtype(parsed))
                .findFirst()
                .orElseThrow(() -> InvalidArticle.of("contentType", "not-png-jpeg-gif-or-webp"));
    }

    /** Checks the draft; gives the status to store, or {@link InvalidArticle} naming every broken rule. */
    private Mono<ArticleStatus> checked(long id, ArticleDraft draft, ArticleStatus unchanged) {
        List<Map<String, String>> errors = new ArrayList<>();
        required(errors, "title", draft.title(), LONGEST_TITLE);
        optional(errors, "summary", draft.summary(), LONGEST_SUMMARY);
        required(errors, "body", draft.body(), LONGEST_BODY);
        if (draft.coverUrl() != null && !draft.coverUrl().isBlank() && !SafeMarkdown.coverAllowed(id, draft.coverUrl().strip())) {
            errors.add(Map.of("field", "coverUrl", "reason", "not-an-image-of-this-article-or-https"));
        }
        ArticleStatus status = unchanged;
        if (draft.status() != null) {
            try {
                status = ArticleStatus.valueOf(draft.status());
            } catch (IllegalArgumentException unknown) {
                errors.add(Map.of("field", "status", "reason", "unknown (DRAFT, PUBLISHED or ARCHIVED)"));
            }
        }
        CallToAction cta = draft.callToAction();
        CallToActionKind kind = null;
        if (cta != null) {
            try {
                kind = cta.kind() == null ? null : CallToActionKind.valueOf(cta.kind());
            } catch (IllegalArgumentException unknown) {
                kind = null;
            }
            if (kind == null) {
                errors.add(Map.of("field", "callToAction.kind", "reason", "unknown (LIVE_EVENT or ASSET)"));
            }
            if (cta.id() == null || cta.id() <= 0) {
                errors.add(Map.of("field", "callToAction.id", "reason", "missing"));
            }
            required(errors, "callToAction.label", cta.label(), LONGEST_LABEL);
        }
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidArticle(errors));
        }
        ArticleStatus checkedStatus = status;
        if (kind == CallToActionKind.ASSET) {
            return assets.find(cta.id()).map(found -> checkedStatus)
                    .switchIfEmpty(Mono.error(() -> InvalidArticle.of("callToAction.id", "no-such-asset")));
        }
        return Mono.just(checkedStatus);
    }

    private static void required(List<Map<String, String>> errors, String field, String value, int longest) {
        if (value == null || value.isBlank()) {
            errors.add(Map.of("field", field, "reason", "missing"));
        } else {
            optional(errors, field, value, longest);
        }
    }

    private static void optional(List<Map<String, String>> errors, String field, String value, int longest) {
        if (value == null) {
            return;
        }
        if (CONTROL.matcher(value).find()) {
            errors.add(Map.of("field", field, "reason", "control-character"));
        }
        if (value.strip().length() > longest) {
            errors.add(Map.of("field", field, "reason", "too-long (at most " + longest + ")"));
        }
    }

    private DatabaseClient.GenericExecuteSpec bound(DatabaseClient.GenericExecuteSpec sql, long id, ArticleDraft draft,
            ArticleStatus status, Instant now) {
        CallToAction cta = draft.callToAction();
        String cover = draft.coverUrl() == null || draft.coverUrl().isBlank() ? null : draft.coverUrl().strip();
        return sql.bind("id", id)
                .bind("title", draft.title().strip())
                .bind("summary", draft.summary() == null ? "" : draft.summary().strip())
                .bind("cover", Parameter.fromOrEmpty(cover, String.class))
                .bind("markdown", draft.body())
                .bind("html", SafeMarkdown.render(id, draft.body()))
                .bind("status", status.name())
                .bind("ctaKind", Parameter.fromOrEmpty(cta == null ? null : cta.kind(), String.class))
                .bind("ctaRef", Parameter.fromOrEmpty(cta == null ? null : cta.id(), Long.class))
                .bind("ctaLabel", Parameter.fromOrEmpty(cta == null ? null : cta.label().strip(), String.class))
                .bind("now", now);
    }

    private Article article(Readable row) {
        long id = row.get("id", Long.class);
        String ctaKind = row.get("cta_kind", String.class);
        return new Article(id, row.get("title", String.class), row.get("summary", String.class),
                row.get("cover_url", String.class), row.get("body_markdown", String.class), row.get("body_html", String.class),
                ArticleStatus.valueOf(row.get("status", String.class)),
                ctaKind == null ? null : new CallToAction(ctaKind, row.get("cta_ref", Long.class), row.get("cta_label", String.class)),
                UriComponentsBuilder.fromUri(publicBase).path("/c/articles/{id}").build(id),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
