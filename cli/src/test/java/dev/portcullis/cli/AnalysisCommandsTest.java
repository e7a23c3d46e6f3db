package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisCommandsTest {
    private static final String POLICY = """
            name: web
            mode: block-most
            rules:
              - id: web
                action: allow
                direction: out
                protocol: tcp
                remote-ports: [80, 81, 443, 8080]
              - id: https
                action: allow
                direction: out
                protocol: tcp
                remote-ports: [443]
              - id: ssh-in
                action: allow
                direction: in
                protocol: tcp
                local-ports: [22]
                remote-hosts: [192.0.2.0/24]
            """;

    @TempDir
    Path dir;
    Path policy;

    @BeforeEach
    void writeFiles() throws IOException {
        policy = Files.writeString(dir.resolve("p.yaml"), POLICY);
    }

    @Test
    void analyzeReportsTheShadowedRuleWithAnExampleAndExitsOne() {
        var run = PortcullisCommandTest.run("analyze", policy.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("shadowed: rule https never fires", "example: out tcp 10.0.0.2:40000 -> "
                + "203.0.113.5:443", "proxy-ports: rule web", "auxiliary-http-ports: rule web");
    }

    @Test
    void analyzeJson() {
        var run = PortcullisCommandTest.run("analyze", policy.toString(), "--json");
        assertThat(run.out()).contains("\"kind\" : \"shadowed\"", "\"rules\" : [ \"web\", \"https\" ]");
    }

    @Test
    void queryAllowedTrafficForAHostAndCanReach() {
        var allowed = PortcullisCommandTest.run("query", policy.toString(), "--host", "192.0.2.7");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).contains("in ipv4 tcp local 192.0.2.7 remote 192.0.2.0/24 local-port 22",
                "out ipv4 tcp local 192.0.2.7 remote-port 80-81,443,8080");

        var reach = PortcullisCommandTest.run("query", policy.toString(), "--from", "192.0.2.7", "--to", "10.0.0.2",
                "--port", "22", "--proto", "tcp", "--direction", "in");
        assertThat(reach.out()).contains(": always", "allow by ssh-in");

        var never = PortcullisCommandTest.run("query", policy.toString(), "--from", "198.51.100.1", "--to",
                "10.0.0.2", "--port", "22", "--proto", "tcp", "--direction", "in", "--json");
        assertThat(never.out()).contains("\"reachability\" : \"never\"", "\"rule\" : \"default\"");
    }

    @Test
    void diffShowsTheChangedTrafficAndBothDeciders() throws IOException {
        Path after = Files.writeString(dir.resolve("after.yaml"), POLICY.replace("[80, 81, 443, 8080]", "[80, 443]"));
        var run = PortcullisCommandTest.run("diff", policy.toString(), after.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("allow -> block: before by web, after by default",
                "out ipv4 tcp remote-port 81,8080");
        assertThat(PortcullisCommandTest.run("diff", policy.toString(), policy.toString()).exitCode()).isZero();
    }

    @Test
    void narrowKeepsTheUsedPortsAndProvesIt() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"), """
                time,direction,protocol,src,sport,dst,dport
                0.0,out,tcp,10.0.0.2,40000,203.0.113.5,443
                """);
        var run = PortcullisCommandTest.run("narrow", policy.toString(), "--keep", flows.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("narrow web (1 kept flows)", "remote ports 80,81,443,8080 -> 443",
                "remove ssh-in", "proof: every kept flow is allowed");
    }

    @Test
    void narrowWritesTheProvenPolicyAsAFileThatLoadsBackAndDiffsAsTheNewlyBlockedTraffic() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"), """
                time,direction,protocol,src,sport,dst,dport
                0.0,out,tcp,10.0.0.2,40000,203.0.113.5,443
                """);
        Path narrowed = dir.resolve("narrow.yaml");
        var run = PortcullisCommandTest.run("narrow", policy.toString(), "--keep", flows.toString(), "-o",
                narrowed.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("wrote the narrowed policy to " + narrowed);
        var rules = dev.portcullis.policy.PolicyLoader.load(narrowed).rules();
        assertThat(rules).extracting(dev.portcullis.model.Rule::id).containsExactly("web");
        assertThat(rules.get(0).remotePorts().toString()).isEqualTo("443");
        // The file is the proposal: diffing it against the original shows exactly what it stops allowing.
        var diff = PortcullisCommandTest.run("diff", policy.toString(), narrowed.toString());
        assertThat(diff.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(diff.out()).contains("allow -> block", "remote-port 80-81,8080");
        // An existing file is kept unless --force.
        String before = Files.readString(narrowed);
        var again = PortcullisCommandTest.run("narrow", policy.toString(), "--keep", flows.toString(), "-o",
                narrowed.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err()).contains("the file exists; nothing was written");
        assertThat(Files.readString(narrowed)).isEqualTo(before);
        assertThat(PortcullisCommandTest.run("narrow", policy.toString(), "--keep", flows.toString(), "-o",
                narrowed.toString(), "--force").exitCode()).isZero();
    }

    @Test
    void narrowedPresetPolicyIsWrittenAsPlainRulesThatValidate() throws IOException {
        Path narrowed = dir.resolve("home-narrow.yaml");
        var run = PortcullisCommandTest.run("narrow", "../examples/home-messaging.yaml", "--keep",
                "../examples/home-flows.csv", "-o", narrowed.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(narrowed)).doesNotContain("preset:");
        assertThat(PortcullisCommandTest.run("policy", "validate", narrowed.toString()).exitCode()).isZero();
        // Same verdict as the proof on every kept flow: replaying them against the file allows what the original did.
        var replayOriginal = PortcullisCommandTest.run("replay", "../examples/home-messaging.yaml",
                "../examples/home-flows.csv", "--json");
        var replayNarrowed = PortcullisCommandTest.run("replay", narrowed.toString(), "../examples/home-flows.csv",
                "--json");
        int allowedByOriginal = countOf(replayOriginal.out(), "\"verdict\" : \"allow\"");
        assertThat(allowedByOriginal).isPositive();
        assertThat(countOf(replayNarrowed.out(), "\"verdict\" : \"allow\"")).isEqualTo(allowedByOriginal);
    }

    private static int countOf(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void narrowIgnoresRepliesThatConnectionTrackingLetsThrough() throws IOException {
        // The inbound SYN+ACK is the reply of the outbound connection: in a stateful policy no rule has to allow it,
        // so it must not keep ssh-in (or any inbound rule) alive.
        Path flows = Files.writeString(dir.resolve("flows.csv"), """
                time,direction,protocol,src,sport,dst,dport,flags
                0.0,out,tcp,10.0.0.2,40000,192.0.2.5,443,syn
                0.1,in,tcp,192.0.2.5,443,10.0.0.2,40000,syn+ack
                """);
        var run = PortcullisCommandTest.run("narrow", policy.toString(), "--keep", flows.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("1 kept packets that rules decide", "remove ssh-in",
                "proof: every kept flow is allowed");

        Path stateless = Files.writeString(dir.resolve("stateless.yaml"),
                POLICY.replace("mode: block-most", "mode: block-most\nsettings:\n  stateful: false")
                        .replace("local-ports: [22]", "local-ports: [22, 40000]"));
        var staticRun = PortcullisCommandTest.run("narrow", stateless.toString(), "--keep", flows.toString());
        assertThat(staticRun.out()).contains("2 kept packets that rules decide", "narrow ssh-in (1 kept flows)");
    }
}
