package dev.portcullis.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.engine.FirstMatchEvaluator;
import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic anomaly cases, built by hand, with what each finding must name and show. */
class TextbookAnomaliesTest {
    private static Rule tcpOut(String id, Action action, String remote, int first, int last) {
        return Rule.builder(id).action(action).direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .remoteHosts(remote == null ? HostSet.ANY : HostSet.of(HostMatch.AddressBlock.parse(remote)))
                .remotePorts(PortSet.of(PortRange.of(first, last))).build();
    }

    private static FirstMatchEvaluator engine(Policy policy) {
        return new FirstMatchEvaluator(policy, NameResolver.NONE);
    }

    @Test
    void ruleShadowedByTheUnionOfTwoEarlierRulesButByNeitherAlone() {
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(
                tcpOut("low", Action.BLOCK, "198.51.100.0/24", 1, 600),
                tcpOut("high", Action.ALLOW, "198.51.100.0/24", 500, 1023),
                tcpOut("all", Action.ALLOW, "198.51.100.0/24", 1, 1023)));
        AnomalyReport report = AnomalyAnalysis.analyze(policy);
        List<Finding> shadowed = report.ofKind(Finding.Kind.SHADOWED);
        assertThat(shadowed).hasSize(1);
        Finding finding = shadowed.get(0);
        assertThat(finding.rules()).containsExactly("low", "high", "all");
        assertThat(finding.message()).contains("rules low, high together").contains("different action");
        Packet example = finding.example().orElseThrow().packet();
        assertThat(engine(policy).decide(example).rule().orElseThrow().id()).isEqualTo("low");
        // Neither earlier rule alone covers "all": the pairwise findings say so.
        assertThat(report.ofKind(Finding.Kind.GENERALIZATION)).extracting(Finding::rules)
                .containsExactly(List.of("low", "all"));
    }

    @Test
    void redundantButReachableRule() {
        // "web" fires for 203.0.113.0/24 port 80, but the later "any-web" would allow exactly those packets too.
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(
                tcpOut("web", Action.ALLOW, "203.0.113.0/24", 80, 80),
                tcpOut("block-one", Action.BLOCK, "192.0.2.1/32", 80, 80),
                tcpOut("any-web", Action.ALLOW, null, 80, 80)));
        AnomalyReport report = AnomalyAnalysis.analyze(policy);
        assertThat(report.ofKind(Finding.Kind.SHADOWED)).isEmpty();
        List<Finding> redundant = report.ofKind(Finding.Kind.REDUNDANT);
        assertThat(redundant).extracting(Finding::rules).containsExactly(List.of("web", "any-web"));
        Packet example = redundant.get(0).example().orElseThrow().packet();
        assertThat(engine(policy).decide(example).rule().orElseThrow().id()).isEqualTo("web");
        Policy without = policy.withRules(policy.rules().subList(1, 3));
        assertThat(engine(without).decide(example).verdict()).isEqualTo(Action.ALLOW);
    }

    @Test
    void ruleAgreeingWithTheDefaultIsRedundant() {
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(tcpOut("telnet", Action.BLOCK, null, 23, 23)));
        assertThat(AnomalyAnalysis.analyze(policy).ofKind(Finding.Kind.REDUNDANT)).extracting(Finding::rules)
                .containsExactly(List.of("telnet", "default"));
    }

    @Test
    void correlationNamesBothRulesAndShowsAPacketInTheOverlap() {
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(
                tcpOut("a", Action.ALLOW, "198.51.100.0/25", 1, 100),
                tcpOut("b", Action.BLOCK, "198.51.100.0/24", 50, 200)));
        AnomalyReport report = AnomalyAnalysis.analyze(policy);
        List<Finding> correlations = report.ofKind(Finding.Kind.CORRELATION);
        assertThat(correlations).extracting(Finding::rules).containsExactly(List.of("a", "b"));
        Packet example = correlations.get(0).example().orElseThrow().packet();
        assertThat(example.remotePort()).isBetween(50, 100);
        assertThat(engine(policy).decide(example).rule().orElseThrow().id()).isEqualTo("a");
    }

    @Test
    void overBroadRules() {
        Rule anyToAny = Rule.builder("everything").action(Action.ALLOW).build();
        Rule peers = Rule.builder("peers").action(Action.ALLOW).direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .localPorts(PortSet.of(PortRange.of(1024, 65535))).advice("narrow the peer ports").build();
        Rule web = Rule.builder("web").action(Action.ALLOW).direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .remotePorts(PortSet.of(80, 81, 443, 8080)).build();
        Rule registered = Rule.builder("registered").action(Action.ALLOW).direction(Direction.OUT)
                .protocol(ProtocolMatch.UDP).remotePorts(PortSet.of(PortRange.of(1000, 50000))).build();
        AnomalyReport report = AnomalyAnalysis.analyze(
                Policy.of(Mode.BLOCK_MOST, List.of(peers, web, registered, anyToAny)));
        assertThat(report.ofKind(Finding.Kind.ANY_TO_ANY)).extracting(Finding::rules)
                .containsExactly(List.of("everything"));
        assertThat(report.ofKind(Finding.Kind.OPEN_PEER_RANGE)).extracting(Finding::rules)
                .containsExactly(List.of("peers"));
        assertThat(report.ofKind(Finding.Kind.OPTIMIZE_ADVICE)).extracting(Finding::message)
                .containsExactly("rule peers: narrow the peer ports");
        assertThat(report.ofKind(Finding.Kind.PROXY_PORTS)).singleElement()
                .satisfies(f -> assertThat(f.example().orElseThrow().packet().remotePort()).isEqualTo(8080));
        assertThat(report.ofKind(Finding.Kind.AUXILIARY_HTTP_PORTS)).extracting(Finding::rules)
                .containsExactly(List.of("web"));
        assertThat(report.ofKind(Finding.Kind.WIDE_PORT_RANGE)).extracting(Finding::rules)
                .containsExactly(List.of("registered"));
    }

    @Test
    void unresolvedHostNameIsAnOpaqueAtomNotNothingAndNotAny() {
        Rule named = Rule.builder("mail").action(Action.ALLOW).direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .remoteHosts(HostSet.of(new HostMatch.HostName("smtp.example.net"))).remotePorts(PortSet.of(25))
                .build();
        Rule all = tcpOut("all-smtp", Action.BLOCK, null, 25, 25);
        AnomalyReport report = AnomalyAnalysis.analyze(Policy.of(Mode.BLOCK_MOST, List.of(named, all)));
        // Not "never matches" (the name may resolve later) and not a superset of all-smtp (it is not any host).
        assertThat(report.ofKind(Finding.Kind.NEVER_MATCHES)).isEmpty();
        assertThat(report.ofKind(Finding.Kind.SHADOWED)).isEmpty();
        Finding generalization = report.ofKind(Finding.Kind.GENERALIZATION).get(0);
        assertThat(generalization.example().orElseThrow().assumptions())
                .containsExactly("the remote address is one that smtp.example.net resolves to");
    }

    @Test
    void stopAllIgnoresRules() {
        AnomalyReport report = AnomalyAnalysis.analyze(Policy.of(Mode.STOP_ALL,
                List.of(tcpOut("web", Action.ALLOW, null, 80, 80))));
        assertThat(report.ofKind(Finding.Kind.RULES_IGNORED)).hasSize(1);
        assertThat(report.hasAnomalies()).isFalse();
    }

    @Test
    void ipv6RulesAreEncodedOnAll128Bits() {
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(
                tcpOut("v6-net", Action.ALLOW, "2001:db8::/32", 443, 443),
                tcpOut("v6-host", Action.BLOCK, "2001:db8::1", 443, 443)));
        AnomalyReport report = AnomalyAnalysis.analyze(policy);
        Finding shadowed = report.ofKind(Finding.Kind.SHADOWED).get(0);
        assertThat(shadowed.rules()).containsExactly("v6-net", "v6-host");
        assertThat(shadowed.example().orElseThrow().packet().remoteAddress().toCanonicalString())
                .isEqualTo("2001:db8::1");
    }

    @Test
    void diffReportsTheChangedClassWithTheRulesOnBothSides() {
        Policy before = Policy.of(Mode.BLOCK_MOST, List.of(tcpOut("web", Action.ALLOW, null, 80, 443)));
        Policy after = Policy.of(Mode.BLOCK_MOST, List.of(tcpOut("https", Action.ALLOW, null, 443, 443)));
        DiffReport diff = SemanticDiff.diff(before, after, NameResolver.NONE);
        assertThat(diff.changes()).singleElement().satisfies(change -> {
            assertThat(change.leftRule()).isEqualTo("web");
            assertThat(change.rightRule()).isEqualTo("default");
            assertThat(change.traffic()).extracting(Object::toString)
                    .containsExactly("out ipv4 tcp remote-port 80-442", "out ipv6 tcp remote-port 80-442");
        });
        assertThat(SemanticDiff.diff(before, before, NameResolver.NONE).identical()).isTrue();
    }

    @Test
    void narrowingShrinksAProxyListAndAPeerRangeToWhatWasUsed() {
        Rule web = Rule.builder("web").action(Action.ALLOW).direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .remotePorts(PortSet.of(80, 81, 82, 83, 443, 3128, 8080)).build();
        Rule peers = Rule.builder("peers").action(Action.ALLOW).direction(Direction.BOTH).protocol(ProtocolMatch.TCP_UDP)
                .remotePorts(PortSet.of(PortRange.of(1024, 65535))).build();
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(web, peers));
        List<Packet> keep = List.of(Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:443"),
                Packet.parse("out tcp 10.0.0.2:40001 -> 203.0.113.5:8080"),
                Packet.parse("out udp 10.0.0.2:40002 -> 198.51.100.9:5000"),
                Packet.parse("out tcp 10.0.0.2:40003 -> 198.51.100.9:22"));
        NarrowingResult result = Narrowing.narrow(policy, keep, NameResolver.NONE);
        assertThat(result.proof().holds()).isTrue();
        assertThat(result.notAllowedByOriginal()).containsExactly(keep.get(3));
        assertThat(result.narrowed().rule("web").orElseThrow().remotePorts()).isEqualTo(PortSet.of(443, 8080));
        Rule narrowedPeers = result.narrowed().rule("peers").orElseThrow();
        assertThat(narrowedPeers.direction()).isEqualTo(Direction.OUT);
        assertThat(narrowedPeers.protocol()).isEqualTo(ProtocolMatch.UDP);
        assertThat(narrowedPeers.remotePorts()).isEqualTo(PortSet.of(5000));
        assertThat(result.changes()).extracting(NarrowingResult.RuleChange::rule).containsExactly("web", "peers");
    }
}
