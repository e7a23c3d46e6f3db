package dev.portcullis.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.Zone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Differential test in the real kernel: compiled policies are applied in a network namespace, real TCP, UDP and
 * ICMP flows are sent through a veth pair in both directions, and what the kernel let through (a reply came back,
 * nothing came back, or a reset/unreachable came back) must equal the reference verdict for the flow's first
 * packet (stateful: replies of allowed flows pass). Runs as root with nft and ip; skipped elsewhere.
 */
@EnabledIf("dev.portcullis.nftables.Namespaces#kernelAvailable")
class KernelDifferentialTest {
    /** How long a probe waits before calling a flow dropped. Replies on a veth take well under a millisecond. */
    private static final int PROBE_TIMEOUT_MS = 400;
    private static final int RANDOM_POLICIES = 40;
    private static final int FLOWS_PER_POLICY = 60;
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
            mismatches.addAll(check(policy, sent));
            flows += sent.size();
        }
        assertThat(flows).isGreaterThanOrEqualTo(2000);
        assertThat(mismatches).as("seed %d (rerun with -Dportcullis.seed=%d)", seed, seed).isEmpty();
    }

    /** Applies the policy in the host namespace, sends the flows, and lists every disagreement. */
    private List<String> check(Policy policy, List<Flow> flows) {
        CompiledRuleset compiled = new NftablesCompiler().compile(policy, NameResolver.NONE);
        lab.nft().apply(compiled.replacementScript());
        lab.flushConntrack();
        List<Flow> sendable = flows.stream().filter(f -> !f.protocol().equals("icmp") || lab.canFlushConntrack())
                .toList();
        List<String> outcomes = lab.send(sendable, PROBE_TIMEOUT_MS);
        flowsSent += sendable.size();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < sendable.size(); i++) {
            Flow flow = sendable.get(i);
            Action verdict = ReferenceDecision.decide(policy, flow.firstPacket(), NameResolver.NONE);
            String expected = expectedOutcome(flow, verdict);
            if (!outcomes.get(i).equals(expected)) {
                mismatches.add(policy.name() + ": " + flow + " engine " + verdict.keyword() + " expects " + expected
                        + ", kernel gave " + outcomes.get(i) + "\n" + compiled.table());
            }
        }
        return mismatches;
    }

    private static String expectedOutcome(Flow flow, Action verdict) {
        if (flow.protocol().equals("icmp")) {
            return verdict == Action.ALLOW ? "pass" : "fail";
        }
        return switch (verdict) {
            case ALLOW -> "pass";
            case BLOCK -> "drop";
            case REJECT -> "reject";
        };
    }

    // ---- randomized policies and flows ------------------------------------------------------------------------

    private Policy randomPolicy(Random random, String name) {
        Mode mode = pick(random, List.of(Mode.BLOCK_MOST, Mode.BLOCK_MOST, Mode.BLOCK_MOST, Mode.ALLOW_MOST,
                Mode.ALLOW_MOST, Mode.LEARNING, Mode.STOP_ALL, Mode.DISABLED));
        List<Zone> zones = List.of(
                new Zone("peers", List.of(HostMatch.AddressBlock.parse(lab.peerAddresses.get(0) + "/31")), List.of(),
                        "the first two peer addresses"),
                new Zone("internet", List.of(), List.of(), "everything else"));
        List<Rule> rules = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            rules.add(randomRule(random, "r" + i));
        }
        return new Policy(name, mode, zones, rules, Settings.DEFAULTS);
    }

    private Rule randomRule(Random random, String id) {
        Rule.Builder rule = Rule.builder(id)
                .action(pick(random, List.of(Action.ALLOW, Action.ALLOW, Action.BLOCK, Action.REJECT)))
                .direction(pick(random, List.of(Direction.IN, Direction.OUT, Direction.BOTH)))
                .log(random.nextInt(4) == 0);
        ProtocolMatch protocol = pick(random, List.of(ProtocolMatch.TCP, ProtocolMatch.TCP, ProtocolMatch.UDP,
                ProtocolMatch.UDP, ProtocolMatch.TCP_UDP, ProtocolMatch.ANY,
                new ProtocolMatch.Icmp(List.of()), new ProtocolMatch.Icmp(List.of(IcmpType.of(8))),
                new ProtocolMatch.Icmp(List.of(IcmpType.of(0)))));
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
            rule.remoteHosts(randomHosts(random, lab.peerAddresses, lab.hostAddresses));
        }
        if (random.nextInt(5) == 0) {
            rule.localHosts(HostSet.of(HostMatch.AddressBlock.parse(pick(random, lab.hostAddresses))));
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

    private static HostSet randomHosts(Random random, List<String> peers, List<String> hosts) {
        return switch (random.nextInt(4)) {
            case 0 -> HostSet.of(HostMatch.AddressBlock.parse(pick(random, peers)));
            case 1 -> HostSet.of(HostMatch.AddressBlock.parse(peers.get(1) + "-" + peers.get(2)));
            case 2 -> HostSet.of(new HostMatch.ZoneRef("peers"));
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
            List<String> from = direction == Direction.IN ? lab.peerAddresses : lab.hostAddresses;
            List<String> to = direction == Direction.IN ? lab.hostAddresses : lab.peerAddresses;
            int kind = random.nextInt(20);
            String protocol = kind < 9 ? "tcp" : kind < 17 ? "udp" : "icmp";
            int port = !interesting.isEmpty() && random.nextInt(3) > 0
                    ? pick(random, List.copyOf(interesting)) : pick(random, SERVICE_PORTS);
            if (protocol.equals("icmp")) {
                // The JDK pings from the interface's primary address.
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
