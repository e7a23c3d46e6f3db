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
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.TcpFlags;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatelessExpansionTest {
    /** The anti-spam appliance's static-filter example uses 1023-65535 as the client range. */
    private static final Settings SETTINGS = new Settings(false, PortRange.of(1023, 65535), Duration.ofSeconds(30),
            Duration.ofDays(5), Duration.ofSeconds(120), Duration.ofSeconds(30), List.of());
    private static final HostSet APPLIANCE = HostSet.of(HostMatch.AddressBlock.parse("192.0.2.25"));

    private static final Rule DNS_OUT = Rule.builder("dns-out").direction(Direction.OUT).protocol(ProtocolMatch.TCP_UDP)
            .localHosts(APPLIANCE).remotePorts(PortSet.of(53))
            .origin(Origin.preset("spammertrap", "dns", null)).build();
    private static final Rule SMTP_IN = Rule.builder("smtp-in").direction(Direction.IN).protocol(ProtocolMatch.TCP)
            .localHosts(APPLIANCE).localPorts(PortSet.of(25)).build();
    private static final Rule PING_OUT = Rule.builder("ping-out").direction(Direction.OUT)
            .protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(8)))).localHosts(APPLIANCE).build();
    private static final Rule BLOCK_TELNET = Rule.builder("block-telnet").action(Action.BLOCK).direction(Direction.OUT)
            .protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(23)).build();

    private static final Policy POLICY = new Policy("spammertrap", Mode.BLOCK_MOST, List.of(),
            List.of(BLOCK_TELNET, DNS_OUT, SMTP_IN, PING_OUT), SETTINGS);

    @Test
    void returnRulesFollowTheAntiSpamDocument() {
        List<Rule> returns = StatelessExpansion.returnRules(POLICY);

        assertThat(returns).extracting(Rule::id).containsExactly(
                "dns-out.return-tcp", "dns-out.return-udp", "dns-out.return-icmp-errors",
                "smtp-in.return-tcp", "smtp-in.return-icmp-errors",
                "ping-out.return-echo");
        Rule udpBack = returns.get(1);
        // "UDP All:53 to SpammerTrap: 1023-65535"
        assertThat(udpBack.summary()).isEqualTo(
                "allow in udp remote-port 53 local 192.0.2.25 local-port 1023-65535 state established");
        assertThat(returns.get(0).summary()).isEqualTo(
                "allow in tcp remote-port 53 local 192.0.2.25 state established");
        assertThat(returns.get(2).summary()).isEqualTo(
                "allow in icmp type 3,4,11,12 local 192.0.2.25 state related");
        assertThat(returns.get(3).summary()).isEqualTo(
                "allow out tcp local 192.0.2.25 local-port 25 state established");
        assertThat(returns.get(5).summary()).isEqualTo("allow in icmp type 0 local 192.0.2.25 state established");
        assertThat(udpBack.origin()).isEqualTo(DNS_OUT.origin());
        assertThat(udpBack.purpose()).contains("'dns-out'");
        assertThat(udpBack.source()).hasValueSatisfying(s -> assertThat(s.line()).isEqualTo(69));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "in tcp 198.51.100.53:53 -> 192.0.2.25:40000 flags ack      | true",
            "in tcp 198.51.100.53:53 -> 192.0.2.25:40000 flags syn      | false",
            "in udp 198.51.100.53:53 -> 192.0.2.25:40000                | true",
            "in udp 198.51.100.53:53 -> 192.0.2.25:1023                 | true",
            "in udp 198.51.100.53:53 -> 192.0.2.25:1022                 | false",
            "in udp 198.51.100.53:54 -> 192.0.2.25:40000                | false",
            "out tcp 192.0.2.25:25 -> 198.51.100.7:51000 flags ack,psh  | true",
            "in icmp 198.51.100.1 -> 192.0.2.25 type 0                  | true",
            "in icmp 203.0.113.254 -> 192.0.2.25 type 3 code 4          | true",
            "in icmp 203.0.113.254 -> 192.0.2.25 type 11                | true",
            "in icmp 198.51.100.1 -> 192.0.2.25 type 8                  | false",
            "in icmp 203.0.113.254 -> 192.0.2.26 type 3                 | false",
    })
    void staticFilterWithTheExpansionLetsRepliesThroughAndTheOriginalAloneDoesNot(String reply, boolean passes) {
        Packet packet = Packet.parse(reply);
        FirstMatchEvaluator original = new FirstMatchEvaluator(POLICY, NameResolver.NONE);
        FirstMatchEvaluator expanded = new FirstMatchEvaluator(StatelessExpansion.apply(POLICY), NameResolver.NONE);

        assertThat(original.decide(packet).permits()).isFalse();
        assertThat(expanded.decide(packet).permits()).isEqualTo(passes);
    }

    @Test
    void identicalIcmpErrorReturnsAppearOnce() {
        Rule webOut = Rule.builder("web-out").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .localHosts(APPLIANCE).remotePorts(PortSet.of(80)).build();
        Policy policy = new Policy("p", Mode.BLOCK_MOST, List.of(), List.of(SMTP_IN, DNS_OUT, webOut), SETTINGS);

        assertThat(StatelessExpansion.returnRules(policy)).extracting(Rule::id).containsExactly(
                "smtp-in.return-tcp", "smtp-in.return-icmp-errors",
                "dns-out.return-tcp", "dns-out.return-udp", "dns-out.return-icmp-errors",
                "web-out.return-tcp");
    }

    @Test
    void expandedPolicyPutsReturnsFirstAndIsStateless() {
        Policy expanded = StatelessExpansion.apply(POLICY.withRules(List.of(DNS_OUT)));

        assertThat(expanded.settings().stateful()).isFalse();
        assertThat(expanded.rules()).extracting(Rule::id).containsExactly(
                "dns-out.return-tcp", "dns-out.return-udp", "dns-out.return-icmp-errors", "dns-out");
    }

    @Test
    void onlyEnabledAllowRulesThatOpenFlowsGetReturns() {
        Rule disabled = DNS_OUT.toBuilder().enabled(false).build();
        Rule alreadyReturn = DNS_OUT.toBuilder().state(StateMatch.ESTABLISHED).build();
        Settings settings = Settings.DEFAULTS;

        assertThat(StatelessExpansion.returnRules(BLOCK_TELNET, settings)).isEmpty();
        assertThat(StatelessExpansion.returnRules(disabled, settings)).isEmpty();
        assertThat(StatelessExpansion.returnRules(alreadyReturn, settings)).isEmpty();
    }

    @Test
    void ruleForBothDirectionsAlreadyMatchesItsRepliesAndGetsOnlyIcmpErrors() {
        Rule both = Rule.builder("ntp").direction(Direction.BOTH).protocol(ProtocolMatch.UDP)
                .remotePorts(PortSet.of(123)).build();

        assertThat(StatelessExpansion.returnRules(both, Settings.DEFAULTS)).extracting(Rule::id)
                .containsExactly("ntp.return-icmp-errors", "ntp.return-icmpv6-errors");
        Packet reply = Packet.parse("in udp 198.51.100.1:123 -> 192.0.2.25:40000");
        assertThat(new FirstMatchEvaluator(Policy.of(Mode.BLOCK_MOST, List.of(both)), NameResolver.NONE)
                .decide(reply).permits()).isTrue();
    }

    @Test
    void inboundUdpServiceGetsRepliesToTheClientsEphemeralPorts() {
        Rule dnsServer = Rule.builder("dns-server").direction(Direction.IN).protocol(ProtocolMatch.UDP)
                .localPorts(PortSet.of(53)).build();

        Rule back = StatelessExpansion.returnRules(dnsServer, SETTINGS).get(0);

        assertThat(back.summary()).isEqualTo("allow out udp remote-port 1023-65535 local-port 53 state established");
    }

    @Test
    void anyProtocolRuleGetsEverythingEstablishedBack() {
        Rule anyOut = Rule.builder("appliance-out").direction(Direction.OUT).localHosts(APPLIANCE).build();
        Policy policy = new Policy("p", Mode.BLOCK_MOST, List.of(), List.of(anyOut), SETTINGS);
        FirstMatchEvaluator expanded = new FirstMatchEvaluator(StatelessExpansion.apply(policy), NameResolver.NONE);

        assertThat(StatelessExpansion.returnRules(policy)).extracting(Rule::id)
                .containsExactly("appliance-out.return", "appliance-out.return-icmp-errors");
        assertThat(expanded.decide(Packet.parse("in tcp 198.51.100.1:80 -> 192.0.2.25:40000")
                .withTcpFlags(TcpFlags.ACK)).permits()).isTrue();
        assertThat(expanded.decide(Packet.parse("in tcp 198.51.100.1:80 -> 192.0.2.25:40000")).permits()).isFalse();
    }

    @Test
    void ipv6RuleGetsIcmpv6Errors() {
        Rule v6 = Rule.builder("web6").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                .remoteHosts(HostSet.of(HostMatch.AddressBlock.parse("2001:db8::/32"))).remotePorts(PortSet.of(443))
                .build();

        assertThat(StatelessExpansion.returnRules(v6, SETTINGS)).extracting(Rule::id)
                .containsExactly("web6.return-tcp", "web6.return-icmpv6-errors");
    }
}
