package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {
    private static final Zone LAN = new Zone("lan", List.of(HostMatch.AddressBlock.parse("192.168.1.0/24")),
            List.of("eth1"), "office LAN");
    private static final Zone INTERNET = new Zone("internet", List.of(), List.of(), "everything else");
    private final RuleMatcher matcher = new RuleMatcher(List.of(LAN, INTERNET),
            NameResolver.fixed(Map.of("smtp.example.net", List.of("198.51.100.25"))));

    private static Rule.Builder outTcp(int... remotePorts) {
        return Rule.builder("r").direction(Direction.OUT).protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(remotePorts));
    }

    @Test
    void matchesDirectionProtocolAndPorts() {
        Rule login = outTcp(23, 5050).build();
        assertThat(matcher.matches(login, Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050"))).isTrue();
        assertThat(matcher.matches(login, Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5051"))).isFalse();
        assertThat(matcher.matches(login, Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.5:5050"))).isFalse();
        assertThat(matcher.matches(login, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:5050"))).isFalse();
    }

    @Test
    void localPortsAreTheHostsOwn() {
        Rule auth = Rule.builder("auth").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .localPorts(PortSet.of(113)).build();
        assertThat(matcher.matches(auth, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:113"))).isTrue();
        assertThat(matcher.matches(auth, Packet.parse("in tcp 203.0.113.5:113 -> 10.0.0.2:40000"))).isFalse();
    }

    @Test
    void hostNamesMatchOnlyTheirResolvedAddresses() {
        Rule mail = outTcp(25).remoteHosts(HostSet.of(new HostMatch.HostName("smtp.example.net"))).build();
        Rule unresolvable = outTcp(25).remoteHosts(HostSet.of(new HostMatch.HostName("nowhere.invalid"))).build();
        assertThat(matcher.matches(mail, Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.25:25"))).isTrue();
        assertThat(matcher.matches(mail, Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.26:25"))).isFalse();
        assertThat(matcher.matches(unresolvable, Packet.parse("out tcp 10.0.0.2:40000 -> 198.51.100.25:25"))).isFalse();
    }

    @Test
    void zonesMatchByAddressOrInterfaceAndCatchAllTakesTheRest() {
        Rule fromLan = Rule.builder("lan").direction(Direction.IN)
                .remoteHosts(HostSet.of(new HostMatch.ZoneRef("lan"))).build();
        Rule fromInternet = Rule.builder("inet").direction(Direction.IN)
                .remoteHosts(HostSet.of(new HostMatch.ZoneRef("internet"))).build();
        Packet lanPacket = Packet.parse("in tcp 192.168.1.7:40000 -> 10.0.0.2:25");
        Packet onLanInterface = Packet.parse("in tcp 172.16.0.9:40000 -> 10.0.0.2:25 if eth1");
        Packet internetPacket = Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25");
        assertThat(matcher.matches(fromLan, lanPacket)).isTrue();
        assertThat(matcher.matches(fromLan, onLanInterface)).isTrue();
        assertThat(matcher.matches(fromLan, internetPacket)).isFalse();
        assertThat(matcher.matches(fromInternet, internetPacket)).isTrue();
        assertThat(matcher.matches(fromInternet, lanPacket)).isFalse();
    }

    @Test
    void icmpTypesAndStatesAreChecked() {
        Rule diagnostics = Rule.builder("icmp").direction(Direction.IN)
                .protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(3), IcmpType.of(11)))).build();
        assertThat(matcher.matches(diagnostics, Packet.parse("in icmp 203.0.113.5 -> 10.0.0.2 type 3 code 1"))).isTrue();
        assertThat(matcher.matches(diagnostics, Packet.parse("in icmp 203.0.113.5 -> 10.0.0.2 type 8"))).isFalse();

        Rule established = Rule.builder("est").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .state(StateMatch.ESTABLISHED).build();
        assertThat(matcher.matches(established, Packet.parse("in tcp 203.0.113.5:25 -> 10.0.0.2:40000 flags ack"))).isTrue();
        assertThat(matcher.matches(established, Packet.parse("in tcp 203.0.113.5:25 -> 10.0.0.2:40000 flags syn"))).isFalse();
    }

    @Test
    void disabledRulesAndUnknownApplicationsNeverMatch() {
        Rule disabled = outTcp(25).enabled(false).build();
        Rule forSsh = outTcp(22).application(new AppSelector.Executable("/usr/bin/ssh")).build();
        Packet packet = Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:22");
        assertThat(matcher.matches(disabled, Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:25"))).isFalse();
        assertThat(matcher.matches(forSsh, packet)).isFalse();
        AppIdentity ssh = new AppIdentity(java.util.Optional.of("/usr/bin/ssh"), java.util.Optional.empty(),
                java.util.Optional.empty());
        assertThat(matcher.matches(forSsh, packet.withApplication(ssh))).isTrue();
    }

    @Test
    void portsGivenForAPortlessProtocolAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rule.builder("bad")
                        .protocol(new ProtocolMatch.Icmp(List.of())).remotePorts(PortSet.of(80)).build())
                .hasMessageContaining("ports need tcp, udp or tcp+udp");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProtocolMatch.parse("tcp", List.of(IcmpType.of(3))))
                .hasMessageContaining("only icmp and icmpv6 rules have types");
    }

    @Test
    void interfaceWildcardsArePrefixesAsInNftables() {
        Zone wired = new Zone("wired", List.of(), List.of("eth*", "br-lan"), "");
        RuleMatcher zoned = new RuleMatcher(List.of(wired), NameResolver.NONE);
        Rule fromWired = Rule.builder("wired").direction(Direction.IN)
                .remoteHosts(HostSet.of(new HostMatch.ZoneRef("wired"))).build();
        assertThat(zoned.matches(fromWired, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25 if eth0"))).isTrue();
        assertThat(zoned.matches(fromWired, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25 if eth1.100")))
                .isTrue();
        assertThat(zoned.matches(fromWired, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25 if br-lan"))).isTrue();
        assertThat(zoned.matches(fromWired, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25 if br-lan0")))
                .isFalse();
        assertThat(zoned.matches(fromWired, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:25 if wlan0"))).isFalse();
        assertThat(Zone.interfaceMatches("*", "anything")).isTrue();
        assertThat(Zone.interfaceMatches("eth", "eth0")).isFalse();
    }

    @Test
    void forwardRulesReadTheProtectedSideFromTheirDirection() {
        Zone dmz = new Zone("dmz", List.of(HostMatch.AddressBlock.parse("192.0.2.0/24")), List.of("eth2"), "");
        Zone wan = new Zone("internet", List.of(), List.of(), "");
        RuleMatcher gateway = new RuleMatcher(List.of(dmz, wan), NameResolver.NONE);
        Rule smtpIn = Rule.builder("smtp-in").scope(Rule.Scope.FORWARD).direction(Direction.IN)
                .protocol(ProtocolMatch.TCP).localHosts(HostSet.of(new HostMatch.ZoneRef("dmz")))
                .remoteHosts(HostSet.of(new HostMatch.ZoneRef("internet"))).localPorts(PortSet.of(25)).build();
        Packet toAppliance = Packet.parse("fwd tcp 203.0.113.5:40000 -> 192.0.2.25:25 iif wan oif eth2");
        assertThat(gateway.matches(smtpIn, toAppliance)).isTrue();
        // The appliance opening a connection to port 25 outside is the other direction.
        assertThat(gateway.matches(smtpIn, Packet.parse("fwd tcp 192.0.2.25:40000 -> 203.0.113.5:25 iif eth2 oif wan")))
                .isFalse();
        // A forward rule never decides the host's own traffic, nor a host rule forwarded traffic.
        assertThat(gateway.matches(smtpIn, Packet.parse("in tcp 203.0.113.5:40000 -> 192.0.2.25:25"))).isFalse();
        Rule hostSmtp = smtpIn.toBuilder().scope(Rule.Scope.HOST).build();
        assertThat(gateway.matches(hostSmtp, toAppliance)).isFalse();
        // Both directions: either side may be the protected one.
        Rule both = smtpIn.toBuilder().direction(Direction.BOTH).build();
        assertThat(gateway.matches(both, Packet.parse("fwd tcp 192.0.2.25:40000 -> 203.0.113.5:25 iif eth2 oif wan")))
                .isFalse(); // local port 25 is the appliance's, and here the appliance's port is 40000
        assertThat(gateway.matches(both.toBuilder().localPorts(PortSet.ANY).remotePorts(PortSet.of(25)).build(),
                Packet.parse("fwd tcp 192.0.2.25:40000 -> 203.0.113.5:25 iif eth2 oif wan"))).isTrue();
    }

    @Test
    void zonesOfAForwardedPacketFollowEachSidesInterface() {
        Zone lan = new Zone("lan", List.of(), List.of("eth1"), "");
        RuleMatcher gateway = new RuleMatcher(List.of(lan), NameResolver.NONE);
        Rule fromLan = Rule.builder("out").scope(Rule.Scope.FORWARD).direction(Direction.OUT)
                .localHosts(HostSet.of(new HostMatch.ZoneRef("lan"))).build();
        assertThat(gateway.matches(fromLan, Packet.parse("fwd tcp 10.0.0.9:4000 -> 203.0.113.5:80 iif eth1 oif eth0")))
                .isTrue();
        // The source came in on eth0: it is not on the lan side, whatever the destination's interface.
        assertThat(gateway.matches(fromLan, Packet.parse("fwd tcp 10.0.0.9:4000 -> 203.0.113.5:80 iif eth0 oif eth1")))
                .isFalse();
    }

    @Test
    void clausesMustAllHold() {
        Rule notLo = Rule.builder("r").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .clauses(List.of(new MatchClause.InInterface(List.of("lo"), true),
                        new MatchClause.TcpFlagsMatch(TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK | TcpFlags.FIN,
                                TcpFlags.SYN, false))).build();
        assertThat(matcher.matches(notLo, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:22 if eth0"))).isTrue();
        assertThat(matcher.matches(notLo, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:22 if lo"))).isFalse();
        assertThat(matcher.matches(notLo, Packet.parse("in tcp 203.0.113.5:40000 -> 10.0.0.2:22 flags syn,ack if eth0")))
                .isFalse();
        Rule notTcp = Rule.builder("u").direction(Direction.BOTH)
                .clauses(List.of(new MatchClause.ProtocolNot(List.of(IpProtocols.TCP)))).build();
        assertThat(matcher.matches(notTcp, Packet.parse("in udp 203.0.113.5:53 -> 10.0.0.2:4000"))).isTrue();
        assertThat(matcher.matches(notTcp, Packet.parse("in tcp 203.0.113.5:53 -> 10.0.0.2:4000"))).isFalse();
    }
}
