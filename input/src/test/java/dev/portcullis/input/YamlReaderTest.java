package dev.portcullis.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.model.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static String refused(String yaml) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> YamlReader.read(yaml, "f.yaml", new Problems()));
        assertThat(e).as("expected the YAML to be refused").isNotNull();
        return e.render();
    }

    @Test
    void everyNodeKnowsWhereItWasWritten() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read("a: 1\nb:\n  - x\n  - \"y, z\"\n", "f.yaml",
                new Problems());
        assertThat(root.entry("b").orElseThrow().keyLocation().toString()).isEqualTo("f.yaml:2:1");
        YamlNode.Sequence list = (YamlNode.Sequence) root.get("b").orElseThrow();
        assertThat(list.items().get(0).location().toString()).isEqualTo("f.yaml:3:5");
        YamlNode.Scalar quoted = (YamlNode.Scalar) list.items().get(1);
        assertThat(YamlFields.split(quoted)).extracting(s -> s.location().toString())
                .containsExactly("f.yaml:4:6", "f.yaml:4:9");
        assertThat(((YamlNode.Scalar) root.get("a").orElseThrow()).type()).isEqualTo(YamlNode.ScalarType.NUMBER);
    }

    @Test
    void aliasesAreNeverExpanded() {
        String bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n";
        assertThat(refused(bomb)).startsWith("f.yaml:2:8: error: YAML aliases (*a) are not supported");
    }

    @Test
    void deepNestingIsRefusedInOurWords() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThat(refused(deep)).contains("error: the YAML is nested deeper than 64 levels")
                .doesNotContain("StreamConstraints").doesNotContain("maxNestingDepth");
    }

    @Test
    void oneDocumentPerFile() {
        assertThat(refused("a: 1\n---\nb: 2\n")).contains("the file holds more than one YAML document");
    }

    @Test
    void duplicateKeysAreProblemsAndReadingGoesOn() {
        Problems problems = new Problems();
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read("a: 1\nb: 2\na: 3\n", "f.yaml", problems);
        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("f.yaml:3:1");
            assertThat(p.message()).isEqualTo("key 'a' appears twice in the same mapping (first at line 1)");
        });
        assertThat(root.get("b")).isPresent();
    }

    @Test
    void documentsLargerThanSnakeYamlsDefaultLimitAreRead() {
        StringBuilder big = new StringBuilder("rules:\n");
        while (big.length() < 4_000_000) {
            big.append("  - {id: r").append(big.length()).append(", action: allow, direction: out}\n");
        }
        YamlNode root = YamlReader.read(big.toString(), "f.yaml", new Problems());
        assertThat(((YamlNode.Mapping) root).get("rules")).get().isInstanceOf(YamlNode.Sequence.class);
    }

    @Test
    void typedReadersCollectProblemsInsteadOfThrowing() {
        Problems problems = new Problems();
        YamlFields fields = new YamlFields(problems);
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read("on: maybe\nprotocl: tcp\nlist: [a, any]\n",
                "f.yaml", problems);
        assertThat(fields.bool(root.get("on").orElseThrow(), "on")).isEmpty();
        fields.checkKeys(root, java.util.List.of("on", "protocol", "list"), "rule");
        assertThat(fields.items(Optional.of(root.get("list").orElseThrow()), "list")).isEmpty();
        assertThat(problems.all()).extracting(p -> p.location() + " " + p.message()).containsExactly(
                "f.yaml:1:5 on must be true or false, not 'maybe'",
                "f.yaml:2:1 unknown key 'protocl' in rule",
                "f.yaml:3:11 list mixes 'any' with other entries");
        assertThat(problems.all().get(1).hint()).isEqualTo("did you mean 'protocol'?");
    }
}
