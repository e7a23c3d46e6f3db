package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.TcpFlags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connection tracking and modes of the stateful engine, with a clock the tests move. */
class EngineTest {
    private static final Settings SETTINGS = new Settings(true, PortRange.of(1024, 65535), Duration.ofSeconds(30),
            Duration.ofSeconds(3600), Duration.ofSeconds(120), Duration.ofSeconds(30), List.of());
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of("icq.mirabilis.com", List.of("203.0.113.5")));

    private static final Rule WEB_OUT = Rule.builder("web-out").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
            .remotePorts(PortSet.of(80)).build();
    private static final Rule ICQ_SERVER = Rule.builder("icq.server").direction(Direction.OUT).protocol(ProtocolMatch.UDP)
            .remoteHosts(HostSet.of(new HostMatch.HostName("icq.mirabilis.com"))).remotePorts(PortSet.of(4000))
            .sessionTimeout(Duration.ofMinutes(5)).build();
    private static final Rule DNS_OUT = Rule.builder("dns-out").direction(Direction.OUT).protocol(ProtocolMatch.UDP)
            .remotePorts(PortSet.of(53)).build();
    private static final Rule PING_OUT = Rule.builder("ping-out").direction(Direction.OUT)
            .protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(8)))).build();

    private final ManualClock clock = ManualClock.atEpoch();

    private Engine engine(Mode mode, Rule... rules) {
        return engine(mode, SETTINGS, rules);
    }

    private Engine engine(Mode mode, Settings settings, Rule... rules) {
        return new Engine(new Policy("test", mode, List.of(), List.of(rules), settings), RESOLVER, clock);
    }

    private static Packet tcp(String text, int flags) {
        return Packet.parse(text).withTcpFlags(flags);
    }

    private static final String OUT = "out tcp 10.0.0.2:40000 -> 198.51.100.1:80";
    private static final String IN = "in tcp 198.51.100.1:80 -> 10.0.0.2:40000";

    @Test
    void tcpConnectionGoesThroughHandshakeEstablishedAndTeardownThenIsForgotten() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);

        assertThat(engine.decide(tcp(OUT, TcpFlags.SYN))).isEqualTo(Decision.matched(WEB_OUT));
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.SYN_SENT);

        Decision synAck = engine.decide(tcp(IN, TcpFlags.SYN | TcpFlags.ACK));
        assertThat(synAck.reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        assertThat(synAck.rule()).contains(WEB_OUT);
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.SYN_RECEIVED);

        assertThat(engine.decide(tcp(OUT, TcpFlags.ACK)).reason()).isEqualTo(Decision.Reason.ESTABLISHED);
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.ESTABLISHED);
        assertThat(engine.decide(tcp(IN, TcpFlags.PSH | TcpFlags.ACK)).permits()).isTrue();

        engine.decide(tcp(OUT, TcpFlags.FIN | TcpFlags.ACK));
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.FIN_WAIT);
        engine.decide(tcp(IN, TcpFlags.FIN | TcpFlags.ACK));
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.LAST_ACK);
        engine.decide(tcp(OUT, TcpFlags.ACK));
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.TIME_WAIT);

        clock.advance(Duration.ofSeconds(119));
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK)).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        clock.advance(Duration.ofSeconds(120));
        assertThat(engine.tracker().flows()).isEmpty();
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK))).isEqualTo(Decision.ofMode(Mode.BLOCK_MOST));
    }

    @Test
    void establishedTcpReplyAfterIdleTimeoutIsBlocked() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);
        handshake(engine);

        clock.advance(Duration.ofSeconds(3599));
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK)).permits()).isTrue();
        clock.advance(Duration.ofSeconds(3600));
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK)).permits()).isFalse();
    }

    @Test
    void halfOpenConnectionTimesOutAfterTheTransitoryTimeout() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);
        engine.decide(tcp(OUT, TcpFlags.SYN));

        clock.advance(Duration.ofSeconds(120));
        assertThat(engine.decide(tcp(IN, TcpFlags.SYN | TcpFlags.ACK)).permits()).isFalse();
    }

    @Test
    void resetClosesAConnectionAtOnce() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);
        handshake(engine);

        assertThat(engine.decide(tcp(IN, TcpFlags.RST)).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        assertThat(engine.tracker().flows()).isEmpty();
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK)).permits()).isFalse();
    }

    @Test
    void onlyASynOpensATcpFlow() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);

        assertThat(engine.decide(tcp(OUT, TcpFlags.ACK))).isEqualTo(Decision.matched(WEB_OUT));
        assertThat(engine.tracker().flows()).isEmpty();
        assertThat(engine.decide(tcp(IN, TcpFlags.ACK)).permits()).isFalse();
    }

    @Test
    void newSynForAConnectionInTimeWaitIsDecidedByTheRulesAgain() {
        Rule blockWeb = WEB_OUT.toBuilder().id("block-web").action(Action.BLOCK).build();
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);
        handshake(engine);
        engine.decide(tcp(OUT, TcpFlags.FIN | TcpFlags.ACK));
        engine.decide(tcp(IN, TcpFlags.FIN | TcpFlags.ACK));
        engine.decide(tcp(OUT, TcpFlags.ACK));

        Engine stricter = new Engine(new FirstMatchEvaluator(engine.policy().withRules(List.of(blockWeb)), RESOLVER),
                engine.tracker());
        assertThat(stricter.decide(tcp(OUT, TcpFlags.SYN))).isEqualTo(Decision.matched(blockWeb));
    }

    @ParameterizedTest(name = "idle {0} s: reply passes = {1}")
    @CsvSource({"1, true", "299, true", "300, false", "301, false"})
    void udpSessionOfTheIcqServerRuleLastsFiveMinutes(int idleSeconds, boolean passes) {
        Engine engine = engine(Mode.BLOCK_MOST, ICQ_SERVER);
        assertThat(engine.decide(Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.5:4000")).permits()).isTrue();

        clock.advance(Duration.ofSeconds(idleSeconds));

        Decision reply = engine.decide(Packet.parse("in udp 203.0.113.5:4000 -> 10.0.0.2:40000"));
        assertThat(reply.permits()).isEqualTo(passes);
        if (passes) {
            assertThat(reply.reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
            assertThat(reply.rule()).contains(ICQ_SERVER);
        }
    }

    @ParameterizedTest(name = "idle {0} s: reply passes = {1}")
    @CsvSource({"29, true", "30, false", "31, false"})
    void udpSessionWithoutARuleTimeoutUsesThePolicysUdpTimeout(int idleSeconds, boolean passes) {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        engine.decide(Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53"));

        clock.advance(Duration.ofSeconds(idleSeconds));

        assertThat(engine.decide(Packet.parse("in udp 198.51.100.53:53 -> 10.0.0.2:40000")).permits())
                .isEqualTo(passes);
    }

    @Test
    void everyPacketRefreshesAUdpSession() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        Packet query = Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53");
        engine.decide(query);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(engine.decide(query.reply()).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        }
    }

    @Test
    void replyOfAnotherPortOrHostIsNotPartOfTheFlow() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        engine.decide(Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53"));

        assertThat(engine.decide(Packet.parse("in udp 198.51.100.53:53 -> 10.0.0.2:40001")).permits()).isFalse();
        assertThat(engine.decide(Packet.parse("in udp 198.51.100.54:53 -> 10.0.0.2:40000")).permits()).isFalse();
        assertThat(engine.decide(Packet.parse("in tcp 198.51.100.53:53 -> 10.0.0.2:40000")).permits()).isFalse();
    }

    @Test
    void icmpErrorAboutATrackedFlowIsLetBackIn() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        Packet query = Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53");
        engine.decide(query);
        Packet unreachable = Packet.parse("in icmp 192.0.2.254 -> 10.0.0.2 type 3 code 3");

        Decision related = engine.decideIcmpError(unreachable, query);

        assertThat(related.verdict()).isEqualTo(Action.ALLOW);
        assertThat(related.reason()).isEqualTo(Decision.Reason.RELATED_ICMP);
        assertThat(related.rule()).contains(DNS_OUT);
        assertThat(engine.explainIcmpError(unreachable, query).steps())
                .singleElement().isInstanceOf(Explanation.Step.RelatedToFlow.class);
    }

    @ParameterizedTest
    @CsvSource({"3", "4", "11", "12"})
    void everyIcmpV4ErrorTypeIsRelated(int type) {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        Packet query = Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53");
        engine.decide(query);

        Packet error = Packet.icmp(Direction.IN, "192.0.2.254", "10.0.0.2", type, 0);
        assertThat(engine.decideIcmpError(error, query).reason()).isEqualTo(Decision.Reason.RELATED_ICMP);
    }

    @Test
    void icmpErrorAboutAnUntrackedOrExpiredFlowIsDecidedByTheRules() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        Packet query = Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53");
        Packet unreachable = Packet.parse("in icmp 192.0.2.254 -> 10.0.0.2 type 3 code 3");
        engine.decide(query);

        Packet otherQuery = Packet.parse("out udp 10.0.0.2:40001 -> 198.51.100.53:53");
        assertThat(engine.decideIcmpError(unreachable, otherQuery)).isEqualTo(Decision.ofMode(Mode.BLOCK_MOST));
        assertThat(engine.explainIcmpError(unreachable, otherQuery).steps().get(0))
                .isEqualTo(new Explanation.Step.NotRelated(otherQuery));
        // Without the quoted packet, an error is an ordinary packet for the rules.
        assertThat(engine.decide(unreachable)).isEqualTo(Decision.ofMode(Mode.BLOCK_MOST));

        clock.advance(Duration.ofSeconds(30));
        assertThat(engine.decideIcmpError(unreachable, query)).isEqualTo(Decision.ofMode(Mode.BLOCK_MOST));
    }

    @Test
    void decideIcmpErrorRefusesAPacketThatIsNoError() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        Packet echo = Packet.parse("in icmp 192.0.2.254 -> 10.0.0.2 type 8");
        assertThatThrownBy(() -> engine.decideIcmpError(echo, echo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ICMP error");
    }

    @Test
    void echoRepliesPassButTheRemotesOwnEchoRequestsDoNot() {
        Engine engine = engine(Mode.BLOCK_MOST, PING_OUT);
        Packet ping = Packet.parse("out icmp 10.0.0.2 -> 198.51.100.1 type 8");
        assertThat(engine.decide(ping).permits()).isTrue();

        assertThat(engine.decide(Packet.parse("in icmp 198.51.100.1 -> 10.0.0.2 type 0")).reason())
                .isEqualTo(Decision.Reason.TRACKED_REPLY);
        assertThat(engine.decide(Packet.parse("in icmp 198.51.100.1 -> 10.0.0.2 type 8")).permits()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(engine.decide(Packet.parse("in icmp 198.51.100.1 -> 10.0.0.2 type 0")).permits()).isFalse();
    }

    @Test
    void stopAllBlocksEstablishedFlowsAndDisabledAllowsEverything() {
        Engine running = engine(Mode.BLOCK_MOST, WEB_OUT);
        handshake(running);
        Policy stopAll = running.policy().withMode(Mode.STOP_ALL);
        Engine stopped = new Engine(new FirstMatchEvaluator(stopAll, RESOLVER), running.tracker());

        Decision decision = stopped.decide(tcp(IN, TcpFlags.ACK));
        assertThat(decision).isEqualTo(Decision.ofMode(Mode.STOP_ALL));
        assertThat(stopped.explain(tcp(IN, TcpFlags.ACK)).steps())
                .containsExactly(new Explanation.Step.ModeOverride(Mode.STOP_ALL));
        Engine disabled = new Engine(new FirstMatchEvaluator(running.policy().withMode(Mode.DISABLED), RESOLVER),
                running.tracker());
        assertThat(disabled.decide(Packet.parse("in tcp 198.51.100.9:1 -> 10.0.0.2:22")))
                .isEqualTo(Decision.ofMode(Mode.DISABLED));
        // The flow is still there for when the policy comes back.
        assertThat(running.decide(tcp(IN, TcpFlags.ACK)).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
    }

    @Test
    void trackedRepliesPassBeforeAnyRuleInAllowMostToo() {
        Rule blockIn = Rule.builder("block-in").action(Action.BLOCK).direction(Direction.IN).build();
        Engine engine = engine(Mode.ALLOW_MOST, blockIn);

        Decision opened = engine.decide(tcp(OUT, TcpFlags.SYN));
        assertThat(opened).isEqualTo(Decision.ofMode(Mode.ALLOW_MOST));
        assertThat(engine.decide(tcp(IN, TcpFlags.SYN | TcpFlags.ACK)).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        assertThat(engine.decide(Packet.parse("in tcp 198.51.100.1:80 -> 10.0.0.2:40001")))
                .isEqualTo(Decision.matched(blockIn));
    }

    @Test
    void blockedAndRejectedPacketsOpenNoFlow() {
        Rule reject = WEB_OUT.toBuilder().id("reject-web").action(Action.REJECT).build();
        Engine engine = engine(Mode.BLOCK_MOST, reject);

        assertThat(engine.decide(tcp(OUT, TcpFlags.SYN)).verdict()).isEqualTo(Action.REJECT);
        assertThat(engine.tracker().flows()).isEmpty();
    }

    @Test
    void staticReturnRulesLetPacketsInButOpenNoFlow() {
        Rule udpBack = Rule.builder("dns-out.return").direction(Direction.IN).protocol(ProtocolMatch.UDP)
                .remotePorts(PortSet.of(53)).state(StateMatch.ESTABLISHED).build();
        Engine engine = engine(Mode.BLOCK_MOST, udpBack);

        assertThat(engine.decide(Packet.parse("in udp 198.51.100.53:53 -> 10.0.0.2:40000"))).isEqualTo(
                Decision.matched(udpBack));
        assertThat(engine.tracker().flows()).isEmpty();
    }

    @Test
    void statelessPolicyTracksNothingSoRepliesNeedRules() {
        Settings stateless = new Settings(false, SETTINGS.ephemeralPorts(), SETTINGS.udpTimeout(),
                SETTINGS.tcpEstablishedTimeout(), SETTINGS.tcpTransitoryTimeout(), SETTINGS.icmpTimeout(), List.of());
        Engine engine = engine(Mode.BLOCK_MOST, stateless, DNS_OUT);
        engine.decide(Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53"));

        Packet reply = Packet.parse("in udp 198.51.100.53:53 -> 10.0.0.2:40000");
        assertThat(engine.decide(reply).permits()).isFalse();
        assertThat(engine.tracker().flows()).isEmpty();
        assertThat(engine.explain(reply).steps().get(0)).isEqualTo(new Explanation.Step.Stateless());
    }

    @Test
    void explainSaysWhichTrackedFlowAPacketBelongsToAndChangesNothing() {
        Engine engine = engine(Mode.BLOCK_MOST, WEB_OUT);
        engine.decide(tcp(OUT, TcpFlags.SYN));
        TrackedFlow before = onlyFlow(engine);

        Explanation explanation = engine.explain(tcp(IN, TcpFlags.SYN | TcpFlags.ACK));

        assertThat(explanation.decision().reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);
        assertThat(explanation.steps()).containsExactly(new Explanation.Step.TrackedFlowFound(before, true));
        assertThat(explanation.render()).contains("reply of tracked flow tcp 10.0.0.2:40000 <-> 198.51.100.1:80");
        assertThat(onlyFlow(engine)).isEqualTo(before);
    }

    @Test
    void learningBlocksUnmatchedFlowsAndGroupsThemIntoCandidateRules() {
        Engine engine = engine(Mode.LEARNING, DNS_OUT);
        engine.decide(Packet.parse("out udp 10.0.0.2:40000 -> 198.51.100.53:53"));
        for (int port = 40001; port < 40004; port++) {
            Decision decision = engine.decide(Packet.parse("out tcp 10.0.0.2:" + port + " -> 203.0.113.5:5050"));
            assertThat(decision).isEqualTo(Decision.ofMode(Mode.LEARNING));
        }
        engine.decide(Packet.parse("out tcp 10.0.0.2:40009 -> 203.0.113.6:5050"));
        engine.decide(Packet.parse("in tcp 198.51.100.7:51000 -> 10.0.0.2:25"));
        engine.decide(Packet.parse("in icmp 198.51.100.7 -> 10.0.0.2 type 8"));
        // Not connection attempts: a stray ACK and an ICMP error are blocked but not learned.
        engine.decide(Packet.parse("in tcp 198.51.100.7:80 -> 10.0.0.2:40000 flags ack"));
        engine.decide(Packet.parse("in icmp 198.51.100.7 -> 10.0.0.2 type 3 code 3"));

        LearnedPreset learned = engine.learned("learned-today");

        assertThat(learned.name()).isEqualTo("learned-today");
        assertThat(learned.candidates()).extracting(c -> c.rule().id(), LearnedPreset.Candidate::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("learned.out-tcp-5050", 4L),
                org.assertj.core.groups.Tuple.tuple("learned.in-icmp-type-8", 1L),
                org.assertj.core.groups.Tuple.tuple("learned.in-tcp-25", 1L));
        LearnedPreset.Candidate yahoo = learned.candidates().get(0);
        assertThat(yahoo.examples()).hasSize(3);
        assertThat(yahoo.rule().summary()).isEqualTo("allow out tcp remote-port 5050");
        assertThat(yahoo.rule().advice()).contains("203.0.113.5, 203.0.113.6");
        assertThat(learned.candidates().get(2).rule().summary()).isEqualTo("allow in tcp local-port 25");

        // The candidates, added to the policy, allow what was learned.
        Engine afterwards = engine(Mode.BLOCK_MOST, learned.rules().toArray(Rule[]::new));
        assertThat(afterwards.decide(Packet.parse("out tcp 10.0.0.2:45000 -> 203.0.113.9:5050")).permits()).isTrue();
    }

    @Test
    void learningRecordsNothingInOtherModes() {
        Engine engine = engine(Mode.BLOCK_MOST, DNS_OUT);
        engine.decide(Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050"));
        assertThat(engine.learned("x").candidates()).isEmpty();
    }

    private void handshake(Engine engine) {
        assertThat(engine.decide(tcp(OUT, TcpFlags.SYN)).permits()).isTrue();
        assertThat(engine.decide(tcp(IN, TcpFlags.SYN | TcpFlags.ACK)).permits()).isTrue();
        assertThat(engine.decide(tcp(OUT, TcpFlags.ACK)).permits()).isTrue();
        assertThat(onlyFlow(engine).state()).isEqualTo(FlowState.ESTABLISHED);
    }

    private static TrackedFlow onlyFlow(Engine engine) {
        assertThat(engine.tracker().flows()).hasSize(1);
        return engine.tracker().flows().get(0);
    }
}
