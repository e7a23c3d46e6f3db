package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAndReplayCommandTest {
    private static final String POLICY = """
            name: messaging
            mode: block-most
            rules:
              - id: icq-server
                name: ICQ server
                action: allow
                direction: out
                protocol: udp
                remote-hosts: [icq.mirabilis.com]
                remote-ports: [4000]
                session-timeout: 300s
                purpose: Talk to the ICQ server.
                advice: Keep the host name.
              - id: irc
                action: allow
                direction: out
                protocol: tcp
                remote-ports: [6667]
            """;

    @TempDir
    Path dir;
    Path policy;
    Path hosts;

    @BeforeEach
    void writeFiles() throws IOException {
        policy = Files.writeString(dir.resolve("p.yaml"), POLICY);
        hosts = Files.writeString(dir.resolve("hosts"), "203.0.113.5 icq.mirabilis.com\n");
    }

    private PortcullisCommandTest.Run run(String... args) {
        return PortcullisCommandTest.run(args);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"check", "replay", "stateless"})
    void helpIsWrittenForAPerson(String command) {
        var run = run(command, "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Usage: portcullis " + command).contains("--json", "Exit status")
                .doesNotContain("null");
    }

    @Test
    void checkPrintsVerdictRulePurposeAdviceAndWhyEarlierRulesMissed() {
        var run = run("check", policy.toString(), "out tcp 10.0.0.2:40000 -> 203.0.113.5:6667",
                "--resolve", "fixed:" + hosts);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("verdict: allow (matched-rule)", "rule:    irc",
                "#1 icq-server: no match, protocol: the rule is for udp, the packet is tcp");
    }

    @Test
    void checkJsonCarriesTheSameAnswer() {
        var run = run("check", policy.toString(), "out udp 10.0.0.2:40000 -> 203.0.113.5:4000",
                "--resolve", "fixed:" + hosts, "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("\"verdict\" : \"allow\"", "\"reason\" : \"matched-rule\"",
                "\"id\" : \"icq-server\"", "\"purpose\" : \"Talk to the ICQ server.\"", "\"advice\" : \"Keep the host name.\"",
                "\"kind\" : \"rule-matched\"");
    }

    @Test
    void checkWithAnUnresolvableNameMatchesNothingAndExpectSetsTheExitStatus() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-hosts"), "");
        var run = run("check", policy.toString(), "out udp 10.0.0.2:40000 -> 203.0.113.5:4000",
                "--resolve", "fixed:" + empty, "--expect", "allow");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("icq.mirabilis.com (resolves to nothing)", "verdict: block (default-of-mode)");
    }

    @Test
    void checkRejectsAMalformedPacket() {
        var run = run("check", policy.toString(), "out tcp 10.0.0.2 -> 203.0.113.5");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("needs ports");
    }

    @Test
    void statelessShowsTheReturnRulesAndCheckStaticUsesThem() {
        var shown = run("stateless", policy.toString());
        assertThat(shown.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(shown.out()).contains("irc.return-tcp", "allow in tcp remote-port 6667 state established",
                "icq-server.return-udp");

        String reply = "in tcp 198.51.100.7:6667 -> 10.0.0.2:40000 flags ack";
        assertThat(run("check", policy.toString(), reply, "--resolve", "fixed:" + hosts).out())
                .contains("verdict: block (default-of-mode)");
        assertThat(run("check", policy.toString(), reply, "--resolve", "fixed:" + hosts, "--static").out())
                .contains("verdict: allow (matched-rule)", "rule:    irc.return-tcp");
    }

    @Test
    void replayTracksSessionsAndCountsHits() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"), """
                time,direction,protocol,src,sport,dst,dport
                0,out,udp,10.0.0.2,40000,203.0.113.5,4000
                299,in,udp,203.0.113.5,4000,10.0.0.2,40000
                900,in,udp,203.0.113.5,4000,10.0.0.2,40000
                """);

        var run = run("replay", policy.toString(), flows.toString(), "--resolve", "fixed:" + hosts);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("flows.csv:3:1 +299.000 +allow +tracked-reply +icq-server")
                .containsPattern("flows.csv:4:1 +900.000 +block +default-of-mode +-")
                .containsPattern("icq-server +1 +1")
                .contains("unused rules: irc");
    }

    @Test
    void replayJsonAndBadFlowFile() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"), """
                time,direction,protocol,src,sport,dst,dport
                0,out,udp,10.0.0.2,40000,203.0.113.5,4000
                """);
        var json = run("replay", policy.toString(), flows.toString(), "--resolve", "fixed:" + hosts, "--json");
        assertThat(json.out()).contains("\"unusedRules\" : [ \"irc\" ]", "\"reason\" : \"matched-rule\"");

        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,direction,protocol,src,sport,dst,dport\n"
                + "0,up,udp,10.0.0.2,40000,203.0.113.5,4000\n");
        var run = run("replay", policy.toString(), bad.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("bad.csv:2:3: error: direction 'up' is not in or out");
    }
}
