package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.cli.PortcullisCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path newPolicy() {
        Path file = dir.resolve("p.yaml");
        Run run = run("policy", "new", "--preset", "icq", "--preset", "yahoo-messenger",
                "--set", "icq.smtp-server=smtp.example.net", "--option", "yahoo-messenger.socks=off",
                "-o", file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        return file;
    }

    @Test
    void newThenValidateThenShow() throws Exception {
        Path file = newPolicy();
        String text = Files.readString(file);
        assertThat(text).startsWith("# Written by: portcullis policy new --preset icq")
                .contains("mode: block-most").contains("- preset: icq").contains("smtp-server: smtp.example.net")
                .contains("- preset: yahoo-messenger").contains("socks: false");

        Run validate = run("policy", "validate", file.toString());
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(validate.out()).startsWith(file + ": valid — policy 'p', mode block-most, ")
                .contains("from presets: icq, yahoo-messenger");

        Run show = run("policy", "show", file.toString());
        assertThat(show.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(show.out()).contains("Rules, in evaluation order (first match wins):")
                .contains("  1. icq.")
                .contains("allow out tcp remote smtp.example.net remote-port smtp(25)")
                .contains("from: preset instance icq (rule send-mail) at " + file + ":")
                .contains("source 000_bb963ee8c27136dd.txt:")
                .contains("purpose: ").contains("advice: ")
                .doesNotContain("remote-port socks(1080)", "Tcp[]");
    }

    @Test
    void showAsJsonKeepsOrderAndOrigin() throws Exception {
        Path file = newPolicy();
        JsonNode policy = JSON.readTree(run("policy", "show", file.toString(), "--json").out());
        assertThat(policy.path("mode").asText()).isEqualTo("block-most");
        JsonNode first = policy.path("rules").get(0);
        assertThat(first.path("position").asInt()).isEqualTo(1);
        assertThat(first.path("id").asText()).startsWith("icq.");
        assertThat(first.path("origin").path("preset").asText()).isEqualTo("icq");
        assertThat(first.path("origin").path("file").asText()).isEqualTo(file.toString());
        assertThat(first.path("origin").path("line").asInt()).isPositive();
        assertThat(first.path("source").asText()).startsWith("000_");
    }

    @Test
    void validateAsJson() throws Exception {
        Path file = newPolicy();
        JsonNode verdict = JSON.readTree(run("policy", "validate", file.toString(), "--json").out());
        assertThat(verdict.path("valid").asBoolean()).isTrue();
        assertThat(verdict.path("presetInstances").toString()).isEqualTo("[\"icq\",\"yahoo-messenger\"]");
        assertThat(verdict.path("problems").size()).isZero();
        assertThat(verdict.path("rules").asInt()).isPositive();
    }

    @Test
    void invalidFileIsExitTwoWithLocation() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "mode: block-most\nrules:\n  - id: a\n    protocol: tcp\n    local-ports: 70000\n"
                + "    action: allow\n    direction: in\n");
        Run run = run("policy", "validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(file + ":5:18: error: port 70000 is out of range 0-65535")
                .contains("  hint: ").doesNotContain("Exception").doesNotContain("\tat ");

        JsonNode verdict = JSON.readTree(run("policy", "validate", file.toString(), "--json").out());
        assertThat(verdict.path("valid").asBoolean()).isFalse();
        JsonNode problem = verdict.path("problems").get(0);
        assertThat(problem.path("line").asInt()).isEqualTo(5);
        assertThat(problem.path("column").asInt()).isEqualTo(18);
        assertThat(problem.path("message").asText()).isEqualTo("port 70000 is out of range 0-65535");

        assertThat(run("policy", "show", file.toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void yamlSyntaxErrorIsExitTwo() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "mode: block-most\nrules: [\n");
        Run run = run("policy", "validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith(file + ":").contains("YAML syntax error");
    }

    @Test
    void missingFileIsExitTwo() {
        Run run = run("policy", "validate", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("none.yaml: error: policy file not found");
    }

    @Test
    void newRefusesToOverwriteWithoutForce() throws Exception {
        Path file = newPolicy();
        Files.writeString(file, "keep me\n");
        Run run = run("policy", "new", "--preset", "icq", "-o", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("the file exists; nothing was written").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("keep me\n");

        assertThat(run("policy", "new", "--preset", "icq", "-o", file.toString(), "--force").exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(file)).contains("- preset: icq");
    }

    @Test
    void newWritesNothingOnAnyError() throws Exception {
        Path file = dir.resolve("never.yaml");
        String[][] cases = {
                {"--preset", "icqq"},
                {"--preset", "icq", "--preset", "icq"},
                {"--preset", "icq", "--set", "icq.smtp-srv=smtp.example.net"},
                {"--preset", "icq", "--set", "icq.smtp-server=10.0.0.1/8"},
                {"--preset", "icq", "--set", "yahoo.smtp-server=x"},
                {"--preset", "icq", "--set", "nonsense"},
                {"--preset", "yahoo-messenger", "--option", "yahoo-messenger.sock=off"},
                {"--preset", "yahoo-messenger", "--option", "yahoo-messenger.socks=maybe"},
                {"--preset", "icq", "--mode", "block-everything"},
                {"--preset", "icq", "--zone", "lan=300.0.0.0/8"},
        };
        for (String[] arguments : cases) {
            String[] all = new String[arguments.length + 4];
            all[0] = "policy";
            all[1] = "new";
            System.arraycopy(arguments, 0, all, 2, arguments.length);
            all[all.length - 2] = "-o";
            all[all.length - 1] = file.toString();
            Run run = run(all);
            assertThat(run.exitCode()).as(String.join(" ", arguments)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).as(String.join(" ", arguments)).contains("error: ").contains("hint: ")
                    .doesNotContain("\tat ");
            assertThat(file).doesNotExist();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary files left behind").isEmpty();
        }
    }

    @Test
    void newPointsAtTheArgumentThatIsWrong() {
        Run run = run("policy", "new", "--preset", "icq", "--set", "icq.smtp-srv=smtp.example.net");
        assertThat(run.err()).startsWith("--set icq.smtp-srv=smtp.example.net: error: preset 'icq' has no "
                + "parameter 'smtp-srv'").contains("smtp-server");
    }

    @Test
    void newWithoutOutputPrintsThePolicy() {
        Run run = run("policy", "new", "--preset", "odigo", "--zone", "lan=192.168.1.0/24", "--zone", "internet");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("name: policy").contains("- preset: odigo")
                .contains("lan:").contains("192.168.1.0/24").contains("internet: {}");
    }

    @Test
    void newAsJson() throws Exception {
        Path file = dir.resolve("j.yaml");
        Run run = run("policy", "new", "--preset", "icq", "--name", "desk", "-o", file.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode written = JSON.readTree(run.out());
        assertThat(written.path("file").asText()).isEqualTo(file.toString());
        assertThat(written.path("name").asText()).isEqualTo("desk");
        assertThat(written.path("instances").get(0).asText()).isEqualTo("icq");
        assertThat(written.path("rules").asInt()).isPositive();
        assertThat(written.path("yaml").asText()).isEqualTo(Files.readString(file));
    }

    @Test
    void userPresetFilesWorkInEveryPolicyCommand() throws Exception {
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
        Path file = dir.resolve("relay-policy.yaml");
        Run missing = run("policy", "new", "--presets-file", presets.toString(), "--preset", "relay",
                "-o", file.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).startsWith("--preset relay: error: preset 'relay' needs parameter 'relay-host'");
        assertThat(file).doesNotExist();

        assertThat(run("policy", "new", "--presets-file", presets.toString(), "--preset", "relay",
                "--set", "relay.relay-host=192.0.2.25", "-o", file.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run("policy", "validate", file.toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("policy", "validate", "--presets-file", presets.toString(), file.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(run("policy", "show", "--presets-file", presets.toString(), file.toString()).out())
                .contains("relay.out — Mail to the relay").contains("remote 192.0.2.25 remote-port 25")
                .contains("source relay.txt:2");
        assertThat(run("presets", "show", "--presets-file", presets.toString(), "relay").out())
                .contains("relay-host (hosts, required)");
    }

    @Test
    void newRequiresAPreset() {
        Run run = run("policy", "new", "-o", dir.resolve("x.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--preset");
    }

    @Test
    void examplePoliciesValidate() throws Exception {
        Path examples = Path.of("").toAbsolutePath().getParent().resolve("examples");
        try (var files = Files.list(examples)) {
            for (Path example : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Run run = run("policy", "validate", example.toString());
                assertThat(run.exitCode()).as(example + ": " + run.err()).isEqualTo(ExitCodes.OK);
            }
        }
    }
}
