package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Origin;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.Zone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FirstMatchEvaluatorTest {
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of(
            "icq.mirabilis.com", List.of("203.0.113.5", "203.0.113.6")));

    private static final Rule ICQ_SERVER = Rule.builder("icq.server")
            .name("ICQ server connection")
            .direction(Direction.OUT).protocol(ProtocolMatch.UDP)
            .remoteHosts(HostSet.of(new HostMatch.HostName("icq.mirabilis.com"))).remotePorts(PortSet.of(4000))
            .purpose("Talk to the ICQ login server")
            .advice("Keep the host name; the server has several addresses")
            .origin(Origin.preset("icq", "server", null))
            .build();
    private static final Rule BLOCK_TELNET = Rule.builder("block-telnet")
            .action(Action.BLOCK).direction(Direction.OUT).protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(23))
            .build();
    private static final Rule ALLOW_TCP_OUT = Rule.builder("allow-tcp-out")
            .direction(Direction.OUT).protocol(ProtocolMatch.TCP)
            .build();

    private static FirstMatchEvaluator evaluator(Mode mode, Rule... rules) {
        return new FirstMatchEvaluator(Policy.of(mode, List.of(rules)), RESOLVER);
    }

    @Test
    void firstMatchingRuleDecidesEvenWhenALaterOneAlsoMatches() {
        FirstMatchEvaluator blockFirst = evaluator(Mode.BLOCK_MOST, BLOCK_TELNET, ALLOW_TCP_OUT);
        FirstMatchEvaluator allowFirst = evaluator(Mode.BLOCK_MOST, ALLOW_TCP_OUT, BLOCK_TELNET);
        Packet telnet = Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.1:23");

        assertThat(blockFirst.decide(telnet)).isEqualTo(Decision.matched(BLOCK_TELNET));
        assertThat(allowFirst.decide(telnet)).isEqualTo(Decision.matched(ALLOW_TCP_OUT));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void eachModeDecidesMatchedAndUnmatchedPackets(Mode mode) {
        FirstMatchEvaluator evaluator = evaluator(mode, BLOCK_TELNET);
        Decision matched = evaluator.decide(Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.1:23"));
        Decision unmatched = evaluator.decide(Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.1:80"));

        switch (mode) {
            case BLOCK_MOST, LEARNING -> {
                assertThat(matched).isEqualTo(Decision.matched(BLOCK_TELNET));
                assertThat(unmatched.verdict()).isEqualTo(Action.BLOCK);
                assertThat(unmatched.reason()).isEqualTo(Decision.Reason.DEFAULT_OF_MODE);
            }
            case ALLOW_MOST -> {
                assertThat(matched).isEqualTo(Decision.matched(BLOCK_TELNET));
                assertThat(unmatched.verdict()).isEqualTo(Action.ALLOW);
                assertThat(unmatched.reason()).isEqualTo(Decision.Reason.DEFAULT_OF_MODE);
            }
            case STOP_ALL -> {
                assertThat(matched.verdict()).isEqualTo(Action.BLOCK);
                assertThat(matched.reason()).isEqualTo(Decision.Reason.MODE_STOP_ALL);
                assertThat(unmatched).isEqualTo(matched);
            }
            case DISABLED -> {
                assertThat(matched.verdict()).isEqualTo(Action.ALLOW);
                assertThat(matched.reason()).isEqualTo(Decision.Reason.MODE_DISABLED);
                assertThat(unmatched).isEqualTo(matched);
            }
        }
        assertThat(matched.rule().isPresent()).isEqualTo(matched.reason() == Decision.Reason.MATCHED_RULE);
    }

    @Test
    void hostNameRuleMatchesEveryResolvedAddressAndNothingElse() {
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, ICQ_SERVER);

        assertThat(evaluator.decide(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.5:4000")).permits()).isTrue();
        assertThat(evaluator.decide(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.6:4000")).permits()).isTrue();
        assertThat(evaluator.decide(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.7:4000")).permits()).isFalse();
    }

    @Test
    void unresolvableHostNameMatchesNothingEvenInAllowMost() {
        Rule blockUnknown = Rule.builder("block-unknown").action(Action.BLOCK)
                .remoteHosts(HostSet.of(new HostMatch.HostName("no-such-host.example"))).build();
        FirstMatchEvaluator evaluator = evaluator(Mode.ALLOW_MOST, blockUnknown);

        Decision decision = evaluator.decide(Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.1:80"));

        assertThat(decision.reason()).isEqualTo(Decision.Reason.DEFAULT_OF_MODE);
        assertThat(decision.permits()).isTrue();
    }

    @Test
    void zonesMatchByAddressAndCatchAllZoneHoldsTheRest() {
        Zone lan = new Zone("lan", List.of(HostMatch.AddressBlock.parse("10.0.0.0/8")), List.of(), "");
        Zone internet = new Zone("internet", List.of(), List.of(), "");
        Rule fromInternet = Rule.builder("smtp-in").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .remoteHosts(HostSet.of(new HostMatch.ZoneRef("internet"))).localPorts(PortSet.of(25)).build();
        Policy policy = new Policy("p", Mode.BLOCK_MOST, List.of(lan, internet), List.of(fromInternet), Settings.DEFAULTS);
        FirstMatchEvaluator evaluator = new FirstMatchEvaluator(policy, RESOLVER);

        assertThat(evaluator.decide(Packet.parse("in tcp 198.51.100.9:40000 -> 10.0.0.2:25")).permits()).isTrue();
        assertThat(evaluator.decide(Packet.parse("in tcp 10.0.0.9:40000 -> 10.0.0.2:25")).permits()).isFalse();
    }

    @Test
    void icmpTypesAreMatchedPerType() {
        Rule diagnostics = Rule.builder("diag").direction(Direction.IN)
                .protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(3), IcmpType.of(11)))).build();
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, diagnostics);

        assertThat(evaluator.decide(Packet.icmp(Direction.IN, "198.51.100.1", "10.0.0.2", 3, 1)).permits()).isTrue();
        assertThat(evaluator.decide(Packet.icmp(Direction.IN, "198.51.100.1", "10.0.0.2", 8, 0)).permits()).isFalse();
    }

    @Test
    void disabledRuleNeverMatches() {
        Rule off = ALLOW_TCP_OUT.toBuilder().enabled(false).build();
        assertThat(evaluator(Mode.BLOCK_MOST, off).decide(Packet.parse("out tcp 10.0.0.2:1 -> 198.51.100.1:80"))
                .reason()).isEqualTo(Decision.Reason.DEFAULT_OF_MODE);
    }

    @Test
    void explanationNamesTheDecidingRuleAndWhyEarlierRulesMissed() {
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, ICQ_SERVER, BLOCK_TELNET, ALLOW_TCP_OUT);
        Packet packet = Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050");

        Explanation explanation = evaluator.explain(packet);

        assertThat(explanation.decision()).isEqualTo(evaluator.decide(packet));
        assertThat(explanation.steps()).containsExactly(
                new Explanation.Step.RuleMissed(1, ICQ_SERVER, new Mismatch(Mismatch.Field.PROTOCOL,
                        "the rule is for udp, the packet is tcp")),
                new Explanation.Step.RuleMissed(2, BLOCK_TELNET, new Mismatch(Mismatch.Field.REMOTE_PORT,
                        "remote port 5050 is not in 23")),
                new Explanation.Step.RuleMatched(3, ALLOW_TCP_OUT));
        assertThat(explanation.render()).contains("#3 allow-tcp-out: match", "verdict: allow (matched-rule)");
    }

    @Test
    void explanationShowsTheDecidingRulesPresetPurposeAndAdvice() {
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, ICQ_SERVER);

        String text = evaluator.explain(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.5:4000")).render();

        assertThat(text).contains("rule:    icq.server \"ICQ server connection\"", "origin:  preset icq rule server",
                "purpose: Talk to the ICQ login server", "advice:  Keep the host name");
    }

    @Test
    void explanationShowsWhatAHostNameResolvesTo() {
        Rule unknown = ICQ_SERVER.toBuilder().id("unknown")
                .remoteHosts(HostSet.of(new HostMatch.HostName("no-such-host.example"))).build();
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, ICQ_SERVER, unknown);

        List<Explanation.Step> steps = evaluator.explain(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.9:4000"))
                .steps();

        assertThat(steps).hasSize(3);
        assertThat(((Explanation.Step.RuleMissed) steps.get(0)).mismatch()).isEqualTo(new Mismatch(
                Mismatch.Field.REMOTE_HOST,
                "remote address 203.0.113.9 is not in icq.mirabilis.com (= 203.0.113.5, 203.0.113.6)"));
        assertThat(((Explanation.Step.RuleMissed) steps.get(1)).mismatch().detail())
                .endsWith("no-such-host.example (resolves to nothing)");
        assertThat(steps.get(2)).isEqualTo(new Explanation.Step.NoRuleMatched(Mode.BLOCK_MOST));
    }

    @Test
    void explanationReportsEachFieldInMatcherOrder() {
        Rule rule = Rule.builder("r").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .localPorts(PortSet.of(25)).remotePorts(PortSet.of(1024)).build();
        FirstMatchEvaluator evaluator = evaluator(Mode.BLOCK_MOST, rule);

        assertThat(mismatch(evaluator, "out tcp 10.0.0.2:25 -> 198.51.100.1:1024")).isEqualTo(Mismatch.Field.DIRECTION);
        assertThat(mismatch(evaluator, "in udp 198.51.100.1:1024 -> 10.0.0.2:25")).isEqualTo(Mismatch.Field.PROTOCOL);
        assertThat(mismatch(evaluator, "in tcp 198.51.100.1:1024 -> 10.0.0.2:26")).isEqualTo(Mismatch.Field.LOCAL_PORT);
        assertThat(mismatch(evaluator, "in tcp 198.51.100.1:1025 -> 10.0.0.2:25")).isEqualTo(Mismatch.Field.REMOTE_PORT);
        Rule icmp = Rule.builder("i").protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(3)))).build();
        assertThat(mismatch(evaluator(Mode.BLOCK_MOST, icmp), "in icmp 198.51.100.1 -> 10.0.0.2 type 8"))
                .isEqualTo(Mismatch.Field.ICMP_TYPE);
    }

    private static Mismatch.Field mismatch(FirstMatchEvaluator evaluator, String packet) {
        return ((Explanation.Step.RuleMissed) evaluator.explain(Packet.parse(packet)).steps().get(0)).mismatch().field();
    }

    @Test
    void aGivenLookupIsUsedForDecisionsButExplanationsStayLinear() {
        Policy policy = Policy.of(Mode.BLOCK_MOST, List.of(ALLOW_TCP_OUT));
        FirstMatchEvaluator noLookup = new FirstMatchEvaluator(policy, RESOLVER, packet -> java.util.Optional.empty());
        Packet packet = Packet.parse("out tcp 10.0.0.2:1 -> 198.51.100.1:80");

        assertThat(noLookup.decide(packet).reason()).isEqualTo(Decision.Reason.DEFAULT_OF_MODE);
        assertThat(noLookup.explain(packet).decision()).isEqualTo(Decision.matched(ALLOW_TCP_OUT));
    }
}
