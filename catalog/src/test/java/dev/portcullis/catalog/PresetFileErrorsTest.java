package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed preset file or preset instance gives one precise message: {@code file:line:column}, what is
 * wrong, and a hint; never a stack trace.
 */
class PresetFileErrorsTest {
    /** A valid user preset file; each case breaks one thing in it. */
    private static final String VALID = """
            presets:
              - id: demo
                rules:
                  - id: r1
                    protocol: tcp
                    direction: out
                    action: allow
                    remote-ports: [25]
            """;

    @TempDir
    Path dir;

    private String problem(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        try {
            Catalog.load(List.of(file));
        } catch (InvalidInputException e) {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.render()).doesNotContain("Exception").doesNotContain("\tat ");
            return e.render().replace(file.toString(), "bad.yaml");
        }
        throw new AssertionError("expected the file to be rejected:\n" + yaml);
    }

    @Test
    void theValidFileLoads() throws IOException {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, VALID);
        Catalog catalog = Catalog.load(List.of(file));
        assertThat(catalog.find("demo")).isPresent();
        assertThat(catalog.presets()).hasSize(Catalog.builtIn().presets().size() + 1);
    }

    @Test
    void yamlSyntaxErrors() throws IOException {
        assertThat(problem("presets:\n  - id: demo\n    rules: [\n      - id: r1\n")).isEqualTo("""
                bad.yaml:4:7: error: YAML syntax error: expected the node content, but found '-' (while parsing a flow node)
                  hint: check the indentation, and that every 'key: value' has a space after the colon; values containing ': ' or ' #' need quotes""");
        assertThat(problem("presets:\n  - id: demo\n   name: x\n")).isEqualTo("""
                bad.yaml:3:4: error: YAML syntax error: expected <block end>, but found '<block mapping start>' (while parsing a block collection)
                  hint: check the indentation, and that every 'key: value' has a space after the colon; values containing ': ' or ' #' need quotes""");
    }

    @Test
    void unknownKey() throws IOException {
        assertThat(problem(VALID.replace("direction: out", "direction: out\n        protocl: tcp")))
                .startsWith("""
                        bad.yaml:7:9: error: unknown key 'protocl' in rule
                          hint: did you mean 'protocol'?""");
        assertThat(problem("presets: []\nrule: []\n")).startsWith("""
                bad.yaml:2:1: error: unknown key 'rule' in preset file
                  hint: a preset file may have: document, shared-rules, presets""");
    }

    @Test
    void portOutOfRange() throws IOException {
        assertThat(problem(VALID.replace("[25]", "[25, 70000]"))).isEqualTo("""
                bad.yaml:8:28: error: port 70000 is out of range 0-65535
                  hint: TCP and UDP ports are 0-65535""");
    }

    @Test
    void reversedRange() throws IOException {
        assertThat(problem(VALID.replace("[25]", "[6670-6660]"))).isEqualTo("""
                bad.yaml:8:24: error: port range 6670-6660 is reversed (write 6660-6670)
                  hint: write the lower port first""");
    }

    @Test
    void icmpTypeOnATcpRule() throws IOException {
        assertThat(problem(VALID.replace("remote-ports: [25]", "icmp-types: [3, 4]"))).isEqualTo("""
                bad.yaml:8:9: error: ICMP types are given for a tcp rule; only icmp and icmpv6 rules have types
                  hint: remove icmp-types, or set protocol: icmp""");
        assertThat(problem(VALID.replace("protocol: tcp", "protocol: icmp"))).isEqualTo("""
                bad.yaml:8:9: error: remote-ports are given for an icmp rule
                  hint: only tcp, udp and tcp+udp rules have ports; remove remote-ports""");
    }

    @Test
    void duplicateNames() throws IOException {
        assertThat(problem(VALID.replace("id: demo", "id: icq"))).isEqualTo("""
                bad.yaml:2:9: error: duplicate preset id 'icq'
                  hint: preset 'icq' is already defined at presets/000-communication.yaml:111:9; rename one of them""");
        assertThat(problem(VALID + "      - id: r1\n        protocol: udp\n        direction: in\n        action: block\n"))
                .isEqualTo("""
                bad.yaml:9:13: error: duplicate rule id 'r1' in preset 'demo'
                  hint: it is already used at line 4; give this rule its own 'id:'""");
        assertThat(problem(VALID.replace("direction: out", "direction: out\n        direction: in"))).isEqualTo("""
                bad.yaml:7:9: error: key 'direction' appears twice in the same mapping (first at line 6)
                  hint: remove or rename one of them""");
        assertThat(problem(VALID.replace("    rules:", "    options:\n"
                + "      - {name: extra, default: true}\n"
                + "      - {name: extra, default: false}\n"
                + "    rules:"))).isEqualTo("""
                bad.yaml:5:16: error: duplicate option 'extra'
                  hint: declare each option once""");
    }

    @Test
    void unresolvableServiceName() throws IOException {
        assertThat(problem(VALID.replace("[25]", "[smtp, smtpx]"))).isEqualTo("""
                bad.yaml:8:30: error: unknown service name 'smtpx' for tcp
                  hint: write the port number, or a service name the port registry knows (e.g. smtp, pop3, http)""");
        assertThat(problem(VALID.replace("[25]", "[pop3]").replace("tcp", "udp"))).isEqualTo("""
                bad.yaml:8:24: error: unknown service name 'pop3' for udp
                  hint: write the port number, or a service name the port registry knows (e.g. smtp, pop3, http)""");
    }

    @Test
    void undeclaredOptionsParametersAndSharedRules() throws IOException {
        assertThat(problem(VALID.replace("direction: out", "direction: out\n        when: socks"))).isEqualTo("""
                bad.yaml:7:15: error: unknown option 'socks'
                  hint: declare it under 'options:'""");
        assertThat(problem(VALID.replace("[25]", "[\"${mail-port}\"]"))).isEqualTo("""
                bad.yaml:8:25: error: unknown parameter 'mail-port'
                  hint: declare it under 'parameters:'""");
        assertThat(problem("presets:\n  - id: demo\n    rules:\n      - use: sendmail\n")).isEqualTo("""
                bad.yaml:4:14: error: unknown shared rule 'sendmail'
                  hint: shared rules: send-mail, http-connection, auth-connection""");
    }

    @Test
    void missingRequiredKeys() throws IOException {
        assertThat(problem(VALID.replace("        direction: out\n", ""))).isEqualTo("""
                bad.yaml:4:9: error: 'direction' is missing
                  hint: rule 'r1' needs a direction: in, out or both""");
        assertThat(problem(VALID.replace("    rules:", "    parameters:\n"
                + "      - name: server\n"
                + "    rules:"))).isEqualTo("""
                bad.yaml:4:9: error: 'kind' is missing
                  hint: parameter 'server' needs a kind: hosts, ports, duration or text""");
    }

    @Test
    void aUserFileMayUseBuiltInSharedRules() throws IOException {
        Path file = dir.resolve("mail.yaml");
        Files.writeString(file, """
                presets:
                  - id: my-mailer
                    rules:
                      - use: send-mail
                """);
        Catalog catalog = Catalog.load(List.of(file));
        Preset preset = catalog.find("my-mailer").orElseThrow();
        assertThat(preset.parameters()).extracting(Parameter::name).containsExactly("smtp-server");
        assertThat(catalog.expand(new PresetInstance("my-mailer", "mail", Map.of("smtp-server", "smtp.example.org"),
                Map.of(), Location.of("p.yaml"), Map.of()))).singleElement()
                .satisfies(rule -> assertThat(rule.remoteHosts().toString()).isEqualTo("smtp.example.org"));
    }

    @Test
    void aMissingPresetFileIsReported() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> Catalog.load(List.of(missing)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render())
                        .isEqualTo(missing + ": error: preset file not found\n"
                                + "  hint: check the path"));
    }

    // ---------------------------------------------------------------- preset instances

    private static final Location INSTANCE = new Location("policy.yaml", 12, 5);

    private static String expansionProblem(PresetInstance instance) {
        try {
            Catalog.builtIn().expand(instance);
        } catch (InvalidInputException e) {
            assertThat(e.problems()).hasSize(1);
            return e.render();
        }
        throw new AssertionError("expected " + instance + " to be rejected");
    }

    @Test
    void missingRequiredParameter() {
        PresetInstance instance = new PresetInstance("email-gateway", "gw", Map.of(),
                Map.of("dns-beyond-firewall", true), INSTANCE, Map.of("dns-beyond-firewall", new Location("policy.yaml", 15, 30)));
        assertThat(expansionProblem(instance)).isEqualTo("""
                policy.yaml:12:5: error: preset 'email-gateway' needs parameter 'dns-servers' (your DNS servers beyond the firewall)
                  hint: add dns-servers: <hosts> to the instance's parameters; rule 'dns-tcp' uses it because option 'dns-beyond-firewall' is on""");
        // Without the option no rule uses the parameter, so it is not needed.
        assertThat(Catalog.builtIn().expand(PresetInstance.of("email-gateway", INSTANCE))).isNotEmpty();
    }

    @Test
    void unknownOptionParameterAndPreset() {
        Location at = new Location("policy.yaml", 14, 9);
        assertThat(expansionProblem(new PresetInstance("icq", "icq", Map.of(), Map.of("sock", false), INSTANCE,
                Map.of("sock", at)))).isEqualTo("""
                policy.yaml:14:9: error: preset 'icq' has no option 'sock'
                  hint: did you mean socks?""");
        assertThat(expansionProblem(new PresetInstance("icq", "icq", Map.of("smtp", "x"), Map.of(), INSTANCE,
                Map.of("smtp", at)))).isEqualTo("""
                policy.yaml:14:9: error: preset 'icq' has no parameter 'smtp'
                  hint: its parameters are: pop-server, listen-ports, icq-server, smtp-server""");
        assertThat(expansionProblem(PresetInstance.of("yahoo-mesenger", INSTANCE))).isEqualTo("""
                policy.yaml:12:5: error: unknown preset 'yahoo-mesenger'
                  hint: did you mean yahoo-messenger?""");
    }

    @Test
    void badParameterValues() {
        Location at = new Location("policy.yaml", 16, 20);
        assertThat(expansionProblem(new PresetInstance("icq-network-firewall", "icq", Map.of("peer-ports",
                "1024-70000"), Map.of(), INSTANCE, Map.of("peer-ports", at)))).isEqualTo("""
                policy.yaml:16:20: error: parameter 'peer-ports' of preset 'icq-network-firewall': port 70000 is out of range 0-65535
                  hint: give ports (25), ranges (6660-6670) or service names (smtp), separated by commas""");
        assertThat(expansionProblem(new PresetInstance("icq", "icq", Map.of("smtp-server", "10.0.0.1/8"),
                Map.of(), INSTANCE, Map.of("smtp-server", at)))).startsWith("""
                policy.yaml:16:20: error: parameter 'smtp-server' of preset 'icq': '10.0.0.1/8' has host bits set""");
        assertThat(expansionProblem(new PresetInstance("icq-network-firewall", "icq", Map.of("udp-session-timeout",
                "60s"), Map.of(), INSTANCE, Map.of("udp-session-timeout", at)))).isEqualTo("""
                policy.yaml:16:20: error: session timeout 1m of rule 'server-out' is below the 5m preset 'icq-network-firewall' needs
                  hint: The UDP session must stay open for at least 5 minutes (300 s); a lower udp-session-timeout is rejected.""");
        assertThat(expansionProblem(new PresetInstance("icq-network-firewall", "icq", Map.of("udp-session-timeout",
                "soon"), Map.of(), INSTANCE, Map.of()))).isEqualTo("""
                policy.yaml:12:5: error: parameter 'udp-session-timeout' of preset 'icq-network-firewall': 'soon' is not a duration
                  hint: write seconds (300) or a number with s, m, h or d (300s, 5m, 1h, 5d), or ISO-8601 (PT5M)""");
    }

    @Test
    void aPortsParameterWithAMinimumRefusesFewerPorts() {
        Location at = new Location("policy.yaml", 16, 20);
        assertThat(expansionProblem(new PresetInstance("icq", "icq", Map.of("listen-ports", "20000-20001"),
                Map.of(), INSTANCE, Map.of("listen-ports", at)))).isEqualTo("""
                policy.yaml:16:20: error: parameter 'listen-ports' of preset 'icq': gives 2 ports where at least 3 are needed
                  hint: give ports (25), ranges (6660-6670) or service names (smtp), separated by commas""");
        assertThat(Catalog.builtIn().expand(new PresetInstance("icq", "icq", Map.of("listen-ports", "20000, 20005,"
                + " 20010"), Map.of(), INSTANCE, Map.of()))).isNotEmpty();
    }
}
