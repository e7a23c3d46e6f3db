package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preset instances are expanded in place, in order, and their rules remember the instance and preset rule. */
class PolicyPresetsTest {

    static final String MESSAGING = """
            mode: block-most
            rules:
              - id: first
                action: block
                direction: both
              - preset: icq
                parameters: { smtp-server: smtp.example.net }
              - preset: yahoo-messenger
                instance: yahoo
                options: { socks: false }
              - id: last
                action: block
                direction: both
            """;

    static List<InputProblem> problems(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> PolicyLoader.load(text, "p.yaml"));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        return e.problems();
    }

    @Test
    void instancesExpandInPlaceWithOrigins() {
        Policy policy = PolicyLoader.load(MESSAGING, "p.yaml");
        List<String> ids = policy.rules().stream().map(Rule::id).toList();
        assertThat(ids.get(0)).isEqualTo("first");
        assertThat(ids.get(ids.size() - 1)).isEqualTo("last");
        assertThat(ids.subList(1, ids.size() - 1)).allMatch(id -> id.startsWith("icq.") || id.startsWith("yahoo."));
        int firstYahoo = ids.indexOf(ids.stream().filter(id -> id.startsWith("yahoo.")).findFirst().orElseThrow());
        assertThat(ids.subList(1, firstYahoo)).allMatch(id -> id.startsWith("icq."));

        Rule icqRule = policy.rules().get(1);
        assertThat(icqRule.origin().preset()).contains("icq");
        assertThat(icqRule.origin().presetRule()).isPresent();
        assertThat(icqRule.id()).isEqualTo("icq." + icqRule.origin().presetRule().get());
        assertThat(icqRule.origin().definedAt()).contains(new Location("p.yaml", 6, 5));
        assertThat(policy.rules().get(firstYahoo).origin().definedAt()).contains(new Location("p.yaml", 8, 5));
        assertThat(policy.rules().get(0).origin().preset()).isEmpty();
    }

    @Test
    void parametersReachTheExpandedRules() {
        Policy policy = PolicyLoader.load(MESSAGING, "p.yaml");
        assertThat(policy.rules()).filteredOn(r -> r.id().startsWith("icq."))
                .anySatisfy(r -> assertThat(r.remoteHosts().entries())
                        .containsExactly(new HostMatch.HostName("smtp.example.net")));
    }

    @Test
    void aPresetNamedByItsTitleGetsItsIdAsInstanceName() {
        Policy policy = PolicyLoader.load("mode: block-most\nrules:\n  - preset: Yahoo! Messenger\n", "p.yaml");
        assertThat(policy.rules()).allSatisfy(r -> assertThat(r.id()).startsWith("yahoo-messenger."));
    }

    @Test
    void unknownPreset() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icqq\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:3:5");
            assertThat(p.message()).isEqualTo("unknown preset 'icqq'");
            assertThat(p.hint()).contains("icq");
        });
    }

    @Test
    void unknownOption() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: yahoo-messenger\n"
                + "    options: { sock: false }\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:22");
            assertThat(p.message()).isEqualTo("preset 'yahoo-messenger' has no option 'sock'");
            assertThat(p.hint()).contains("socks");
        });
    }

    @Test
    void unknownParameter() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icq\n"
                + "    parameters:\n      smtp-srv: smtp.example.net\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:5:17");
            assertThat(p.message()).isEqualTo("preset 'icq' has no parameter 'smtp-srv'");
            assertThat(p.hint()).contains("smtp-server");
        });
    }

    @Test
    void badParameterValue() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icq\n"
                + "    parameters:\n      smtp-server: 10.0.0.1/8\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:5:20");
            assertThat(p.message()).contains("smtp-server").contains("host bits");
        });
    }

    @Test
    void optionMustBeABoolean() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: yahoo-messenger\n"
                + "    options: { socks: maybe }\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:23");
            assertThat(p.message()).isEqualTo("option 'socks' must be true or false, not 'maybe'");
        });
    }

    @Test
    void ruleKeyInAPresetInstance() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icq\n    action: allow\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:5");
            assertThat(p.message()).isEqualTo("unknown key 'action' in preset instance");
        });
    }

    @Test
    void presetRulesReferringToAnUndefinedZoneAreReportedOnce() {
        List<InputProblem> found = problems("mode: block-most\nzones:\n  lan: {}\nrules:\n  - preset: spammertrap\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:5:5");
            assertThat(p.message()).isEqualTo("preset instance 'spammertrap' refers to zone 'internet', which is not defined");
            assertThat(p.hint()).contains("zones:").contains("parameters");
        });
        Policy ok = PolicyLoader.load("mode: block-most\nzones:\n  lan: {}\n  outside: {}\nrules:\n"
                + "  - preset: spammertrap\n    parameters: { internet: zone:outside }\n", "p.yaml");
        assertThat(ok.rules()).isNotEmpty();
    }

    @Test
    void plainRuleIdCollidingWithAnExpandedRule() {
        Policy icq = PolicyLoader.load("mode: block-most\nrules:\n  - preset: icq\n", "p.yaml");
        String taken = icq.rules().get(0).id();
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icq\n  - id: " + taken + "\n    action: block\n    direction: in\n");
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:5");
            assertThat(p.message()).isEqualTo("rule id '" + taken + "' is used twice (first at line 3)");
        });
    }

    @Test
    void missingRequiredParameter(@TempDir Path dir) throws Exception {
        Path presets = dir.resolve("relay.yaml");
        Files.writeString(presets, """
                document: relay.txt
                presets:
                  - id: relay
                    name: Mail relay
                    kind: appliance
                    line: 1
                    description: Mail to the relay host only.
                    parameters:
                      - name: relay-host
                        kind: hosts
                        required: true
                        description: the relay that takes outgoing mail
                    rules:
                      - id: out
                        name: Mail to the relay
                        line: 2
                        protocol: tcp
                        direction: out
                        remote-ports: [25]
                        remote-hosts: ["${relay-host}"]
                        action: allow
                """);
        PolicyLoader loader = new PolicyLoader(Catalog.load(List.of(presets)));
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> loader.read("mode: block-most\nrules:\n  - {id: a, action: block, direction: in}\n  - preset: relay\n", "p.yaml"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:5");
            assertThat(p.message()).startsWith("preset 'relay' needs parameter 'relay-host'");
            assertThat(p.hint()).contains("relay-host");
        });
        Policy ok = loader.read("mode: block-most\nrules:\n  - preset: relay\n"
                + "    parameters: { relay-host: [192.0.2.25, relay.example.net] }\n", "p.yaml");
        assertThat(ok.rules().get(0).remoteHosts().entries()).containsExactly(
                HostMatch.AddressBlock.parse("192.0.2.25"), new HostMatch.HostName("relay.example.net"));
    }
}
