package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.portcullis.model.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema in the repository describes exactly the keys the loader accepts, and the example policies
 * both load and validate against it.
 */
class PolicySchemaTest {

    static JsonNode schema() throws IOException {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("policy.schema.json")) {
            assertThat(in).as("policy.schema.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    static List<String> keys(JsonNode object) {
        assertThat(object.path("additionalProperties").asBoolean(true)).as("unknown keys are refused").isFalse();
        List<String> keys = new java.util.ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void schemaListsEveryKeyTheLoaderAccepts() throws IOException {
        JsonNode schema = schema();
        JsonNode defs = schema.path("$defs");
        assertThat(keys(schema)).containsExactlyInAnyOrderElementsOf(PolicyParser.TOP_KEYS);
        assertThat(keys(defs.path("settings"))).containsExactlyInAnyOrderElementsOf(PolicyParser.SETTINGS_KEYS);
        assertThat(keys(defs.path("settings").path("properties").path("management").path("items")))
                .containsExactlyInAnyOrderElementsOf(PolicyParser.MANAGEMENT_KEYS);
        assertThat(keys(defs.path("zone"))).containsExactlyInAnyOrderElementsOf(PolicyParser.ZONE_KEYS);
        assertThat(keys(defs.path("rule"))).containsExactlyInAnyOrderElementsOf(PolicyParser.RULE_KEYS);
        assertThat(keys(defs.path("presetInstance"))).containsExactlyInAnyOrderElementsOf(PolicyParser.PRESET_KEYS);
    }

    @Test
    void schemaModesAreTheModelsModes() throws IOException {
        List<String> modes = new java.util.ArrayList<>();
        schema().path("properties").path("mode").path("enum").forEach(n -> modes.add(n.asText()));
        assertThat(modes).containsExactlyElementsOf(
                Stream.of(dev.portcullis.model.Mode.values()).map(dev.portcullis.model.Mode::keyword).toList());
    }

    static Stream<Path> examples() throws IOException {
        // Surefire runs in the module directory; the examples live at the repository root.
        Path dir = Path.of("").toAbsolutePath().getParent().resolve("examples");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void examplePoliciesLoad(Path example) {
        Policy policy = PolicyLoader.load(example);
        assertThat(policy.rules()).isNotEmpty();
    }

    static Set<ValidationMessage> schemaErrors(String yaml) throws IOException {
        JsonSchema jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema());
        return jsonSchema.validate(new YAMLMapper().readTree(yaml));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void examplePoliciesMatchTheSchema(Path example) throws IOException {
        assertThat(schemaErrors(Files.readString(example))).isEmpty();
    }

    @Test
    void everyKeyOfTheLoaderTestsMatchesTheSchema() throws IOException {
        assertThat(schemaErrors(PolicyLoaderTest.FULL)).isEmpty();
        assertThat(schemaErrors(PolicyPresetsTest.MESSAGING)).isEmpty();
    }

    @Test
    void schemaRefusesWhatTheLoaderRefuses() throws IOException {
        assertThat(schemaErrors("mode: block-most\nrules:\n  - id: a\n    acton: allow\n")).isNotEmpty();
        assertThat(schemaErrors("mode: block-mots\nrules: []\n")).isNotEmpty();
        assertThat(schemaErrors("rules: []\n")).isNotEmpty();
        assertThat(schemaErrors("mode: block-most\nrules:\n  - preset: icq\n    action: allow\n")).isNotEmpty();
        assertThat(schemaErrors("mode: block-most\nrules:\n  - id: a\n    protocol: tcp\n    local-ports: 70000\n"))
                .isNotEmpty();
    }
}
