package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the loader must agree on the keys each part of a preset file may have. */
class PresetSchemaTest {
    private static JsonNode schema() throws IOException {
        try (InputStream in = PresetSchemaTest.class.getResourceAsStream("/dev/portcullis/catalog/preset.schema.json")) {
            assertThat(in).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> keys(JsonNode properties) {
        List<String> keys = new ArrayList<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void schemaKeysMatchTheLoader() throws IOException {
        JsonNode schema = schema();
        JsonNode defs = schema.get("$defs");
        assertThat(keys(schema.get("properties"))).containsExactlyInAnyOrderElementsOf(PresetFiles.FILE_KEYS);
        assertThat(keys(defs.at("/preset/properties"))).containsExactlyInAnyOrderElementsOf(PresetFiles.PRESET_KEYS);
        assertThat(keys(defs.at("/ruleProperties/properties")))
                .containsExactlyInAnyOrderElementsOf(PresetFiles.RULE_KEYS);
        assertThat(keys(defs.at("/sharedRule/properties"))).containsExactlyInAnyOrder("parameters", "options");
        assertThat(keys(defs.at("/use/properties"))).containsExactlyInAnyOrderElementsOf(PresetFiles.USE_KEYS);
        assertThat(keys(defs.at("/parameter/properties")))
                .containsExactlyInAnyOrderElementsOf(PresetFiles.PARAMETER_KEYS);
        assertThat(keys(defs.at("/option/properties"))).containsExactlyInAnyOrderElementsOf(PresetFiles.OPTION_KEYS);
    }
}
