package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Parameter;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.catalog.PresetOption;
import dev.portcullis.model.Action;
import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.TcpFlags;
import dev.portcullis.model.Zone;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * For every preset of the built-in catalog, expanded with its defaults and again with every option on: each
 * allow rule lets through a packet it is meant to allow, and its near misses (a port just outside its set,
 * another protocol, the other direction, another host) are not let through by it. A near miss may still be
 * allowed by another rule of the same preset; whether it is, is computed with the evaluator on the policy
 * without the rule, never written down by hand.
 *
 * <p>Required parameters get test addresses; host names resolve through a fixed table; every zone the rules
 * name gets its own test prefix.
 */
class CatalogPresetTrafficTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    private enum Family { V4, V6 }

    @Test
    void catalogHasPresetsWithAllowRules() {
        assertThat(CATALOG.presets()).isNotEmpty();
        assertThat(CATALOG.presets().stream().map(CatalogPresetTrafficTest::defaults).flatMap(List::stream)
                .filter(CatalogPresetTrafficTest::isTestedAllowRule)).hasSizeGreaterThan(10);
    }

    /** The near-miss check is not vacuous: a rule widened to any remote port is caught deciding a near miss. */
    @Test
    void nearMissesCatchARuleThatIsWiderThanItShouldBe() {
        int rulesWithPortMisses = 0;
        for (Preset preset : CATALOG.presets()) {
            List<Rule> rules = defaults(preset);
            TestNetwork network = TestNetwork.of(rules);
            for (Rule rule : rules) {
                if (!isTestedAllowRule(rule) || rule.remotePorts().isAny()) {
                    continue;
                }
                Rule widened = rule.toBuilder().remotePorts(PortSet.ANY).build();
                Policy policy = new Policy(preset.id(), Mode.BLOCK_MOST, network.zones(), List.of(widened),
                        Settings.DEFAULTS);
                FirstMatchEvaluator evaluator = new FirstMatchEvaluator(policy, network.resolver());
                List<NearMiss> portMisses = network.intendedPackets(rule).stream()
                        .flatMap(packet -> network.nearMisses(rule, packet).stream())
                        .filter(miss -> miss.what().startsWith("remote port")).toList();
                if (!portMisses.isEmpty()) {
                    rulesWithPortMisses++;
                    assertThat(portMisses).anySatisfy(miss ->
                            assertThat(evaluator.decide(miss.packet())).isEqualTo(Decision.matched(widened)));
                }
            }
        }
        assertThat(rulesWithPortMisses).isGreaterThan(10);
    }

    @TestFactory
    Stream<DynamicNode> everyPresetAllowsItsTrafficAndNotItsNearMisses() {
        return CATALOG.presets().stream().flatMap(preset -> Stream.of(
                DynamicContainer.dynamicContainer(preset.id() + " (defaults)", testsFor(preset, defaults(preset))),
                DynamicContainer.dynamicContainer(preset.id() + " (every option on)",
                        testsFor(preset, expand(preset, true)))));
    }

    private static List<Rule> defaults(Preset preset) {
        return expand(preset, false);
    }

    private static List<Rule> expand(Preset preset, boolean everyOption) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int next = 10;
        for (Parameter parameter : preset.parameters()) {
            if (parameter.required()) {
                parameters.put(parameter.name(), switch (parameter.kind()) {
                    case HOSTS -> "192.0.2." + next++;
                    case PORTS -> Integer.toString(7000 + next++);
                    case DURATION -> "300s";
                    case TEXT -> "test";
                });
            }
        }
        Map<String, Boolean> options = new LinkedHashMap<>();
        if (everyOption) {
            for (PresetOption option : preset.options()) {
                options.put(option.name(), true);
            }
        }
        return CATALOG.expand(new PresetInstance(preset.id(), preset.id(), parameters, options,
                Location.of("test"), Map.of()));
    }

    private static boolean isTestedAllowRule(Rule rule) {
        return rule.enabled() && rule.action() == Action.ALLOW;
    }

    private static Stream<DynamicNode> testsFor(Preset preset, List<Rule> rules) {
        TestNetwork network = TestNetwork.of(rules);
        Policy policy = new Policy(preset.id(), Mode.BLOCK_MOST, network.zones(), rules, Settings.DEFAULTS);
        FirstMatchEvaluator evaluator = new FirstMatchEvaluator(policy, network.resolver());
        List<DynamicNode> nodes = new ArrayList<>();
        for (Rule rule : rules) {
            if (!isTestedAllowRule(rule)) {
                continue;
            }
            List<Rule> others = rules.stream().filter(r -> r != rule).toList();
            FirstMatchEvaluator withoutRule = new FirstMatchEvaluator(policy.withRules(others), network.resolver());
            List<DynamicTest> tests = new ArrayList<>();
            List<Packet> intendedPackets = network.intendedPackets(rule);
            tests.add(DynamicTest.dynamicTest("has traffic to test", () -> assertThat(intendedPackets).isNotEmpty()));
            for (Packet intended : intendedPackets) {
                tests.add(DynamicTest.dynamicTest("allows " + intended, () -> {
                    Decision decision = evaluator.decide(intended);
                    assertThat(decision.permits())
                            .as("%s should pass:%n%s", intended, evaluator.explain(intended).render())
                            .isTrue();
                }));
                for (NearMiss miss : network.nearMisses(rule, intended)) {
                    tests.add(DynamicTest.dynamicTest("not by it: " + miss.what() + ": " + miss.packet(), () -> {
                        Decision decision = evaluator.decide(miss.packet());
                        assertThat(decision)
                                .as("%s (%s) should not be decided by %s:%n%s", miss.packet(), miss.what(), rule.id(),
                                        evaluator.explain(miss.packet()).render())
                                .isEqualTo(withoutRule.decide(miss.packet()));
                    }));
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(rule.id() + ": " + rule.summary(), tests.stream()));
        }
        return nodes.stream();
    }

    private record NearMiss(String what, Packet packet) {
    }

    /** Test addresses for the zones and host names that the rules mention, and packets built from them. */
    private record TestNetwork(List<Zone> zones, Map<String, List<String>> names, NameResolver resolver,
                               RuleMatcher matcher) {
        static final Map<Family, String> ANY_LOCAL = Map.of(Family.V4, "10.0.0.2", Family.V6, "fd00::2");
        static final Map<Family, String> ANY_REMOTE = Map.of(Family.V4, "198.51.100.77", Family.V6, "2001:db8:77::77");
        static final Map<Family, List<String>> OTHER_HOSTS = Map.of(
                Family.V4, List.of("198.51.100.250", "192.0.2.250", "203.0.113.250", "10.250.0.1"),
                Family.V6, List.of("2001:db8:ffff::250", "fd00:ffff::1", "2001:db8:fffe::1"));

        static TestNetwork of(List<Rule> rules) {
            Set<String> zoneNames = new LinkedHashSet<>();
            Set<String> hostNames = new LinkedHashSet<>();
            for (Rule rule : rules) {
                for (HostSet hosts : List.of(rule.localHosts(), rule.remoteHosts())) {
                    for (HostMatch host : hosts.entries()) {
                        switch (host) {
                            case HostMatch.ZoneRef zone -> zoneNames.add(zone.zone());
                            case HostMatch.HostName name -> hostNames.add(name.name());
                            case HostMatch.AddressBlock block -> {
                            }
                        }
                    }
                }
            }
            List<Zone> zones = new ArrayList<>();
            int z = 100;
            for (String name : zoneNames) {
                zones.add(new Zone(name, List.of(HostMatch.AddressBlock.parse("10." + z + ".0.0/16"),
                        HostMatch.AddressBlock.parse("fd00:" + z + "::/64")), List.of(), "test zone"));
                z++;
            }
            Map<String, List<String>> names = new LinkedHashMap<>();
            int h = 1;
            for (String name : hostNames) {
                names.put(name, List.of("203.0.113." + h, "2001:db8:1::" + h));
                h++;
            }
            NameResolver resolver = NameResolver.fixed(names);
            return new TestNetwork(zones, names, resolver, new RuleMatcher(zones, resolver));
        }

        List<Packet> intendedPackets(Rule rule) {
            List<Packet> packets = new ArrayList<>();
            Family family = familyOf(rule);
            List<Direction> directions = rule.direction() == Direction.BOTH
                    ? List.of(Direction.OUT, Direction.IN) : List.of(rule.direction());
            Optional<String> local = address(rule.localHosts(), family, ANY_LOCAL.get(family));
            Optional<String> remote = address(rule.remoteHosts(), family, ANY_REMOTE.get(family));
            if (local.isEmpty() || remote.isEmpty()) {
                return packets; // no host of this family on one side: nothing to send
            }
            int localPort = firstPort(rule.localPorts(), 40000);
            int remotePort = firstPort(rule.remotePorts(), 40001);
            for (Direction direction : directions) {
                for (int protocol : protocolsOf(rule, family)) {
                    packets.add(packet(rule, direction, protocol, local.get(), localPort, remote.get(), remotePort,
                            icmpTypeOf(rule.protocol(), family)));
                }
            }
            return packets;
        }

        List<NearMiss> nearMisses(Rule rule, Packet intended) {
            List<NearMiss> misses = new ArrayList<>();
            String local = intended.localAddress().toCanonicalString();
            String remote = intended.remoteAddress().toCanonicalString();
            Direction direction = intended.direction();
            int protocol = intended.protocol();
            if (intended.hasPorts()) {
                for (int port : outsidePorts(rule.localPorts())) {
                    misses.add(new NearMiss("local port " + port, packet(rule, direction, protocol, local, port, remote,
                            intended.remotePort(), -1)));
                }
                for (int port : outsidePorts(rule.remotePorts())) {
                    misses.add(new NearMiss("remote port " + port, packet(rule, direction, protocol, local,
                            intended.localPort(), remote, port, -1)));
                }
            }
            Family family = intended.source().isIPv4() ? Family.V4 : Family.V6;
            otherProtocol(rule.protocol(), family).ifPresent(other -> misses.add(new NearMiss(
                    "protocol " + IpProtocols.name(other), packet(rule, direction, other, local, intended.localPort(),
                    remote, intended.remotePort(), -1))));
            otherIcmpType(rule.protocol(), family).ifPresent(type -> misses.add(new NearMiss("ICMP type " + type,
                    packet(rule, direction, protocol, local, 0, remote, 0, type))));
            if (rule.direction() != Direction.BOTH) {
                misses.add(new NearMiss("direction " + direction.reversed().keyword(), packet(rule,
                        direction.reversed(), protocol, local, intended.localPort(), remote, intended.remotePort(),
                        intended.icmpType())));
            }
            if (!rule.remoteHosts().isAny()) {
                otherHost(rule.remoteHosts(), family, false).ifPresent(other -> misses.add(new NearMiss(
                        "remote host " + other, packet(rule, direction, protocol, local, intended.localPort(), other,
                        intended.remotePort(), intended.icmpType()))));
            }
            if (!rule.localHosts().isAny()) {
                otherHost(rule.localHosts(), family, true).ifPresent(other -> misses.add(new NearMiss(
                        "local host " + other, packet(rule, direction, protocol, other, intended.localPort(), remote,
                        intended.remotePort(), intended.icmpType()))));
            }
            return misses;
        }

        private static Packet packet(Rule rule, Direction direction, int protocol, String local, int localPort,
                                     String remote, int remotePort, int icmpType) {
            boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
            boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
            IPAddress localAddress = Packet.parseAddress(local);
            IPAddress remoteAddress = Packet.parseAddress(remote);
            boolean out = direction == Direction.OUT;
            int flags = protocol != IpProtocols.TCP ? 0
                    : rule.state() == StateMatch.ESTABLISHED ? TcpFlags.ACK : TcpFlags.SYN;
            int type = icmp ? (icmpType >= 0 ? icmpType : protocol == IpProtocols.ICMP ? 8 : 128) : -1;
            int code = icmp ? icmpCodeOf(rule.protocol(), type) : -1;
            return new Packet(direction, protocol,
                    out ? localAddress : remoteAddress, ports ? (out ? localPort : remotePort) : 0,
                    out ? remoteAddress : localAddress, ports ? (out ? remotePort : localPort) : 0,
                    type, code, flags, Optional.empty(), identityFor(rule.application()));
        }

        private static AppIdentity identityFor(Optional<AppSelector> selector) {
            return selector.map(s -> switch (s) {
                case AppSelector.Executable exe -> new AppIdentity(Optional.of(exe.path()), Optional.empty(),
                        Optional.empty());
                case AppSelector.User user -> new AppIdentity(Optional.empty(), Optional.of(user.user()),
                        Optional.empty());
                case AppSelector.Cgroup cgroup -> new AppIdentity(Optional.empty(), Optional.empty(),
                        Optional.of(cgroup.path()));
            }).orElse(AppIdentity.UNKNOWN);
        }

        private static Family familyOf(Rule rule) {
            if (rule.protocol() instanceof ProtocolMatch.Icmpv6) {
                return Family.V6;
            }
            List<HostMatch.AddressBlock> blocks = Stream.of(rule.localHosts(), rule.remoteHosts())
                    .flatMap(h -> h.entries().stream())
                    .filter(HostMatch.AddressBlock.class::isInstance).map(HostMatch.AddressBlock.class::cast).toList();
            boolean anyV4 = blocks.stream().anyMatch(HostMatch.AddressBlock::isIpv4);
            return !anyV4 && !blocks.isEmpty() ? Family.V6 : Family.V4;
        }

        private static List<Integer> protocolsOf(Rule rule, Family family) {
            return switch (rule.protocol()) {
                case ProtocolMatch.AnyProtocol any -> List.of(IpProtocols.TCP);
                case ProtocolMatch.TcpUdp both -> List.of(IpProtocols.TCP, IpProtocols.UDP);
                default -> rule.protocol().protocolNumbers();
            };
        }

        private static int icmpTypeOf(ProtocolMatch protocol, Family family) {
            return switch (protocol) {
                case ProtocolMatch.Icmp icmp when !icmp.types().isEmpty() -> icmp.types().get(0).type();
                case ProtocolMatch.Icmpv6 icmp when !icmp.types().isEmpty() -> icmp.types().get(0).type();
                default -> -1;
            };
        }

        private static int icmpCodeOf(ProtocolMatch protocol, int type) {
            List<IcmpType> types = switch (protocol) {
                case ProtocolMatch.Icmp icmp -> icmp.types();
                case ProtocolMatch.Icmpv6 icmp -> icmp.types();
                default -> List.of();
            };
            return types.stream().filter(t -> t.type() == type && t.code().isPresent())
                    .mapToInt(t -> t.code().getAsInt()).findFirst().orElse(0);
        }

        private static Optional<Integer> otherProtocol(ProtocolMatch protocol, Family family) {
            int icmp = family == Family.V4 ? IpProtocols.ICMP : IpProtocols.ICMPV6;
            return switch (protocol) {
                case ProtocolMatch.AnyProtocol any -> Optional.empty();
                case ProtocolMatch.Tcp tcp -> Optional.of(IpProtocols.UDP);
                case ProtocolMatch.Udp udp -> Optional.of(IpProtocols.TCP);
                case ProtocolMatch.TcpUdp both -> Optional.of(icmp);
                case ProtocolMatch.Icmp i -> Optional.of(IpProtocols.UDP);
                case ProtocolMatch.Icmpv6 i -> Optional.of(IpProtocols.UDP);
                case ProtocolMatch.IpProtocol number -> Optional.of(number.number() == IpProtocols.TCP
                        ? IpProtocols.UDP : IpProtocols.TCP);
            };
        }

        /** For a rule with ICMP types, a common type that it does not list. */
        private static Optional<Integer> otherIcmpType(ProtocolMatch protocol, Family family) {
            List<Integer> common = family == Family.V4 ? List.of(8, 0, 3, 11, 5, 13, 30) : List.of(128, 129, 1, 3, 135);
            return switch (protocol) {
                case ProtocolMatch.Icmp icmp when !icmp.types().isEmpty() ->
                        common.stream().filter(t -> !icmp.matchesIcmp(t, 0)).findFirst();
                case ProtocolMatch.Icmpv6 icmp when !icmp.types().isEmpty() ->
                        common.stream().filter(t -> !icmp.matchesIcmp(t, 0)).findFirst();
                default -> Optional.empty();
            };
        }

        /** Ports just outside each range of the set, that are not in the set. */
        private static List<Integer> outsidePorts(PortSet ports) {
            if (ports.isAny()) {
                return List.of();
            }
            Set<Integer> outside = new LinkedHashSet<>();
            for (PortRange range : ports.normalized()) {
                for (int port : new int[] {range.first() - 1, range.last() + 1}) {
                    if (port >= PortRange.MIN_PORT && port <= PortRange.MAX_PORT && !ports.contains(port)) {
                        outside.add(port);
                    }
                }
            }
            return List.copyOf(outside);
        }

        private static int firstPort(PortSet ports, int whenAny) {
            return ports.isAny() ? whenAny : ports.ranges().get(0).first();
        }

        private Optional<String> address(HostSet hosts, Family family, String whenAny) {
            if (hosts.isAny()) {
                return Optional.of(whenAny);
            }
            for (HostMatch host : hosts.entries()) {
                Optional<String> address = switch (host) {
                    case HostMatch.AddressBlock block -> (block.isIpv4() == (family == Family.V4))
                            ? Optional.of(block.range().getLower().withoutPrefixLength().toCanonicalString())
                            : Optional.<String>empty();
                    case HostMatch.HostName name -> names.get(name.name()).stream()
                            .filter(a -> a.contains(":") == (family == Family.V6)).findFirst();
                    case HostMatch.ZoneRef zone -> zones.stream().filter(z -> z.name().equals(zone.zone()))
                            .flatMap(z -> z.addresses().stream()).filter(b -> b.isIpv4() == (family == Family.V4))
                            .map(b -> b.range().getLower().increment(1).withoutPrefixLength().toCanonicalString())
                            .findFirst();
                };
                if (address.isPresent()) {
                    return address;
                }
            }
            return Optional.empty();
        }

        /** An address of the family that the host set does not hold, asked of the matcher. */
        private Optional<String> otherHost(HostSet hosts, Family family, boolean local) {
            Rule probe = local ? Rule.builder("probe").localHosts(hosts).build()
                    : Rule.builder("probe").remoteHosts(hosts).build();
            String fixed = ANY_LOCAL.get(family);
            for (String candidate : OTHER_HOSTS.get(family)) {
                Packet packet = Packet.of(Direction.OUT, IpProtocols.UDP, local ? candidate : fixed, 40000,
                        local ? otherThan(candidate, family) : candidate, 40001);
                if (!matcher.matches(probe, packet)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        private static String otherThan(String address, Family family) {
            return family == Family.V4 ? "198.51.100.1" : "2001:db8:77::1";
        }
    }
}
