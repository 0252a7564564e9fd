package io.yutang.content.asset;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.content.ContentProperties;
import io.yutang.content.storage.ObjectStore;
import io.yutang.content.storage.Uploads;
import io.yutang.referral.ReferralProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gated assets: their settings, the versions of their file (each upload a new one, streamed to the
 * object store) and their cover image.
 */
@Service
public class Assets {

    private static final TypeReference<List<GateField>> FIELDS = new TypeReference<>() {
    };
    private static final List<GateField> DEFAULT_GATE = List.of(new GateField("name", null, true),
            new GateField("company", null, true), new GateField("phone", null, true));
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");
    private static final Set<String> COVER_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
    private static final DataSize LARGEST_COVER = DataSize.ofMegabytes(5);
    private static final String COLUMNS = """
            a.id, a.title, a.summary, a.status, a.gate_fields, a.delivery_consent, a.marketing_consent, a.sharing_consent,
            a.external_url, a.cover_key, a.cover_type, a.created_at, a.updated_at,
            v.asset_id, v.version, v.file_name, v.content_type, v.size_bytes, v.sha256, v.uploaded_at""";
    private static final String FROM = " from content.asset a left join content.asset_version v"
            + " on v.asset_id = a.id and v.version = a.current_version";

    private final DatabaseClient db;
    private final ObjectStore store;
    private final Uploads uploads;
    private final ContentProperties properties;
    private final URI publicBase;
    private final JsonMapper json;
    private final Clock clock;

    Assets(DatabaseClient db, ObjectStore store, Uploads uploads, ContentProperties properties,
            ReferralProperties referral, JsonMapper json, Clock clock) {
        this.db = db;
        this.store = store;
        this.uploads = uploads;
        this.properties = properties;
        this.publicBase = referral.publicBaseUrl();
        this.json = json;
        this.clock = clock;
    }

    public Mono<Asset> create(AssetDraft draft) {
        check(draft, null);
        Instant now = clock.instant();
        return db.sql("""
                        insert into content.asset (title, summary, status, gate_fields, delivery_consent, marketing_consent,
                               sharing_consent, external_url, created_at, updated_at)
                        values (:title, :summary, :status, :fields, :delivery, :marketing, :sharing, :external, :now, :now)
                        returning id""")
                .bindValues(settings(draft, draft.status() == null ? AssetStatus.DRAFT : draft.status(), now))
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(this::find);
    }

    public Mono<Asset> update(long id, AssetDraft draft) {
        return find(id).switchIfEmpty(Mono.error(UnknownAsset::new)).flatMap(existing -> {
            check(draft, existing);
            return db.sql("""
                            update content.asset set title = :title, summary = :summary, status = :status, gate_fields = :fields,
                                   delivery_consent = :delivery, marketing_consent = :marketing, sharing_consent = :sharing,
                                   external_url = :external, updated_at = :now
                             where id = :id""")
                    .bind("id", id)
                    .bindValues(settings(draft, draft.status() == null ? existing.status() : draft.status(), clock.instant()))
                    .then()
                    .then(find(id));
        });
    }

    /** The parameters the insert and the update share: the draft's settings, cleaned, with the status and the time. */
    private Map<String, Object> settings(AssetDraft draft, AssetStatus status, Instant now) {
        Map<String, Object> values = new HashMap<>();
        values.put("title", draft.title().strip());
        values.put("summary", draft.summary() == null ? "" : draft.summary().strip());
        values.put("status", status.name());
        values.put("fields", Json.of(json.writeValueAsString(gate(draft))));
        values.put("delivery", draft.deliveryConsent().strip());
        values.put("marketing", Parameter.fromOrEmpty(blankToNull(draft.marketingConsent()), String.class));
        values.put("sharing", Parameter.fromOrEmpty(blankToNull(draft.sharingConsent()), String.class));
        values.put("external", Parameter.fromOrEmpty(draft.externalUrl() == null ? null : draft.externalUrl().toString(), String.class));
        values.put("now", now);
        return values;
    }

    public Mono<Asset> find(long id) {
        return db.sql("select " + COLUMNS + FROM + " where a.id = :id").bind("id", id).map(this::asset).one();
    }

    /** An asset prospects may see: published. */
    public Mono<Asset> published(long id) {
        return find(id).filter(asset -> asset.status() == AssetStatus.PUBLISHED);
    }

    public Flux<Asset> list() {
        return db.sql("select " + COLUMNS + FROM + " order by a.id desc").map(this::asset).all();
    }

    public Flux<AssetVersion> versions(long id) {
        return db.sql("""
                        select asset_id, version, file_name, content_type, size_bytes, sha256, uploaded_at
                          from content.asset_version where asset_id = :id order by version desc""")
                .bind("id", id).map(Assets::version).all();
    }

    public Mono<AssetVersion> version(long id, int version) {
        return db.sql("""
                        select asset_id, version, file_name, content_type, size_bytes, sha256, uploaded_at
                          from content.asset_version where asset_id = :id and version = :version""")
                .bind("id", id).bind("version", version).map(Assets::version).one();
    }

    /** Where a version's bytes live in the object store. */
    public Mono<String> objectKey(long id, int version) {
        return db.sql("select object_key from content.asset_version where asset_id = :id and version = :version")
                .bind("id", id).bind("version", version).map(row -> row.get("object_key", String.class)).one();
    }

