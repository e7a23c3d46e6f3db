package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of bad policy file gives one precise problem at the right file:line:column, with a hint. */
class PolicyLoaderErrorsTest {

    static List<InputProblem> problems(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> PolicyLoader.load(text, "p.yaml"));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        return e.problems();
    }

    static InputProblem problem(String text) {
        List<InputProblem> found = problems(text);
        assertThat(found).as("problems").hasSize(1);
        return found.get(0);
    }

    /** A one-rule policy; the rule gets {@code action: allow} and {@code direction: out} unless a line gives them. */
    static String rule(String... lines) {
        List<String> all = new java.util.ArrayList<>(List.of(lines));
        if (all.stream().noneMatch(l -> l.startsWith("action:"))) {
            all.add("action: allow");
        }
        if (all.stream().noneMatch(l -> l.startsWith("direction:"))) {
            all.add("direction: out");
        }
        return "mode: block-most\nrules:\n  - id: r\n"
                + String.join("", all.stream().map(l -> "    " + l + "\n").toArray(String[]::new));
    }

    @Test
    void yamlSyntaxError() {
        InputProblem p = problem("mode: block-most\nrules:\n  - id: a\n   action: allow\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:4");
        assertThat(p.message()).startsWith("YAML syntax error: expected <block end>");
        assertThat(p.hint()).contains("indentation");
    }

    @Test
    void unclosedFlowListIsASyntaxError() {
        InputProblem p = problem("mode: block-most\nrules: [\n");
        assertThat(p.location().file()).isEqualTo("p.yaml");
        assertThat(p.location().line()).isPositive();
        assertThat(p.message()).startsWith("YAML syntax error:");
    }

    @Test
    void tabIndentationIsASyntaxError() {
        InputProblem p = problem("mode: block-most\nrules:\n\t- id: a\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:3:1");
        assertThat(p.message()).contains("TAB");
    }

    @Test
    void aliasesAreRefused() {
        InputProblem p = problem("mode: block-most\nzones:\n  lan: &lan { addresses: [10.0.0.0/8] }\n"
                + "  dmz: *lan\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:8");
        assertThat(p.message()).isEqualTo("YAML aliases (*lan) are not supported");
    }

    @Test
    void emptyFile() {
        InputProblem p = problem("");
        assertThat(p.render()).startsWith("p.yaml:1:1: error: the file is empty");
    }

    @Test
    void fileNotFound() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> PolicyLoader.load(Path.of("/nonexistent/p.yaml")));
        assertThat(e.render()).startsWith("/nonexistent/p.yaml: error: policy file not found");
    }

    @Test
    void topLevelMustBeAMapping() {
        InputProblem p = problem("- id: a\n");
        assertThat(p.render()).startsWith("p.yaml:1:1: error: a policy file must be a mapping");
    }

    @Test
    void unknownKeyGetsDidYouMean() {
        InputProblem p = problem(rule("acton: allow"));
        assertThat(p.render()).isEqualTo("p.yaml:4:5: error: unknown key 'acton' in rule"
                + System.lineSeparator() + "  hint: did you mean 'action'?");
    }

    @Test
    void unknownTopLevelKeyListsTheKeys() {
        InputProblem p = problem("mode: block-most\nfirewall: x\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:2:1");
        assertThat(p.message()).isEqualTo("unknown key 'firewall' in policy");
        assertThat(p.hint()).isEqualTo("a policy may have: name, mode, settings, zones, rules");
    }

    @Test
    void missingMode() {
        InputProblem p = problem("rules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:1:1");
        assertThat(p.message()).isEqualTo("'mode' is missing");
        assertThat(p.hint()).contains("mode: block-most");
    }

    @Test
    void unknownMode() {
        InputProblem p = problem("mode: block-mots\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:1:7");
        assertThat(p.message()).isEqualTo("unknown mode 'block-mots'");
        assertThat(p.hint()).isEqualTo("did you mean 'block-most'?");
    }

    @Test
    void portOutOfRange() {
        InputProblem p = problem(rule("protocol: tcp", "local-ports: [22, 70000]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:23");
        assertThat(p.message()).isEqualTo("port 70000 is out of range 0-65535");
        assertThat(p.hint()).isNotEmpty();
    }

    @Test
    void itemsOfACommaStringAreLocatedExactly() {
        InputProblem plain = problem(rule("protocol: tcp", "local-ports: 23, 5050, 70000"));
        assertThat(plain.location().toString()).isEqualTo("p.yaml:5:28");
        InputProblem quoted = problem(rule("protocol: tcp", "local-ports: \"23,6670-6660\""));
        assertThat(quoted.location().toString()).isEqualTo("p.yaml:5:22");
        assertThat(quoted.message()).isEqualTo("port range 6670-6660 is reversed (write 6660-6670)");
    }

    @Test
    void anyBesideOtherEntries() {
        InputProblem p = problem(rule("remote-hosts: [zone:lan, any]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:30");
        assertThat(p.message()).isEqualTo("remote-hosts mixes 'any' with other entries");
    }

    @Test
    void reversedRange() {
        InputProblem p = problem(rule("protocol: tcp", "remote-ports: 6670-6660"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:19");
        assertThat(p.message()).isEqualTo("port range 6670-6660 is reversed (write 6660-6670)");
        assertThat(p.hint()).isEqualTo("write the lower port first");
    }

    @Test
    void icmpTypesOnATcpRule() {
        InputProblem p = problem(rule("protocol: tcp", "icmp-types: [8]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:5");
        assertThat(p.message()).isEqualTo("ICMP types are given for a tcp rule");
        assertThat(p.hint()).contains("protocol: icmp");
    }

    @Test
    void badIcmpType() {
        InputProblem p = problem(rule("protocol: icmp", "icmp-types: [3, 300]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:21");
        assertThat(p.message()).isEqualTo("ICMP type 300 is out of range 0-255");
    }

    @Test
    void portsOnAnIcmpRule() {
        InputProblem p = problem(rule("protocol: icmp", "local-ports: [22]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:5");
        assertThat(p.message()).isEqualTo("local-ports are given for an icmp rule");
        assertThat(p.hint()).contains("only tcp and udp have ports");
    }

    @Test
    void portsWithoutAProtocol() {
        InputProblem p = problem(rule("remote-ports: 80"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:5");
        assertThat(p.message()).isEqualTo("remote-ports are given for a rule without a protocol");
        assertThat(p.hint()).contains("protocol: tcp");
    }

    @Test
    void unknownServiceName() {
        InputProblem p = problem(rule("protocol: tcp", "remote-ports: [smtpp]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:20");
        assertThat(p.message()).isEqualTo("unknown service name 'smtpp' for tcp");
        assertThat(p.hint()).startsWith("did you mean 'smtp'?");
    }

    @Test
    void serviceNameWithoutAPortOnThatTransport() {
        InputProblem p = problem(rule("protocol: udp", "remote-ports: ssh"));
        assertThat(p.message()).isEqualTo("unknown service name 'ssh' for udp");
    }

    @Test
    void duplicateRuleIds() {
        InputProblem p = problem("mode: block-most\nrules:\n  - {id: a, action: allow, direction: out}\n  - {id: b, action: allow, direction: out}\n"
                + "  - {id: a, action: allow, direction: out}\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:5:10");
        assertThat(p.message()).isEqualTo("rule id 'a' is used twice (first at line 3)");
        assertThat(p.hint()).isEqualTo("give every rule its own id");
    }

    @Test
    void duplicateInstanceNames() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - preset: icq\n  - preset: icq\n");
        assertThat(found).anySatisfy(p -> {
            assertThat(p.location().toString()).isEqualTo("p.yaml:4:5");
            assertThat(p.message()).isEqualTo("preset instance name 'icq' is used twice (first at line 3)");
            assertThat(p.hint()).contains("instance: icq-2");
        });
    }

    @Test
    void duplicateZoneNames() {
        InputProblem p = problem("mode: block-most\nzones:\n  lan: {}\n  lan: {}\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:3");
        assertThat(p.message()).isEqualTo("key 'lan' appears twice in the same mapping (first at line 3)");
    }

    @Test
    void undefinedZone() {
        InputProblem p = problem("mode: block-most\nzones:\n  lan: {}\nrules:\n  - id: a\n"
                + "    remote-hosts: [zone:lam]\n    action: allow\n    direction: out\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:6:20");
        assertThat(p.message()).isEqualTo("zone 'lam' is not defined");
        assertThat(p.hint()).isEqualTo("did you mean 'lan'?");
    }

    @Test
    void badDuration() {
        InputProblem p = problem(rule("session-timeout: 5 minutes"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:22");
        assertThat(p.message()).isEqualTo("'5 minutes' is not a duration");
        assertThat(p.hint()).contains("300s, 5m, 1h, 5d");
    }

    @Test
    void badSettingsDuration() {
        InputProblem p = problem("mode: block-most\nsettings:\n  udp-timeout: 0s\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:3:16");
        assertThat(p.message()).isEqualTo("duration '0s' must be longer than 0 seconds");
    }

    @Test
    void badAddress() {
        InputProblem p = problem(rule("remote-hosts: [10.0.0.1/8]"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:20");
        assertThat(p.message()).contains("host bits");
        assertThat(p.hint()).contains("prefix");
    }

    @Test
    void badZoneAddress() {
        InputProblem p = problem("mode: block-most\nzones:\n  lan: { addresses: [300.1.2.3] }\nrules: []\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:3:22");
        assertThat(p.message()).contains("300.1.2.3");
    }

    @Test
    void unknownAction() {
        InputProblem p = problem(rule("action: drop"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:13");
        assertThat(p.message()).isEqualTo("unknown action 'drop' (write 'block' (drop silently) or 'reject' (tell the sender))");
        assertThat(p.hint()).contains("block");
    }

    @Test
    void unknownProtocol() {
        InputProblem p = problem(rule("protocol: tpc"));
        assertThat(p.message()).isEqualTo("unknown protocol 'tpc'");
        assertThat(p.hint()).isEqualTo("did you mean 'tcp'?");
    }

    @Test
    void badBoolean() {
        InputProblem p = problem(rule("log: sometimes"));
        assertThat(p.location().toString()).isEqualTo("p.yaml:4:10");
        assertThat(p.message()).isEqualTo("log must be true or false, not 'sometimes'");
    }

    @Test
    void ruleWithoutId() {
        InputProblem p = problem("mode: block-most\nrules:\n  - action: allow\n");
        assertThat(p.location().toString()).isEqualTo("p.yaml:3:5");
        assertThat(p.message()).isEqualTo("this rule has no 'id'");
    }

    @Test
    void presetKeyOnAPlainRule() {
        InputProblem p = problem(rule("parameters: {}"));
        assertThat(p.message()).isEqualTo("unknown key 'parameters' in rule");
        assertThat(p.hint()).contains("preset: NAME");
    }

    @Test
    void everyProblemIsReportedInOneRun() {
        List<InputProblem> found = problems(rule("protocol: tcp", "local-ports: 70000", "remote-ports: 9-1",
                "acton: allow"));
        assertThat(found).extracting(p -> p.location().line()).containsExactlyInAnyOrder(5, 6, 7);
    }

    /** Issue 10, item 2: a rule without an action used to allow everything it matched, and validate said valid. */
    @Test
    void aRuleWithoutActionOrDirectionIsAnErrorAtItsLine() {
        List<InputProblem> found = problems("mode: block-most\nrules:\n  - id: web\n    protocol: tcp\n"
                + "    local-ports: [80]\n");
        assertThat(found).extracting(p -> p.location().toString()).containsExactly("p.yaml:3:5", "p.yaml:3:5");
        assertThat(found).extracting(InputProblem::message)
                .containsExactlyInAnyOrder("'action' is missing", "'direction' is missing");
        assertThat(found).extracting(InputProblem::hint).anySatisfy(h -> assertThat(h)
                .contains("action: allow, block or reject").contains("no default"));
    }
}
