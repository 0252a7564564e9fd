package io.yutang.gateway.webhook;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ClassPathResource;

/** The published JSON Schemas of the webhook payloads, applied by a validator yutang does not ship. */
final class PayloadSchemas {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private PayloadSchemas() {
    }

    /** What is wrong with {@code body} by its type's schema; empty when it conforms. */
    static List<String> problems(String type, String body) {
        try {
            String schema = new ClassPathResource("webhooks/v1/" + type + ".json").getContentAsString(StandardCharsets.UTF_8);
            return SCHEMAS.getSchema(schema, InputFormat.JSON).validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
