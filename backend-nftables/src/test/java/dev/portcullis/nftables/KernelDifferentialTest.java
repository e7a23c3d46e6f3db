package dev.portcullis.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Parameter;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.catalog.PresetOption;
import dev.portcullis.engine.Decision;
import dev.portcullis.engine.Engine;
import dev.portcullis.engine.StatelessExpansion;
import dev.portcullis.model.Action;
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
import dev.portcullis.model.Settings;
import dev.portcullis.model.TcpFlags;
import dev.portcullis.model.Zone;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Differential test in the real kernel: compiled policies are applied in a network namespace, real TCP, UDP and
 * ICMP flows are sent through a veth pair in both directions, and what the kernel let through (a reply came back,
 * nothing came back, or a reset/unreachable came back) must equal what the engine says of the flow: its first
 * packet's verdict, and for an allowed flow whether every packet of the exchange (replies, the handshake's ACK)
 * passes too, which in a stateful policy the connection table guarantees and in a stateless one the rules must.
 * Covers every catalog preset (defaults, and every option on) and seeded random policies in every mode, stateful
 * and stateless. Runs as root with nft and ip (conntrack too, for ICMP); skipped elsewhere.
 */
@EnabledIf(value = "dev.portcullis.nftables.Namespaces#kernelAvailable",
        disabledReason = "kernel test: needs root, nft and ip (apt-get install -y nftables iproute2)")
class KernelDifferentialTest {
    /** How long a probe waits before calling a flow dropped. Replies on a veth take well under a millisecond. */
    private static final int PROBE_TIMEOUT_MS = 400;
    private static final int RANDOM_POLICIES = 40;
    private static final int FLOWS_PER_POLICY = 70;
    private static final List<Integer> SERVICE_PORTS =
            List.of(21, 22, 25, 53, 80, 110, 123, 443, 1000, 1001, 1002, 3389, 4000, 5050, 8080);

    private static KernelLab lab;
    private static int flowsSent;
    private static int nextSourcePort = 20000;