    /**
     * Streams an uploaded file into the store as the asset's next version; downloads issued from
     * now on get it, links issued before keep theirs.
     */
    public Mono<AssetVersion> upload(long id, String fileName, String contentType, Flux<DataBuffer> body) {
        String name = fileName(fileName);
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        return find(id).switchIfEmpty(Mono.error(UnknownAsset::new))
                .then(uploads.receive(body, properties.largestFile()))
                .flatMap(upload -> {
                    if (upload.size() == 0) {
                        return uploads.discard(upload.file()).then(Mono.error(InvalidAsset.of("file", "empty")));
                    }
                    String key = "assets/" + id + "/" + UUID.randomUUID();
                    return store.put(key, upload.file(), type)
                            .onErrorResume(failure -> uploads.discard(upload.file()).then(Mono.error(failure)))
                            .then(db.sql("""
                                            with next as (
                                                update content.asset set current_version = coalesce(current_version, 0) + 1,
                                                       updated_at = :now
                                                 where id = :id returning current_version)
                                            insert into content.asset_version (asset_id, version, object_key, file_name,
                                                   content_type, size_bytes, sha256, uploaded_at)
                                            select :id, current_version, :key, :name, :type, :size, :sha, :now from next
                                            returning asset_id, version, file_name, content_type, size_bytes, sha256, uploaded_at""")
                                    .bind("id", id).bind("key", key).bind("name", name).bind("type", type)
                                    .bind("size", upload.size()).bind("sha", upload.sha256()).bind("now", clock.instant())
                                    .map(Assets::version).one());
                });
    }

    /** Replaces the asset's cover image (PNG, JPEG or WebP, at most 5 MB). */
    public Mono<Asset> cover(long id, String contentType, Flux<DataBuffer> body) {
        if (contentType == null || !COVER_TYPES.contains(contentType.toLowerCase())) {
            return Mono.error(InvalidAsset.of("cover", "not-png-jpeg-or-webp"));
        }
        return find(id).switchIfEmpty(Mono.error(UnknownAsset::new))
                .then(uploads.receive(body, LARGEST_COVER))
                .flatMap(upload -> uploads.imageProblem(upload.file(), contentType).flatMap(problem -> problem.isEmpty()
                        ? Mono.just(upload)
                        : uploads.discard(upload.file()).then(Mono.error(InvalidAsset.of("cover", problem.get())))))
                .flatMap(upload -> {
                    String key = "covers/" + id + "/" + UUID.randomUUID();
                    return store.put(key, upload.file(), contentType)
                            .then(db.sql("update content.asset set cover_key = :key, cover_type = :type, updated_at = :now where id = :id")
                                    .bind("key", key).bind("type", contentType.toLowerCase()).bind("now", clock.instant())
                                    .bind("id", id).then());
                })
                .then(find(id));
    }

    /** The cover's bytes and type, or empty when the asset has none. */
    public Mono<Map.Entry<String, byte[]>> coverImage(Asset asset) {
        return asset.coverKey() == null ? Mono.empty()
                : store.read(asset.coverKey()).map(bytes -> Map.entry(asset.coverType(), bytes));
    }

    private void check(AssetDraft draft, Asset existing) {
        List<Map<String, String>> errors = new ArrayList<>();
        text(errors, "title", draft.title());
        text(errors, "summary", draft.summary());
        text(errors, "deliveryConsent", draft.deliveryConsent());
        text(errors, "marketingConsent", draft.marketingConsent());
        text(errors, "sharingConsent", draft.sharingConsent());
        if (draft.gateFields() != null) {
            draft.gateFields().forEach(field -> text(errors, "gateFields", field.label()));
            if (draft.gateFields().stream().map(GateField::key).distinct().count() < draft.gateFields().size()) {
                errors.add(Map.of("field", "gateFields", "reason", "duplicate-key"));
            }
        }
        if (draft.externalUrl() != null && !"https".equalsIgnoreCase(draft.externalUrl().getScheme())) {
            errors.add(Map.of("field", "externalUrl", "reason", "not-https"));
        }
        boolean hasFile = existing != null && existing.current() != null;
        if (draft.status() == AssetStatus.PUBLISHED && draft.externalUrl() == null && !hasFile) {
            errors.add(Map.of("field", "status", "reason", "nothing-to-deliver"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidAsset(errors);
        }
    }

    private static void text(List<Map<String, String>> errors, String field, String value) {
        if (value != null && CONTROL.matcher(value).find()) {
            errors.add(Map.of("field", field, "reason", "control-character"));
        }
    }

    private static List<GateField> gate(AssetDraft draft) {
        return draft.gateFields() == null || draft.gateFields().isEmpty() ? DEFAULT_GATE : draft.gateFields();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The file name downloads carry: the last path segment, without control characters, at most 200 characters. */
    private static String fileName(String given) {
        String name = given == null ? "" : given.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cc}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw InvalidAsset.of("fileName", "missing");
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    private Asset asset(Readable row) {
        long id = row.get("id", Long.class);
        Integer version = row.get("version", Integer.class);
        String external = row.get("external_url", String.class);
        return new Asset(id, row.get("title", String.class), row.get("summary", String.class),
                AssetStatus.valueOf(row.get("status", String.class)),
                json.readValue(row.get("gate_fields", Json.class).asString(), FIELDS),
                row.get("delivery_consent", String.class), row.get("marketing_consent", String.class),
                row.get("sharing_consent", String.class), external == null ? null : URI.create(external),
                row.get("cover_key", String.class) != null,
                version == null ? null : version(row),
                UriComponentsBuilder.fromUri(publicBase).path("/c/assets/{id}").build(id),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
                row.get("cover_key", String.class), row.get("cover_type", String.class));
    }

    private static AssetVersion version(Readable row) {
        return new AssetVersion(row.get("asset_id", Long.class),
                row.get("version", Integer.class), row.get("file_name", String.class), row.get("content_type", String.class),
                row.get("size_bytes", Long.class), row.get("sha256", String.class), row.get("uploaded_at", Instant.class));
    }
}
