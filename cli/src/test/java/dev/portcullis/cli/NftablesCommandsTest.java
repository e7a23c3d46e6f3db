package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.cli.PortcullisCommandTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * compile in process; apply, status, revert, confirm and refresh as a real process inside a throwaway network
 * namespace (root with nft and ip only), so the machine's own ruleset is never touched.
 */
class NftablesCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOME = "../examples/home-messaging.yaml";

    @TempDir
    Path dir;

    private Path policy(String yaml) throws IOException {
        Path file = dir.resolve("p-" + ThreadLocalRandom.current().nextInt(1_000_000) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String SSH_ONLY = """
            name: ssh-only
            mode: block-most
            rules:
              - id: ssh-in
                action: allow
                direction: in
                protocol: tcp
                local-ports: [22]
                log: true
            """;

    private static final String WEB_ONLY = """
            name: web-only
            mode: block-most
            rules:
              - id: web-in
                action: allow
                direction: in
                protocol: tcp
                local-ports: [80, 443]
            """;

    @Test
    void compilePrintsTheTableForNftables() {
        Run run = run("compile", HOME, "--target", "nftables", "--no-resolve");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("table inet portcullis {")
                .contains("chain input").contains("chain output").contains("policy drop;")
                .contains("log prefix \"pc:log-the-rest \"")
                .contains("set host_0_v4");
    }

    @Test
    void compileJsonCarriesTheScriptAndHostSets() throws Exception {
        Run run = run("compile", HOME, "--no-resolve", "--json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("target").asText()).isEqualTo("nftables");
        assertThat(json.get("script").asText()).startsWith("table inet portcullis {");
        assertThat(json.get("hostSets")).isNotEmpty();
    }

    @Test
    void anExecutableSelectorIsBadInputWithAReason() throws Exception {
        Path file = policy("""
                name: exe
                mode: block-most
                rules:
                  - id: pidgin
                    action: allow
                    direction: out
                    protocol: tcp
                    application: exe:/usr/bin/pidgin
                """);
        Run run = run("compile", file.toString(), "--no-resolve");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("nftables cannot match").contains("hint:");
    }

    @Test
    void anUnknownTargetIsBadUsage() {
        assertThat(run("compile", HOME, "--target", "iptables").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    // ---- the real kernel, in a namespace ------------------------------------------------------------------------

    static boolean kernelAvailable() {
        return "root".equals(System.getProperty("user.name")) && onPath("nft") && onPath("ip");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code portcullis ARGS} as a process inside {@code namespace}, with the given environment additions. */
    private static Run inNamespace(String namespace, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PortcullisCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SSH_CONNECTION");
        builder.environment().putAll(env);
        Path err = Files.createTempFile("portcullis-err", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("portcullis " + String.join(" ", args) + " did not finish");
        }
        String errText = Files.readString(err);
        Files.delete(err);
        return new Run(process.exitValue(), out, errText);
    }

    private static void sh(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + output);
        }
    }

    @Test
    @EnabledIf(value = "kernelAvailable",
            disabledReason = "kernel test: needs root, nft and ip (apt-get install -y nftables iproute2)")
    void applyStatusConfirmAndRevertAsAnAdministratorWould() throws Exception {
        String namespace = "pc-cli-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        sh("ip", "netns", "add", namespace);
        try {
            String state = dir.resolve("state").toString();
            Path ssh = policy(SSH_ONLY);
            Path web = policy(WEB_ONLY);

            Run applied = inNamespace(namespace, Map.of(), "apply", ssh.toString(), "--state-dir", state);
            assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCodes.OK);
            assertThat(applied.out()).contains("applied policy 'ssh-only'");

            Run status = inNamespace(namespace, Map.of(), "status", ssh.toString(), "--state-dir", state);
            assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(ExitCodes.OK);
            assertThat(status.out()).contains("tcp dport 22").contains("live table matches").contains("no drift");
            assertThat(inNamespace(namespace, Map.of(), "status", web.toString(), "--state-dir", state).exitCode())
                    .isEqualTo(ExitCodes.FINDINGS);

            // Over SSH, a policy without SSH is refused and nothing changes.
            Map<String, String> overSsh = Map.of("SSH_CONNECTION", "198.51.100.9 51000 10.0.0.1 22");
            Run refused = inNamespace(namespace, overSsh, "apply", web.toString(), "--state-dir", state);
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).contains("cut this SSH session").contains("--force");

            Run confirmed = inNamespace(namespace, overSsh, "apply", web.toString(), "--state-dir", state, "--force",
                    "--confirm", "10");
            assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.OK);
            assertThat(confirmed.out()).contains("portcullis confirm").contains("warning (--force)");
            assertThat(inNamespace(namespace, Map.of(), "confirm", "--state-dir", state).exitCode())
                    .isEqualTo(ExitCodes.OK);
            assertThat(inNamespace(namespace, Map.of(), "confirm", "--state-dir", state).exitCode())
                    .isEqualTo(ExitCodes.FAILURE);

            Run reverted = inNamespace(namespace, Map.of(), "revert", "--state-dir", state);
            assertThat(reverted.exitCode()).as(reverted.err()).isEqualTo(ExitCodes.OK);
            Run back = inNamespace(namespace, Map.of(), "status", ssh.toString(), "--state-dir", state, "--json");
            JsonNode json = JSON.readTree(back.out());
            assertThat(json.get("liveTable").asText()).contains("tcp dport 22").doesNotContain("dport 80");
        } finally {
            sh("ip", "netns", "delete", namespace);
        }
    }
}
