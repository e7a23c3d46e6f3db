package dev.portcullis.analysis;

import dev.portcullis.engine.Decision;
import dev.portcullis.engine.FirstMatchEvaluator;
import dev.portcullis.model.Action;
import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
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
import dev.portcullis.model.Zone;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A small packet domain that is a faithful quotient of the real one for the random rules built here: every rule
 * only distinguishes values the domain holds a representative of. Rule port ranges end at 0..5 where 5 stands for
 * 5-65535; addresses are the four of 10.0.0.0/30 plus 192.0.2.1 for "everything else"; protocols tcp, udp, icmp,
 * 47 and 50 (for every other number); ICMP types 0, 3, 4 (another error), 8 and 5 (every other), ICMPv6 types 1 (an error) and 5, codes 0, 1 and 2 (every other).
 * So "no packet of the domain" means "no packet at all", and brute force over the domain is an exact oracle.
 */
final class SmallDomain {
    static final List<String> ADDRESSES = List.of("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "192.0.2.1");
    static final int TOP_PORT = 5;
    static final NameResolver RESOLVER = NameResolver.fixed(Map.of(
            "a.example", List.of("10.0.0.1"),
            "b.example", List.of("10.0.0.2", "10.0.0.3")));
    static final List<Zone> ZONES = List.of(
            new Zone("lan", List.of(HostMatch.AddressBlock.parse("10.0.0.0/31")), List.of("eth1"), "lan"),
            new Zone("internet", List.of(), List.of(), "everything else"));

    private SmallDomain() {
    }

    /** Every packet of the domain. */
    static List<Packet> packets() {
        List<Packet> packets = new ArrayList<>();
        List<Optional<String>> interfaces = List.of(Optional.empty(), Optional.of("eth1"));
        for (Direction dir : List.of(Direction.IN, Direction.OUT)) {
            for (String src : ADDRESSES) {
                for (String dst : ADDRESSES) {
                    IPAddress s = Packet.parseAddress(src);
                    IPAddress d = Packet.parseAddress(dst);
                    for (Optional<String> iface : interfaces) {
                        for (int proto : new int[] {IpProtocols.TCP, IpProtocols.UDP}) {
                            for (int sp = 0; sp <= TOP_PORT; sp++) {
                                for (int dp = 0; dp <= TOP_PORT; dp++) {
                                    int flagCount = proto == IpProtocols.TCP ? 8 : 1;
                                    for (int f = 0; f < flagCount; f++) {
                                        int flags = proto == IpProtocols.TCP ? flagsOf(f) : 0;
                                        packets.add(new Packet(dir, proto, s, sp, d, dp, -1, -1, flags, iface,
                                                AppIdentity.UNKNOWN));
                                    }
                                }
                            }
                        }
                        for (int type : new int[] {0, 3, 4, 5, 8}) {
                            for (int code = 0; code <= 2; code++) {
                                packets.add(new Packet(dir, IpProtocols.ICMP, s, 0, d, 0, type, code, 0, iface,
                                        AppIdentity.UNKNOWN));
                            }
                        }
                        for (int type : new int[] {1, 5}) {
                            packets.add(new Packet(dir, IpProtocols.ICMPV6, s, 0, d, 0, type, 0, 0, iface,
                                    AppIdentity.UNKNOWN));
                        }
                        for (int proto : new int[] {47, 50}) {
                            packets.add(new Packet(dir, proto, s, 0, d, 0, -1, -1, 0, iface, AppIdentity.UNKNOWN));
                        }
                    }
                }
            }
        }
        return packets;
    }

    private static int flagsOf(int combo) {
        return ((combo & 1) != 0 ? TcpFlags.SYN : 0) | ((combo & 2) != 0 ? TcpFlags.ACK : 0)
                | ((combo & 4) != 0 ? TcpFlags.RST : 0);
    }

    static Policy randomPolicy(Random random, int rules, Mode mode) {
        List<Rule> list = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            list.add(randomRule(random, "r" + i));
        }
        return new Policy("random", mode, ZONES, list, Settings.DEFAULTS);
    }

    static Rule randomRule(Random random, String id) {
        ProtocolMatch protocol = switch (random.nextInt(8)) {
            case 0, 1 -> ProtocolMatch.TCP;
            case 2 -> ProtocolMatch.UDP;
            case 3 -> ProtocolMatch.TCP_UDP;
            case 4 -> new ProtocolMatch.Icmp(random.nextBoolean() ? List.of()
                    : List.of(random.nextBoolean() ? IcmpType.of(3) : IcmpType.of(8, random.nextInt(2))));
            case 5 -> new ProtocolMatch.IpProtocol(47);
            default -> ProtocolMatch.ANY;
        };
        Rule.Builder builder = Rule.builder(id)
                .action(random.nextInt(3) == 0 ? Action.BLOCK : random.nextInt(6) == 0 ? Action.REJECT : Action.ALLOW)
                .direction(List.of(Direction.IN, Direction.OUT, Direction.BOTH).get(random.nextInt(3)))
                .protocol(protocol)
                .localHosts(randomHosts(random))
                .remoteHosts(randomHosts(random))
                .state(random.nextInt(4) == 0 ? StateMatch.values()[random.nextInt(4)] : StateMatch.ANY)
                .enabled(random.nextInt(12) != 0);
        if (protocol.carriesPorts()) {
            builder.localPorts(randomPorts(random)).remotePorts(randomPorts(random));
        }
        return builder.build();
    }

    private static HostSet randomHosts(Random random) {
        if (random.nextInt(3) == 0) {
            return HostSet.ANY;
        }
        List<HostMatch> entries = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            entries.add(switch (random.nextInt(6)) {
                case 0 -> HostMatch.AddressBlock.parse("10.0.0." + random.nextInt(4));
                case 1 -> HostMatch.AddressBlock.parse(random.nextBoolean() ? "10.0.0.0/31" : "10.0.0.2/31");
                case 2 -> HostMatch.AddressBlock.parse("10.0.0.0/30");
                case 3 -> new HostMatch.HostName(random.nextBoolean() ? "a.example" : "b.example");
                default -> new HostMatch.ZoneRef(random.nextBoolean() ? "lan" : "internet");
            });
        }
        return new HostSet(entries);
    }

    private static PortSet randomPorts(Random random) {
        if (random.nextInt(3) == 0) {
            return PortSet.ANY;
        }
        List<PortRange> ranges = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            int a = random.nextInt(TOP_PORT + 1);
            int b = a + random.nextInt(TOP_PORT + 1 - a);
            ranges.add(PortRange.of(a, b == TOP_PORT ? PortRange.MAX_PORT : b));
        }
        return new PortSet(ranges);
    }

    /**
     * First-match oracle: the engine's reference evaluator (a linear scan over RuleMatcher). The index of the
     * deciding rule, or -1 when the mode's default (or a mode override) decides.
     */
    static int firstMatch(Policy policy, Packet packet) {
        Decision decision = evaluator(policy).decide(packet);
        return decision.rule().map(rule -> policy.rules().indexOf(rule)).orElse(-1);
    }

    private static final Map<Policy, FirstMatchEvaluator> EVALUATORS =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private static FirstMatchEvaluator evaluator(Policy policy) {
        if (EVALUATORS.size() > 64) {
            EVALUATORS.clear();
        }
        return EVALUATORS.computeIfAbsent(policy, p -> new FirstMatchEvaluator(p, RESOLVER));
    }

    static Action verdict(Policy policy, Packet packet) {
        return evaluator(policy).decide(packet).verdict();
    }
}
