package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.PresetInstance;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classifier-backed lookup answers the same rule as the linear scan, on random policies and packets. */
class ClassifierLookupTest {
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of(
            "a.example", List.of("10.1.0.5", "2001:db8::5"), "b.example", List.of("192.0.2.7")));
    private static final List<Zone> ZONES = List.of(
            new Zone("lan", List.of(HostMatch.AddressBlock.parse("10.1.0.0/16")), List.of(), ""),
            new Zone("dmz", List.of(HostMatch.AddressBlock.parse("192.0.2.0/28")), List.of("eth2"), ""),
            new Zone("internet", List.of(), List.of(), ""));
    /** Few distinct values, so that random packets often land on rule edges. */
    private static final String[] ADDRESSES = {"10.1.0.5", "10.1.255.255", "10.2.0.1", "192.0.2.7", "192.0.2.16",
            "198.51.100.1", "0.0.0.0", "255.255.255.255"};
    private static final String[] PREFIXES = {"10.1.0.0/16", "10.1.0.5", "192.0.2.0/24", "198.51.100.0/25",
            "0.0.0.0/0", "10.1.0.0-10.2.0.1", "2001:db8::/32"};
    private static final int[] PORTS = {0, 1, 22, 23, 53, 80, 1023, 1024, 5050, 65535};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void sameRuleAsTheLinearScanOnRandomPolicies(long seed) {
        Random random = new Random(seed);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rules.add(randomRule(random, "r" + i));
        }
        Policy policy = new Policy("random", Mode.BLOCK_MOST, ZONES, rules, Settings.DEFAULTS);
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, RESOLVER);
        RuleLookup linear = RuleLookup.linear(rules, matcher);
        ClassifierLookup indexed = ClassifierLookup.build(policy, matcher);

        java.util.Set<String> decidingRules = new java.util.HashSet<>();
        for (int i = 0; i < 5000; i++) {
            Packet packet = randomPacket(random);
            Optional<Rule> expected = linear.firstMatch(packet);
            assertThat(indexed.firstMatch(packet)).as("%s", packet).isEqualTo(expected);
            expected.ifPresent(rule -> decidingRules.add(rule.id()));
        }
        // Many rules decide some packet (the comparison is not all about one wide rule), and most rules are in
        // the classifier rather than scanned.
        assertThat(decidingRules).hasSizeGreaterThan(8);
        assertThat(indexed.residualRules()).isLessThan(rules.size() * 3 / 4);
    }

    @Test
    void sameDecisionsAsTheLinearScanForTheCatalogPresets() {
        Catalog catalog = Catalog.builtIn();
        List<Rule> rules = new ArrayList<>();
        catalog.presets().forEach(preset -> {
            try {
                rules.addAll(catalog.expand(PresetInstance.of(preset.id(), Location.of("test"))));
            } catch (RuntimeException e) {
                // presets with required parameters are covered by CatalogPresetTrafficTest
            }
        });
        List<Rule> unique = rules.stream().filter(r -> r.localHosts().entries().stream()
                .noneMatch(HostMatch.ZoneRef.class::isInstance) && r.remoteHosts().entries().stream()
                .noneMatch(HostMatch.ZoneRef.class::isInstance)).toList();
        Policy policy = Policy.of(Mode.BLOCK_MOST, unique);
        FirstMatchEvaluator linear = new FirstMatchEvaluator(policy, RESOLVER);
        FirstMatchEvaluator indexed = FirstMatchEvaluator.indexed(policy, RESOLVER);
        Random random = new Random(42);

        int matched = 0;
        for (int i = 0; i < 5000; i++) {
            Packet packet = randomPacket(random);
            Decision expected = linear.decide(packet);
            assertThat(indexed.decide(packet)).as("%s", packet).isEqualTo(expected);
            matched += expected.rule().isPresent() ? 1 : 0;
        }
        assertThat(unique).hasSizeGreaterThan(20);
        assertThat(matched).isGreaterThan(500);
    }

    private static Rule randomRule(Random random, String id) {
        Rule.Builder rule = Rule.builder(id)
                .action(Action.values()[random.nextInt(3)])
                .direction(Direction.values()[random.nextInt(3)])
                .enabled(random.nextInt(10) > 0);
        ProtocolMatch protocol = switch (random.nextInt(8)) {
            case 0 -> random.nextBoolean() ? ProtocolMatch.ANY : ProtocolMatch.TCP;
            case 1, 2 -> ProtocolMatch.TCP;
            case 3 -> ProtocolMatch.UDP;
            case 4 -> ProtocolMatch.TCP_UDP;
            case 5 -> new ProtocolMatch.Icmp(random.nextBoolean() ? List.of()
                    : List.of(IcmpType.of(random.nextBoolean() ? 3 : 8), IcmpType.of(3, 1)));
            case 6 -> new ProtocolMatch.Icmpv6(List.of());
            default -> new ProtocolMatch.IpProtocol(random.nextBoolean() ? 47 : IpProtocols.TCP);
        };
        rule.protocol(protocol);
        if (protocol.carriesPorts()) {
            rule.localPorts(randomPorts(random));
            rule.remotePorts(randomPorts(random));
        }
        rule.localHosts(randomHosts(random));
        rule.remoteHosts(randomHosts(random));
        if (random.nextInt(10) == 0) {
            rule.state(StateMatch.values()[random.nextInt(4)]);
        }
        if (random.nextInt(15) == 0) {
            rule.application(new AppSelector.User("alice"));
        }
        return rule.build();
    }

    private static PortSet randomPorts(Random random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> PortSet.ANY;
            case 2 -> PortSet.of(PORTS[random.nextInt(PORTS.length)]);
            default -> {
                int a = PORTS[random.nextInt(PORTS.length)];
                int b = PORTS[random.nextInt(PORTS.length)];
                yield PortSet.of(PortRange.of(Math.min(a, b), Math.max(a, b)), PortRange.of(5050));
            }
        };
    }

    private static HostSet randomHosts(Random random) {
        if (random.nextInt(4) == 0) {
            return HostSet.ANY;
        }
        List<HostMatch> entries = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            entries.add(switch (random.nextInt(7)) {
                case 0 -> new HostMatch.ZoneRef(List.of("lan", "dmz", "internet").get(random.nextInt(3)));
                case 1 -> new HostMatch.HostName(random.nextBoolean() ? "a.example" : "nowhere.example");
                default -> HostMatch.AddressBlock.parse(PREFIXES[random.nextInt(PREFIXES.length)]);
            });
        }
        return new HostSet(entries);
    }

    private static Packet randomPacket(Random random) {
        Direction direction = random.nextBoolean() ? Direction.IN : Direction.OUT;
        boolean v6 = random.nextInt(20) == 0;
        String src = v6 ? "2001:db8::5" : ADDRESSES[random.nextInt(ADDRESSES.length)];
        String dst = v6 ? "2001:db8::9" : ADDRESSES[random.nextInt(ADDRESSES.length)];
        int choice = random.nextInt(6);
        int protocol = switch (choice) {
            case 0, 1 -> IpProtocols.TCP;
            case 2 -> IpProtocols.UDP;
            case 3 -> v6 ? IpProtocols.ICMPV6 : IpProtocols.ICMP;
            case 4 -> 47;
            default -> IpProtocols.UDP;
        };
        boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
        boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
        int[] types = {0, 3, 8, 11};
        int flags = protocol == IpProtocols.TCP ? new int[] {TcpFlags.SYN, TcpFlags.ACK, TcpFlags.SYN | TcpFlags.ACK}
                [random.nextInt(3)] : 0;
        Packet packet = new Packet(direction, protocol, Packet.parseAddress(src),
                ports ? PORTS[random.nextInt(PORTS.length)] : 0, Packet.parseAddress(dst),
                ports ? PORTS[random.nextInt(PORTS.length)] : 0,
                icmp ? types[random.nextInt(types.length)] : -1, icmp ? random.nextInt(3) : -1, flags,
                random.nextInt(4) == 0 ? Optional.of("eth2") : Optional.empty(),
                random.nextInt(4) == 0 ? new AppIdentity(Optional.empty(), Optional.of("alice"), Optional.empty())
                        : AppIdentity.UNKNOWN);
        return packet;
    }
}