    @BeforeAll
    static void start() {
        lab = new KernelLab();
        lab.listen(SERVICE_PORTS, SERVICE_PORTS);
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
            System.out.println("kernel differential test: " + flowsSent + " flows sent");
        }
    }

    @Test
    void randomizedPoliciesBehaveInTheKernelAsTheEngineSays() {
        long seed = Long.getLong("portcullis.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> mismatches = new ArrayList<>();
        int flows = 0;
        for (int i = 0; i < RANDOM_POLICIES; i++) {
            Policy policy = randomPolicy(random, "random-" + i);
            List<Flow> sent = randomFlows(random, policy, FLOWS_PER_POLICY);
            int before = flowsSent;
            mismatches.addAll(check(policy, NameResolver.NONE, sent));
            flows += flowsSent - before;
        }
        assertThat(flows).isGreaterThanOrEqualTo(2000);
        assertThat(mismatches).as("seed %d (rerun with -Dportcullis.seed=%d)", seed, seed).isEmpty();
    }

    @Test
    void everyCatalogPresetBehavesInTheKernelAsTheEngineSays() {
        Catalog catalog = Catalog.builtIn();
        Random random = new Random(42);
        List<String> mismatches = new ArrayList<>();
        int flows = 0;
        for (Preset preset : catalog.presets()) {
            for (boolean everyOption : List.of(false, true)) {
                if (everyOption && preset.options().isEmpty()) {
                    continue;
                }
                PresetLab presetLab = presetPolicy(catalog, preset, everyOption);
                List<Flow> sent = presetFlows(random, presetLab.policy());
                int before = flowsSent;
                mismatches.addAll(check(presetLab.policy(), presetLab.resolver(), sent));
                flows += flowsSent - before;
            }
        }
        assertThat(flows).isGreaterThan(0);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void sessionTimeoutsAndHelpersReachTheConnectionTable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(lab.canFlushConntrack(), "needs the conntrack tool");
        Policy policy = new Policy("ct-objects", Mode.BLOCK_MOST, List.of(), List.of(
                Rule.builder("icq").direction(Direction.OUT).protocol(ProtocolMatch.UDP).remotePorts(PortSet.of(4000))
                        .sessionTimeout(java.time.Duration.ofSeconds(600)).build(),
                Rule.builder("dns").direction(Direction.OUT).protocol(ProtocolMatch.UDP).remotePorts(PortSet.of(53))
                        .build(),
                Rule.builder("ftp").direction(Direction.OUT).protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(21))
                        .conntrackHelper("ftp").build()), Settings.DEFAULTS);
        lab.nft().apply(new NftablesCompiler().compile(policy, NameResolver.NONE).replacementScript());
        lab.flushConntrack();
        List<Flow> flows = List.of(
                new Flow(Direction.OUT, "udp", lab.hostAddresses.get(0), nextSourcePort++, lab.peerAddresses.get(0), 4000),
                new Flow(Direction.OUT, "udp", lab.hostAddresses.get(0), nextSourcePort++, lab.peerAddresses.get(0), 53),
                new Flow(Direction.OUT, "tcp", lab.hostAddresses.get(0), nextSourcePort++, lab.peerAddresses.get(0), 21));
        assertThat(lab.send(flows, PROBE_TIMEOUT_MS)).containsOnly("pass");
        flowsSent += flows.size();
        String table = Namespaces.run("ip", "netns", "exec", lab.host, "conntrack", "-L");
        assertThat(timeoutOf(table, "sport=" + flows.get(0).sourcePort() + " dport=4000"))
                .as(table).isGreaterThan(500);
        assertThat(timeoutOf(table, "sport=" + flows.get(1).sourcePort() + " dport=53"))
                .as(table).isLessThanOrEqualTo(180);
        assertThat(table.lines().filter(l -> l.contains("sport=" + flows.get(2).sourcePort() + " dport=21")))
                .as(table).singleElement().asString().contains("helper=ftp");
    }

    /** The remaining seconds of the conntrack entry whose line contains {@code key} (third column). */
    private static int timeoutOf(String conntrackList, String key) {
        return conntrackList.lines().filter(l -> l.contains(key)).findFirst()
                .map(l -> Integer.parseInt(l.trim().split("\\s+")[2]))
                .orElseThrow(() -> new AssertionError("no conntrack entry with " + key + " in\n" + conntrackList));
    }

    /** Applies the policy in the host namespace, sends the flows, and lists every disagreement. */
    private List<String> check(Policy policy, NameResolver resolver, List<Flow> flows) {
        CompiledRuleset compiled = new NftablesCompiler().compile(policy, resolver);
        lab.nft().apply(compiled.replacementScript());
        lab.flushConntrack();
        List<Flow> sendable = flows.stream().filter(f -> !f.protocol().equals("icmp") || lab.canFlushConntrack())
                .toList();
        List<String> outcomes = lab.send(sendable, PROBE_TIMEOUT_MS);
        flowsSent += sendable.size();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < sendable.size(); i++) {
            Flow flow = sendable.get(i);
            Engine engine = new Engine(policy, resolver, CLOCK);
            Decision first = engine.decide(flow.firstPacket());
            String expected = expectedOutcome(engine, first, policy, resolver, flow);
            if (!outcomes.get(i).equals(expected)) {
                mismatches.add(policy.name() + " (" + policy.mode().keyword()
                        + (policy.settings().stateful() ? "" : ", stateless") + "): " + flow + " engine says "
                        + first + ", expects " + expected + ", kernel gave " + outcomes.get(i) + "\n"
                        + compiled.table());
            }
        }
        return mismatches;
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /**
     * What the opener of the flow should observe. A reject's reset or ICMP error counts only if it can reach the
     * opener: from the host itself it arrives over loopback; from the host to the peer it leaves through the
     * output chain, where in a stateful policy conntrack relates it to the rejected packet and in a stateless one
     * the rules must allow it.
     */
    private static String expectedOutcome(Engine engine, Decision first, Policy policy, NameResolver resolver,
                                          Flow flow) {
        Packet packet = flow.firstPacket();
        if (!first.permits()) {
            if (first.verdict() == Action.BLOCK || flow.protocol().equals("icmp")) {
                return flow.protocol().equals("icmp") ? "fail" : "drop";
            }
            if (flow.direction() == Direction.OUT || policy.settings().stateful()) {
                return "reject";
            }
            Packet signal = flow.protocol().equals("tcp")
                    ? packet.reply().withTcpFlags(TcpFlags.RST | TcpFlags.ACK)
                    : flow.rejectError();
            return new Engine(policy, resolver, CLOCK).decide(signal).permits() ? "reject" : "drop";
        }
        List<Packet> rest = switch (flow.protocol()) {
            case "tcp" -> List.of(packet.reply(), packet.withTcpFlags(TcpFlags.ACK),
                    packet.reply().withTcpFlags(TcpFlags.ACK | TcpFlags.PSH));
            case "udp" -> List.of(packet.reply());
            default -> List.of(flow.echoReply());
        };
        boolean through = rest.stream().allMatch(p -> engine.decide(p).permits());
        if (flow.protocol().equals("icmp")) {
            return through ? "pass" : "fail";
        }
        return through ? "pass" : "drop";
    }

    // ---- catalog presets ------------------------------------------------------------------------------------

    private record PresetLab(Policy policy, NameResolver resolver) {
    }

    /**
     * A block-most policy of one preset, with its required parameters, zones and host names mapped onto the
     * lab's addresses: zones on the local side to host addresses, others to peer addresses, "internet" to the
     * catch-all. Application selectors are dropped: the engine's packets carry no socket owner, while in the
     * kernel every probe is owned by root.
     */
    private PresetLab presetPolicy(Catalog catalog, Preset preset, boolean everyOption) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int next = 0;
        for (Parameter parameter : preset.parameters()) {
            if (parameter.required()) {
                parameters.put(parameter.name(), switch (parameter.kind()) {
                    case HOSTS -> lab.peerAddresses.get(next++ % lab.peerAddresses.size());
                    case PORTS -> Integer.toString(SERVICE_PORTS.get(next++ % SERVICE_PORTS.size()));
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
        List<Rule> rules = catalog.expand(new PresetInstance(preset.id(), preset.id(), parameters, options,
                Location.of("kernel-test"), Map.of())).stream()
                .map(rule -> rule.application().isPresent() ? rule.toBuilder().application(null).build() : rule)
                .toList();
        Set<String> localZones = new LinkedHashSet<>();
        Set<String> zoneNames = new LinkedHashSet<>();
        Set<String> hostNames = new TreeSet<>();
        for (Rule rule : rules) {
            for (HostMatch host : rule.localHosts().entries()) {
                if (host instanceof HostMatch.ZoneRef ref) {
                    localZones.add(ref.zone());
                }
            }
            for (HostSet hosts : List.of(rule.localHosts(), rule.remoteHosts())) {
                for (HostMatch host : hosts.entries()) {
                    switch (host) {
                        case HostMatch.ZoneRef ref -> zoneNames.add(ref.zone());
                        case HostMatch.HostName name -> hostNames.add(name.name());
                        case HostMatch.AddressBlock block -> {
                        }
                    }
                }
            }
        }
        List<Zone> zones = new ArrayList<>();
        int peer = 0;
        int host = 0;
        for (String zone : zoneNames) {
            if (zone.equals("internet")) {
                zones.add(new Zone(zone, List.of(), List.of(), "everything else"));
            } else if (localZones.contains(zone)) {
                zones.add(new Zone(zone, List.of(HostMatch.AddressBlock.parse(
                        lab.hostAddresses.get(host++ % lab.hostAddresses.size()))), List.of(), "lab"));
            } else {
                zones.add(new Zone(zone, List.of(HostMatch.AddressBlock.parse(
                        lab.peerAddresses.get(peer++ % lab.peerAddresses.size()))), List.of(), "lab"));
            }
        }
        Map<String, List<String>> names = new HashMap<>();
        for (String name : hostNames) {
            names.put(name, List.of(lab.peerAddresses.get(peer++ % lab.peerAddresses.size())));
        }
        String name = preset.id() + (everyOption ? " (every option)" : "");
        return new PresetLab(new Policy(name, Mode.BLOCK_MOST, zones, rules, Settings.DEFAULTS),
                NameResolver.fixed(names));
    }

    /** For every rule: its ports (first, last and a middle one), in each direction, every protocol it names. */
    private List<Flow> presetFlows(Random random, Policy policy) {
        Set<Integer> ports = new TreeSet<>(SERVICE_PORTS);
        List<Flow> flows = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            List<Integer> rulePorts = new ArrayList<>();
            for (PortSet set : List.of(rule.localPorts(), rule.remotePorts())) {
                for (PortRange range : set.ranges()) {
                    rulePorts.addAll(List.of(range.first(), range.last(), (range.first() + range.last()) / 2));
                }
            }
            rulePorts.removeIf(p -> p == 0 || (p >= 20000 && p < 40000)); // 20000-39999: the probes' source ports
            if (rulePorts.isEmpty()) {
                rulePorts.add(pick(random, SERVICE_PORTS));
            }
            ports.addAll(rulePorts);
            List<String> protocols = switch (rule.protocol()) {
                case ProtocolMatch.Tcp t -> List.of("tcp");
                case ProtocolMatch.Udp u -> List.of("udp");
                case ProtocolMatch.Icmp i -> List.of("icmp");
                case ProtocolMatch.IpProtocol n when n.number() == IpProtocols.TCP -> List.of("tcp");
                case ProtocolMatch.IpProtocol n when n.number() == IpProtocols.UDP -> List.of("udp");
                case ProtocolMatch.IpProtocol n -> List.of("tcp");
                default -> List.of("tcp", "udp");
            };
            for (String protocol : protocols) {
                for (Direction direction : List.of(Direction.IN, Direction.OUT)) {
                    for (int port : rulePorts) {
                        flows.add(flow(random, direction, protocol, port));
                    }
                }
            }
        }
        for (int i = 0; i < 10; i++) {
            flows.add(flow(random, random.nextBoolean() ? Direction.IN : Direction.OUT,
                    random.nextBoolean() ? "tcp" : "udp", pick(random, SERVICE_PORTS)));
        }
        List<Integer> listen = List.copyOf(ports);
        lab.listen(listen, listen);
        return flows;
    }

    private Flow flow(Random random, Direction direction, String protocol, int port) {
        List<String> from = direction == Direction.IN ? lab.peerAddresses : lab.hostAddresses;
        List<String> to = direction == Direction.IN ? lab.hostAddresses : lab.peerAddresses;
        if (protocol.equals("icmp")) {
            return new Flow(direction, protocol, from.get(0), 0, pick(random, to), 0);
        }
        return new Flow(direction, protocol, pick(random, from), nextSourcePort++, pick(random, to), port);
    }

    // ---- randomized policies and flows ------------------------------------------------------------------------

    private Policy randomPolicy(Random random, String name) {
        Mode mode = pick(random, List.of(Mode.BLOCK_MOST, Mode.BLOCK_MOST, Mode.BLOCK_MOST, Mode.ALLOW_MOST,
                Mode.ALLOW_MOST, Mode.LEARNING, Mode.STOP_ALL, Mode.DISABLED));
        List<Zone> zones = List.of(
                new Zone("peers", List.of(HostMatch.AddressBlock.parse(lab.peerAddresses.get(0) + "/31"),
                        HostMatch.AddressBlock.parse(lab.peerAddresses6.get(0) + "-" + lab.peerAddresses6.get(1))),
                        List.of(), "the first two peer addresses"),
                new Zone("internet", List.of(), List.of(), "everything else"),
                new Zone("wire", List.of(), List.of(Flow.HOST_INTERFACE), "the host's veth: every lab packet"),
                new Zone("elsewhere", List.of(), List.of("eth9"), "an interface no lab packet crosses"));
        List<Rule> rules = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            rules.add(randomRule(random, "r" + i));
        }
        boolean stateful = random.nextInt(4) > 0;
        Settings settings = new Settings(stateful, Settings.DEFAULTS.ephemeralPorts(), Settings.DEFAULTS.udpTimeout(),
                Settings.DEFAULTS.tcpEstablishedTimeout(), Settings.DEFAULTS.tcpTransitoryTimeout(),
                Settings.DEFAULTS.icmpTimeout(), List.of());
        Policy policy = new Policy(name, mode, zones, rules, settings);
        // Half the stateless policies get the return rules a static filter needs, so that flows can pass.
        return !stateful && random.nextBoolean() ? StatelessExpansion.apply(policy) : policy;
    }

    private Rule randomRule(Random random, String id) {
        Rule.Builder rule = Rule.builder(id)
                .action(pick(random, List.of(Action.ALLOW, Action.ALLOW, Action.BLOCK, Action.REJECT)))
                .direction(pick(random, List.of(Direction.IN, Direction.OUT, Direction.BOTH)))
                .log(random.nextInt(4) == 0);
        ProtocolMatch protocol = pick(random, List.of(ProtocolMatch.TCP, ProtocolMatch.TCP, ProtocolMatch.UDP,
                ProtocolMatch.UDP, ProtocolMatch.TCP_UDP, ProtocolMatch.ANY,
                new ProtocolMatch.Icmp(List.of()), new ProtocolMatch.Icmp(List.of(IcmpType.of(8))),
                new ProtocolMatch.Icmp(List.of(IcmpType.of(0))), new ProtocolMatch.Icmpv6(List.of()),
                new ProtocolMatch.Icmpv6(List.of(IcmpType.of(128)))));
        rule.protocol(protocol);
        if (protocol.carriesPorts()) {
            int choice = random.nextInt(4);
            if (choice > 0) {
                // The service side: local for inbound flows, remote for outbound ones.
                PortSet ports = randomServicePorts(random);
                if (random.nextBoolean()) {
                    rule.localPorts(ports);
                } else {
                    rule.remotePorts(ports);
                }
            }
            if (random.nextInt(6) == 0) {
                // A client-side port range that splits the source ports the probes use.
                int split = 20000 + random.nextInt(5000);
                rule.remotePorts(PortSet.of(PortRange.of(split, 65535)));
            }
        }
        if (random.nextInt(3) == 0) {
            rule.remoteHosts(random.nextInt(4) == 0 ? randomHosts(random, lab.peerAddresses6)
                    : randomHosts(random, lab.peerAddresses));
        }
        if (random.nextInt(5) == 0) {
            rule.localHosts(HostSet.of(HostMatch.AddressBlock.parse(pick(random,
                    random.nextInt(4) == 0 ? lab.hostAddresses6 : lab.hostAddresses))));
        }
        return rule.build();
    }

    private static PortSet randomServicePorts(Random random) {
        List<PortRange> ranges = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int port = pick(random, SERVICE_PORTS);
            ranges.add(random.nextInt(5) == 0 ? PortRange.of(port, port + random.nextInt(1000)) : PortRange.of(port));
        }
        return new PortSet(ranges);
    }

    private static HostSet randomHosts(Random random, List<String> peers) {
        return switch (random.nextInt(6)) {
            case 0 -> HostSet.of(HostMatch.AddressBlock.parse(pick(random, peers)));
            case 1 -> HostSet.of(HostMatch.AddressBlock.parse(peers.get(1) + "-" + peers.get(2)));
            case 2 -> HostSet.of(new HostMatch.ZoneRef("peers"));
            case 3 -> HostSet.of(new HostMatch.ZoneRef("wire"));
            case 4 -> HostSet.of(new HostMatch.ZoneRef("elsewhere"), HostMatch.AddressBlock.parse(pick(random, peers)));
            default -> HostSet.of(new HostMatch.ZoneRef("internet"));
        };
    }

    /** Flows aimed at what the policy's rules talk about, plus random ones, in both directions. */
    private List<Flow> randomFlows(Random random, Policy policy, int count) {
        Set<Integer> interesting = new LinkedHashSet<>();
        for (Rule rule : policy.rules()) {
            for (PortSet ports : List.of(rule.localPorts(), rule.remotePorts())) {
                for (PortRange range : ports.ranges()) {
                    if (SERVICE_PORTS.contains(range.first())) {
                        interesting.add(range.first());
                    }
                }
            }
        }
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Direction direction = random.nextBoolean() ? Direction.IN : Direction.OUT;
            boolean ipv6 = random.nextInt(4) == 0;
            List<String> peers = ipv6 ? lab.peerAddresses6 : lab.peerAddresses;
            List<String> hosts = ipv6 ? lab.hostAddresses6 : lab.hostAddresses;
            List<String> from = direction == Direction.IN ? peers : hosts;
            List<String> to = direction == Direction.IN ? hosts : peers;
            int kind = random.nextInt(20);
            String protocol = kind < 9 ? "tcp" : kind < 17 ? "udp" : "icmp";
            int port = !interesting.isEmpty() && random.nextInt(3) > 0
                    ? pick(random, List.copyOf(interesting)) : pick(random, SERVICE_PORTS);
            if (protocol.equals("icmp")) {
                // The JDK pings from the address the kernel picks, which in the lab is always the primary one.
                flows.add(new Flow(direction, protocol, from.get(0), 0, pick(random, to), 0));
            } else {
                flows.add(new Flow(direction, protocol, pick(random, from), nextSourcePort++, pick(random, to), port));
            }
        }
        return flows;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
