package io.yutang.referral.privacy;

import io.r2dbc.postgresql.codec.Json;
import io.yutang.referral.ContactId;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.csv.Csv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything yutang holds about one person as one zip: {@code personal-data.json} with every
 * part, and one CSV per part and table ({@code livestream/registrations.csv}) to read in a
 * spreadsheet (UTF-8 with a byte order mark, so Excel shows Chinese).
 */
@Component
public class PersonalDataExport {

    private final ErasureWork work;
    private final JsonMapper json;

    PersonalDataExport(ErasureWork work, JsonMapper json) {
        this.work = work;
        this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** Every part's data about the person, in the erasure's order (referral last). */
    public Mono<List<PersonalData>> holdings(Person person) {
        return Flux.fromIterable(work.holders()).concatMap(holder -> holder.export(person))
                .map(PersonalDataExport::readable).collectList();
    }

    /** The zip of everything held about the person. */
    public Mono<byte[]> zip(Person person) {
        return holdings(person).map(parts -> zip(person.contact(), parts));
    }

    private byte[] zip(ContactId contact, List<PersonalData> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("contactId", contact.value());
            document.put("exportedAt", work.now().toString());
            Map<String, Object> byPart = new LinkedHashMap<>();
            parts.forEach(part -> byPart.put(part.part(), part.tables()));
            document.put("parts", byPart);
            zip.putNextEntry(new ZipEntry("personal-data.json"));
            zip.write(json.writeValueAsBytes(document));
            zip.closeEntry();
            for (PersonalData part : parts) {
                for (Map.Entry<String, List<Map<String, Object>>> table : part.tables().entrySet()) {
                    zip.putNextEntry(new ZipEntry(part.part() + "/" + table.getKey() + ".csv"));
                    zip.write(csv(table.getValue()).getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private String csv(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        if (rows.isEmpty()) {
            return out.toString();
        }
        out.append(Csv.line(rows.get(0).keySet().toArray()));
        for (Map<String, Object> row : rows) {
            out.append(Csv.line(row.values().stream().map(value -> value instanceof Map<?, ?> || value instanceof List<?>
                    ? json.writeValueAsString(value) : value).toArray()));
        }
        return out.toString();
    }

    /** The part with its values as JSON and CSV show them: times as ISO-8601, JSON columns as JSON, arrays as lists. */
    private static PersonalData readable(PersonalData part) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        part.tables().forEach((name, rows) -> tables.put(name, rows.stream().map(row -> {
            Map<String, Object> readable = new LinkedHashMap<>();
            row.forEach((column, value) -> readable.put(column, readable(value)));
            return readable;
        }).toList()));
        return new PersonalData(part.part(), tables);
    }

    private static Object readable(Object value) {
        if (value instanceof Json stored) {
            return JsonMapper.shared().readValue(stored.asString(), Object.class);
        }
        if (value instanceof JsonNode node) {
            return JsonMapper.shared().convertValue(node, Object.class);
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(readable(Array.get(value, i)));
            }
            return list;
        }
        return value;
    }
}
