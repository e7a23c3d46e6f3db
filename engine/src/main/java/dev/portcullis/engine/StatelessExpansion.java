package dev.portcullis.engine;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives the explicit rules a static (stateless) packet filter needs to run a stateful policy, as the
 * anti-spam appliance document (reference 004, "What if I use a static or port filtering firewall?") describes.
 * For every enabled allow rule that opens flows (state any or new):
 * <ul>
 *   <li>TCP: {@code <id>.return-tcp} lets established TCP (ACK or RST set) back, against the rule's direction,
 *   with the same hosts and ports ("Allow established TCP connections back in").</li>
 *   <li>UDP has no established bit, so {@code <id>.return-udp} lets any UDP back from the rule's service port;
 *   the client side's port is narrowed to the policy's ephemeral range when the rule leaves it open ("UDP
 *   All:53 to SpammerTrap: 1023-65535").</li>
 *   <li>Any other protocol, and rules for any protocol: {@code <id>.return}, the same protocol back with state
 *   established (which for TCP means ACK or RST, and for the others is every packet).</li>
 *   <li>ICMP echo, timestamp, information and address-mask requests: {@code <id>.return-echo}, the matching
 *   replies (0, 14, 16, 18; ICMPv6 129). A rule for every ICMP type gets every type back.</li>
 *   <li>ICMP errors: {@code <id>.return-icmp-errors} (v4 types 3, 4, 11, 12) and/or
 *   {@code <id>.return-icmpv6-errors} (v6 types 1-4) with state related, for the address families the rule
 *   can match. They come from any host, because routers on the path send them, to the rule's local hosts.</li>
 * </ul>
 * Identical ICMP error returns are emitted once per policy, by the first rule that needs them.
 * The document's list "ICMP RETURNS for 3,4,8,11,12" names type 8, the echo request. An echo request is never a
 * return, so letting type 8 in for every rule would open the host to pings; we read the 8 as "the returns of
 * pings", which are echo replies, generated only for rules that allow echo requests.
 *
 * <p>Rules for both directions already match their own replies (hosts and ports are relative to the protected
 * host), so they get only the ICMP error returns. Return rules go before the original rules, the way a stateful
 * firewall accepts tracked replies before it looks at any rule.
 */
public final class StatelessExpansion {
    private static final String DOCUMENT = "004_76538751056343b5.txt";
    private static final SourceRef TCP_SOURCE = new SourceRef(DOCUMENT, 59);
    private static final SourceRef UDP_SOURCE = new SourceRef(DOCUMENT, 69);
    private static final SourceRef ICMP_SOURCE = new SourceRef(DOCUMENT, 71);

    /** ICMP requests and their replies: echo, timestamp, information, address mask. */
    private static final Map<Integer, Integer> ICMP_REPLIES = Map.of(8, 0, 13, 14, 15, 16, 17, 18);
    private static final Map<Integer, Integer> ICMPV6_REPLIES = Map.of(128, 129);

    private StatelessExpansion() {
    }

    /**
     * The return rules of every allow rule of the policy, in policy order. ICMP error returns that match exactly
     * what an earlier one matches (most rules' do: errors from anywhere to the same local hosts) appear once,
     * under the first rule that needs them, so the static filter does not carry dozens of identical rules.
     */
    public static List<Rule> returnRules(Policy policy) {
        List<Rule> returns = new ArrayList<>();
        Set<Rule> errorMatches = new HashSet<>();
        for (Rule rule : policy.rules()) {
            for (Rule back : returnRules(rule, policy.settings())) {
                if (back.state() != StateMatch.RELATED || errorMatches.add(matchOnly(back))) {
                    returns.add(back);
                }
            }
        }
        return List.copyOf(returns);
    }

    /** The rule's match with everything that does not affect matching made equal. */
    private static Rule matchOnly(Rule rule) {
        return Rule.builder("match").action(rule.action()).direction(rule.direction()).protocol(rule.protocol())
                .localHosts(rule.localHosts()).localPorts(rule.localPorts()).remoteHosts(rule.remoteHosts())
                .remotePorts(rule.remotePorts()).state(rule.state()).application(rule.application().orElse(null))
                .build();
    }

    /** The policy as a static filter runs it: the return rules, then the original rules, and not stateful. */
    public static Policy apply(Policy policy) {
        List<Rule> rules = new ArrayList<>(returnRules(policy));
        rules.addAll(policy.rules());
        Settings settings = policy.settings();
        Settings stateless = new Settings(false, settings.ephemeralPorts(), settings.udpTimeout(),
                settings.tcpEstablishedTimeout(), settings.tcpTransitoryTimeout(), settings.icmpTimeout(),
                settings.management());
        return new Policy(policy.name(), policy.mode(), policy.zones(), rules, stateless);
    }

    /** The return rules of one rule; none for rules that do not allow, are disabled, or are return rules. */
    public static List<Rule> returnRules(Rule rule, Settings settings) {
        if (!rule.enabled() || rule.action() != Action.ALLOW
                || !(rule.state() == StateMatch.ANY || rule.state() == StateMatch.NEW)) {
            return List.of();
        }
        List<Rule> returns = new ArrayList<>();
        if (rule.direction() != Direction.BOTH) {
            switch (rule.protocol()) {
                case ProtocolMatch.Tcp tcp -> returns.add(tcpReturn(rule, ProtocolMatch.TCP));
                case ProtocolMatch.Udp udp -> returns.add(udpReturn(rule, settings));
                case ProtocolMatch.TcpUdp both -> {
                    returns.add(tcpReturn(rule, ProtocolMatch.TCP));
                    returns.add(udpReturn(rule, settings));
                }
                case ProtocolMatch.IpProtocol number when number.number() == IpProtocols.TCP ->
                        returns.add(tcpReturn(rule, number));
                case ProtocolMatch.IpProtocol number when number.number() == IpProtocols.UDP ->
                        returns.add(udpReturn(rule, settings));
                case ProtocolMatch.IpProtocol number -> returns.add(sameProtocolReturn(rule));
                case ProtocolMatch.AnyProtocol any -> returns.add(sameProtocolReturn(rule));
                case ProtocolMatch.Icmp icmp -> echoReturn(rule, icmp.types(), ICMP_REPLIES)
                        .map(types -> new ProtocolMatch.Icmp(types)).ifPresent(p -> returns.add(echoRule(rule, p)));
                case ProtocolMatch.Icmpv6 icmpv6 -> echoReturn(rule, icmpv6.types(), ICMPV6_REPLIES)
                        .map(types -> new ProtocolMatch.Icmpv6(types)).ifPresent(p -> returns.add(echoRule(rule, p)));
            }
        }
        if (!isIcmpErrorRule(rule.protocol())) {
            if (mayMatchFamily(rule, true)) {
                returns.add(icmpErrorReturn(rule, ".return-icmp-errors", new ProtocolMatch.Icmp(
                        List.of(IcmpType.of(3), IcmpType.of(4), IcmpType.of(11), IcmpType.of(12)))));
            }
            if (mayMatchFamily(rule, false)) {
                returns.add(icmpErrorReturn(rule, ".return-icmpv6-errors", new ProtocolMatch.Icmpv6(
                        List.of(IcmpType.of(1), IcmpType.of(2), IcmpType.of(3), IcmpType.of(4)))));
            }
        }
        return List.copyOf(returns);
    }

    private static Rule.Builder returnOf(Rule rule, String idSuffix, String what, SourceRef source) {
        return rule.toBuilder()
                .id(rule.id() + idSuffix)
                .name(rule.name() + " (" + what + ")")
                .direction(rule.direction().reversed())
                .log(false)
                .sessionTimeout(null)
                .conntrackHelper(null)
                .source(source)
                .purpose("Static-filter return for rule '" + rule.id() + "': " + what
                        + ". A static filter tracks no connections, so replies need their own rule.")
                .advice("Only needed without connection tracking; a stateful policy lets these replies back by itself.");
    }

    private static Rule tcpReturn(Rule rule, ProtocolMatch tcp) {
        return returnOf(rule, ".return-tcp", "established TCP back", TCP_SOURCE)
                .protocol(tcp).state(StateMatch.ESTABLISHED).build();
    }

    private static Rule udpReturn(Rule rule, Settings settings) {
        PortSet ephemeral = PortSet.of(settings.ephemeralPorts());
        Rule.Builder back = returnOf(rule, ".return-udp", "UDP replies back to the client's ephemeral ports",
                UDP_SOURCE).protocol(ProtocolMatch.UDP).state(StateMatch.ESTABLISHED);
        // The client is the local side of an outbound rule and the remote side of an inbound one.
        if (rule.direction() == Direction.OUT && rule.localPorts().isAny()) {
            back.localPorts(ephemeral);
        }
        if (rule.direction() == Direction.IN && rule.remotePorts().isAny()) {
            back.remotePorts(ephemeral);
        }
        return back.build();
    }

    private static Rule sameProtocolReturn(Rule rule) {
        return returnOf(rule, ".return", rule.protocol().keyword() + " replies back", TCP_SOURCE)
                .state(StateMatch.ESTABLISHED).build();
    }

    private static Optional<List<IcmpType>> echoReturn(Rule rule, List<IcmpType> types, Map<Integer, Integer> replies) {
        if (types.isEmpty()) {
            return Optional.of(List.of());
        }
        List<IcmpType> replyTypes = types.stream().filter(t -> replies.containsKey(t.type()))
                .map(t -> IcmpType.of(replies.get(t.type()))).distinct().toList();
        return replyTypes.isEmpty() ? Optional.empty() : Optional.of(replyTypes);
    }

    private static Rule echoRule(Rule rule, ProtocolMatch replies) {
        return returnOf(rule, ".return-echo", "ICMP replies back", ICMP_SOURCE)
                .protocol(replies).state(StateMatch.ESTABLISHED).build();
    }

    private static Rule icmpErrorReturn(Rule rule, String idSuffix, ProtocolMatch errors) {
        return returnOf(rule, idSuffix, "ICMP errors about its traffic back", ICMP_SOURCE)
                .protocol(errors)
                .localPorts(PortSet.ANY).remotePorts(PortSet.ANY)
                .remoteHosts(HostSet.ANY)
                .state(StateMatch.RELATED)
                .build();
    }

    /** A rule that only matches ICMP errors needs no errors back. */
    private static boolean isIcmpErrorRule(ProtocolMatch protocol) {
        return switch (protocol) {
            case ProtocolMatch.Icmp icmp -> !icmp.types().isEmpty()
                    && icmp.types().stream().allMatch(t -> IcmpType.isIcmpV4Error(t.type()));
            case ProtocolMatch.Icmpv6 icmpv6 -> !icmpv6.types().isEmpty()
                    && icmpv6.types().stream().allMatch(t -> IcmpType.isIcmpV6Error(t.type()));
            default -> false;
        };
    }

    /**
     * Whether the rule can match packets of the family (IPv4 when {@code ipv4}): its protocol allows it and its
     * host clauses are not all address blocks of the other family. Names and zones may hold either.
     */
    private static boolean mayMatchFamily(Rule rule, boolean ipv4) {
        boolean protocolAllows = switch (rule.protocol()) {
            case ProtocolMatch.Icmp icmp -> ipv4;
            case ProtocolMatch.Icmpv6 icmpv6 -> !ipv4;
            default -> true;
        };
        return protocolAllows && hostsMayHold(rule.localHosts(), ipv4) && hostsMayHold(rule.remoteHosts(), ipv4);
    }

    private static boolean hostsMayHold(HostSet hosts, boolean ipv4) {
        return hosts.isAny() || hosts.entries().stream().anyMatch(host -> switch (host) {
            case HostMatch.AddressBlock block -> block.isIpv4() == ipv4;
            case HostMatch.HostName name -> true;
            case HostMatch.ZoneRef zone -> true;
        });
    }
}
