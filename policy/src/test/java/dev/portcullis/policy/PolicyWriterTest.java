package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Origin;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the writer writes, the loader reads back to the same policy. */
class PolicyWriterTest {

    private static List<Rule> withoutOrigins(Policy policy) {
        return policy.rules().stream().map(r -> r.toBuilder().origin(Origin.UNKNOWN).build()).toList();
    }

    private static void assertRoundTrip(String text) {
        PolicyLoader loader = PolicyLoader.builtIn();
        PolicyDocument document = loader.parse(text, "first.yaml");
        String written = PolicyWriter.write(document, List.of("written by a test"));
        Policy original = loader.expand(document);
        Policy reloaded = loader.read(written, "second.yaml");
        assertThat(reloaded.name()).isEqualTo(original.name());
        assertThat(reloaded.mode()).isEqualTo(original.mode());
        assertThat(reloaded.settings()).isEqualTo(original.settings());
        assertThat(reloaded.zones()).isEqualTo(original.zones());
        assertThat(withoutOrigins(reloaded)).as(written).isEqualTo(withoutOrigins(original));
    }

    @Test
    void everyKeyOfPlainRulesRoundTrips() {
        assertRoundTrip(PolicyLoaderTest.FULL);
    }

    @Test
    void presetInstancesRoundTrip() {
        assertRoundTrip(PolicyPresetsTest.MESSAGING);
    }

    @Test
    void writesCommentsAndLeavesOutDefaults() {
        PolicyDocument document = PolicyLoader.builtIn().parse("""
                mode: block-most
                rules:
                  - preset: icq
                    parameters: { smtp-server: smtp.example.net }
                  - id: ssh
                    action: allow
                    direction: in
                    protocol: tcp
                    local-ports: [ssh, 2222, 6660-6670]
                """, "home.yaml");
        String written = PolicyWriter.write(document, List.of("Home policy", ""));
        assertThat(written).startsWith("# Home policy\n#\nname: home\nmode: block-most\nrules:\n");
        assertThat(written).doesNotContain("settings:").doesNotContain("enabled:").doesNotContain("instance:");
        assertThat(written).contains("smtp-server: smtp.example.net");
        assertThat(written).contains("- ssh\n").contains("- 2222\n").contains("- 6660-6670\n");
    }
}
