package dev.portcullis.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Action;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every analysis against brute force over {@link SmallDomain}, which is exact for the random rules built there:
 * seeded random policies, every packet of the domain, RuleMatcher-based first match as the oracle.
 */
class BruteForceTest {
    private static final List<Packet> PACKETS = SmallDomain.packets();

    static Stream<Integer> seeds() {
        return IntStream.range(0, 25).boxed();
    }

    private static Policy policy(int seed) {
        Random random = new Random(seed);
        Mode mode = seed % 10 == 7 ? Mode.STOP_ALL : seed % 10 == 9 ? Mode.DISABLED
                : random.nextBoolean() ? Mode.BLOCK_MOST : Mode.ALLOW_MOST;
        return SmallDomain.randomPolicy(random, 4 + random.nextInt(7), mode);
    }

    private static BitSet matches(Policy policy, Rule rule) {
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, SmallDomain.RESOLVER);
        BitSet set = new BitSet();
        for (int p = 0; p < PACKETS.size(); p++) {
            if (matcher.matches(rule, PACKETS.get(p))) {
                set.set(p);
            }
        }
        return set;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchSetsAndFirstMatchAgreeWithRuleMatcher(int seed) {
        Policy policy = policy(seed);
        CompiledPolicy compiled = CompiledPolicy.compile(policy, SmallDomain.RESOLVER);
        PacketSpace space = compiled.space;
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, SmallDomain.RESOLVER);
        List<String> mismatches = new ArrayList<>();
        for (Packet packet : PACKETS) {
            boolean[] point = space.assignment(packet);
            for (int i = 0; i < policy.rules().size(); i++) {
                if (space.bdd.contains(compiled.match[i], point) != matcher.matches(policy.rules().get(i), packet)) {
                    mismatches.add("rule " + policy.rules().get(i).summary() + " on " + packet);
                }
            }
            int decider = compiled.decider(packet);
            if (decider != SmallDomain.firstMatch(policy, packet)) {
                mismatches.add("first match of " + packet);
            }
            if (space.bdd.contains(compiled.allowed(), point) != (SmallDomain.verdict(policy, packet) == Action.ALLOW)) {
                mismatches.add("verdict of " + packet);
            }
        }
        assertThat(mismatches).isEmpty();
        // The one-packet set agrees with the assignment (checked on a sample: building sets is slower).
        for (int k = 0; k < PACKETS.size(); k += 97) {
            Packet packet = PACKETS.get(k);
            for (int i = 0; i < policy.rules().size(); i++) {
                assertThat(space.bdd.intersects(space.packet(packet), compiled.match[i]))
                        .isEqualTo(space.contains(compiled.match[i], packet));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anomaliesAreExactlyTheBruteForceOnes(int seed) {
        Policy policy = policy(seed);
        AnomalyReport report = AnomalyAnalysis.analyze(policy, SmallDomain.RESOLVER);
        boolean rulesApply = policy.mode() != Mode.STOP_ALL && policy.mode() != Mode.DISABLED;
        List<Rule> rules = policy.rules();
        int n = rules.size();
        List<BitSet> match = rules.stream().map(r -> matches(policy, r)).toList();
        int[] first = PACKETS.stream().mapToInt(p -> SmallDomain.firstMatch(policy, p)).toArray();

        Set<String> expectedNever = new HashSet<>();
        Set<String> expectedShadowed = new HashSet<>();
        Set<String> expectedRedundant = new HashSet<>();
        Set<List<String>> expectedGeneralization = new HashSet<>();
        Set<List<String>> expectedCorrelation = new HashSet<>();
        if (rulesApply) {
            for (int i = 0; i < n; i++) {
                Rule rule = rules.get(i);
                if (!rule.enabled()) {
                    continue;
                }
                final int index = i;
                boolean fires = IntStream.of(first).anyMatch(d -> d == index);
                if (match.get(i).isEmpty()) {
                    expectedNever.add(rule.id());
                } else if (!fires) {
                    expectedShadowed.add(rule.id());
                } else {
                    List<Rule> without = new ArrayList<>(rules);
                    without.remove(i);
                    Policy smaller = policy.withRules(without);
                    boolean same = PACKETS.stream()
                            .allMatch(p -> SmallDomain.verdict(policy, p) == SmallDomain.verdict(smaller, p));
                    if (same) {
                        expectedRedundant.add(rule.id());
                    }
                }
                for (int j = i + 1; j < n; j++) {
                    if (rules.get(j).action() == rule.action() || match.get(i).isEmpty() || match.get(j).isEmpty()) {
                        continue;
                    }
                    BitSet both = (BitSet) match.get(i).clone();
                    both.and(match.get(j));
                    if (both.isEmpty() || both.equals(match.get(j))) {
                        continue;
                    }
                    final int earlier = i;
                    if (both.stream().noneMatch(p -> first[p] == earlier)) {
                        continue; // the overlap is decided by rules before both: their order cannot matter
                    }
                    List<String> pair = List.of(rule.id(), rules.get(j).id());
                    (both.equals(match.get(i)) ? expectedGeneralization : expectedCorrelation).add(pair);
                }
            }
        }
        assertThat(ids(report, Finding.Kind.NEVER_MATCHES)).isEqualTo(expectedNever);
        assertThat(ids(report, Finding.Kind.SHADOWED)).isEqualTo(expectedShadowed);
        assertThat(ids(report, Finding.Kind.REDUNDANT)).isEqualTo(expectedRedundant);
        assertThat(pairs(report, Finding.Kind.GENERALIZATION)).isEqualTo(expectedGeneralization);
        assertThat(pairs(report, Finding.Kind.CORRELATION)).isEqualTo(expectedCorrelation);
        assertThat(report.ofKind(Finding.Kind.RULES_IGNORED)).hasSize(rulesApply ? 0 : 1);

        // Every example packet shows what its finding says.
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, SmallDomain.RESOLVER);
        for (Finding finding : report.findings()) {
            if (finding.example().isEmpty()) {
                continue;
            }
            Packet example = finding.example().get().packet();
            assertThat(finding.example().get().assumptions()).isEmpty();
            switch (finding.kind()) {
                case SHADOWED -> {
                    Rule shadowed = policy.rule(finding.rules().getLast()).orElseThrow();
                    assertThat(matcher.matches(shadowed, example)).isTrue();
                    assertThat(SmallDomain.firstMatch(policy, example)).isLessThan(rules.indexOf(shadowed));
                }
                case REDUNDANT -> {
                    Rule redundant = policy.rule(finding.rules().getFirst()).orElseThrow();
                    assertThat(SmallDomain.firstMatch(policy, example)).isEqualTo(rules.indexOf(redundant));
                    List<Rule> without = new ArrayList<>(rules);
                    without.remove(redundant);
                    assertThat(SmallDomain.verdict(policy.withRules(without), example)).isEqualTo(redundant.action());
                }
                case GENERALIZATION, CORRELATION -> {
                    for (String id : finding.rules()) {
                        assertThat(matcher.matches(policy.rule(id).orElseThrow(), example)).isTrue();
                    }
                    assertThat(name(policy, SmallDomain.firstMatch(policy, example))).isEqualTo(finding.rules().get(0));
                }
                default -> assertThat(matcher.matches(policy.rule(finding.rules().getFirst()).orElseThrow(), example))
                        .isTrue();
            }
        }
    }

    private static Set<String> ids(AnomalyReport report, Finding.Kind kind) {
        Set<String> ids = new HashSet<>();
        for (Finding finding : report.ofKind(kind)) {
            ids.add(kind == Finding.Kind.SHADOWED ? finding.rules().getLast() : finding.rules().getFirst());
        }
        return ids;
    }

    private static Set<List<String>> pairs(AnomalyReport report, Finding.Kind kind) {
        Set<List<String>> pairs = new HashSet<>();
        report.ofKind(kind).forEach(f -> pairs.add(f.rules()));
        return pairs;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void diffIsExactlyThePacketsWhoseVerdictChanged(int seed) {
        Policy left = policy(seed);
        Random random = new Random(1000 + seed);
        List<Rule> mutated = new ArrayList<>(left.rules());
        if (!mutated.isEmpty() && random.nextBoolean()) {
            mutated.remove(random.nextInt(mutated.size()));
        }
        if (mutated.size() > 1) {
            java.util.Collections.swap(mutated, 0, random.nextInt(mutated.size()));
        }
        mutated.add(random.nextInt(mutated.size() + 1), SmallDomain.randomRule(random, "new"));
        Mode mode = random.nextInt(4) == 0 ? Mode.ALLOW_MOST : left.mode();
        Policy right = left.withRules(mutated).withMode(mode);

        DiffReport report = SemanticDiff.diff(left, right, SmallDomain.RESOLVER);
        Set<List<String>> pairs = new HashSet<>();
        for (DiffReport.Change change : report.changes()) {
            Packet example = change.example().packet();
            assertThat(SmallDomain.verdict(left, example)).isEqualTo(change.leftAction()).isNotEqualTo(change.rightAction());
            assertThat(SmallDomain.verdict(right, example)).isEqualTo(change.rightAction());
            assertThat(name(left, SmallDomain.firstMatch(left, example))).isEqualTo(change.leftRule());
            assertThat(name(right, SmallDomain.firstMatch(right, example))).isEqualTo(change.rightRule());
            assertThat(pairs.add(List.of(change.leftRule(), change.rightRule()))).as("pairs are listed once").isTrue();
        }
        Set<List<String>> expected = new HashSet<>();
        for (Packet packet : PACKETS) {
            if (SmallDomain.verdict(left, packet) != SmallDomain.verdict(right, packet)) {
                expected.add(List.of(name(left, SmallDomain.firstMatch(left, packet)),
                        name(right, SmallDomain.firstMatch(right, packet))));
            }
        }
        assertThat(pairs).isEqualTo(expected);
    }

    private static String name(Policy policy, int index) {
        return index < 0 ? "default" : policy.rules().get(index).id();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void boxesAreExactAndDisjoint(int seed) {
        Policy policy = policy(seed);
        CompiledPolicy compiled = CompiledPolicy.compile(policy, SmallDomain.RESOLVER);
        PacketSpace space = compiled.space;
        for (int set : new int[] {compiled.allowed(), compiled.verdicts()[Action.BLOCK.ordinal()], compiled.match[0]}) {
            List<Boxes.RawBox> boxes = Boxes.of(space, set, 100_000);
            int union = Bdd.FALSE;
            for (Boxes.RawBox box : boxes) {
                int boxSet = Boxes.toSet(space, box);
                assertThat(space.bdd.intersects(union, boxSet)).as("boxes are disjoint").isFalse();
                union = space.bdd.or(union, boxSet);
                assertThat(Boxes.render(space, box).fields()).isNotNull();
            }
            assertThat(union).isEqualTo(set);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reachQueryAgreesWithFirstMatch(int seed) {
        Policy policy = policy(seed);
        Random random = new Random(seed);
        Packet probe = PACKETS.get(random.nextInt(PACKETS.size()));
        // A single packet asked about as a flow set of one: the answer is its first match.
        ReachAnswer answer = PolicyQueries.reach(policy, List.of(selectorOf(probe)), SmallDomain.RESOLVER);
        Set<String> deciders = new HashSet<>();
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, SmallDomain.RESOLVER);
        for (ReachAnswer.Decision decision : answer.decisions()) {
            deciders.add(decision.rule());
            Packet example = decision.example().packet();
            assertThat(name(policy, SmallDomain.firstMatch(policy, example))).isEqualTo(decision.rule());
            assertThat(SmallDomain.verdict(policy, example)).isEqualTo(decision.action());
            assertThat(matcher.matches(selectorOf(probe).asRule(), example)).isTrue();
        }
        Set<String> expected = new HashSet<>();
        boolean allAllowed = true;
        boolean anyAllowed = false;
        for (Packet packet : PACKETS) {
            if (matcher.matches(selectorOf(probe).asRule(), packet)) {
                expected.add(name(policy, SmallDomain.firstMatch(policy, packet)));
                boolean allowed = SmallDomain.verdict(policy, packet) == Action.ALLOW;
                allAllowed &= allowed;
                anyAllowed |= allowed;
            }
        }
        assertThat(deciders).isEqualTo(expected);
        assertThat(answer.reachability()).isEqualTo(allAllowed ? ReachAnswer.Reachability.ALWAYS
                : anyAllowed ? ReachAnswer.Reachability.SOMETIMES : ReachAnswer.Reachability.NEVER);
    }

    /** The flows sharing the probe's direction, protocol, addresses and service port (any client port). */
    private static TrafficSelector selectorOf(Packet probe) {
        TrafficSelector selector = TrafficSelector.ALL.withDirection(probe.direction())
                .withLocalHosts(dev.portcullis.model.HostSet.of(
                        dev.portcullis.model.HostMatch.AddressBlock.parse(probe.localAddress().toCanonicalString())))
                .withRemoteHosts(dev.portcullis.model.HostSet.of(
                        dev.portcullis.model.HostMatch.AddressBlock.parse(probe.remoteAddress().toCanonicalString())));
        if (probe.hasPorts()) {
            selector = selector.withProtocol(probe.protocol() == 6 ? dev.portcullis.model.ProtocolMatch.TCP
                    : dev.portcullis.model.ProtocolMatch.UDP);
            dev.portcullis.model.PortSet service = dev.portcullis.model.PortSet.of(
                    probe.direction() == dev.portcullis.model.Direction.OUT ? probe.remotePort() : probe.localPort());
            selector = probe.direction() == dev.portcullis.model.Direction.OUT ? selector.withRemotePorts(service)
                    : selector.withLocalPorts(service);
        } else {
            selector = selector.withProtocol(new dev.portcullis.model.ProtocolMatch.IpProtocol(probe.protocol()));
        }
        return selector;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void narrowingKeepsTheFlowsAndOpensNothing(int seed) {
        Policy policy = policy(seed);
        Random random = new Random(seed * 31L);
        List<Packet> keep = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            keep.add(PACKETS.get(random.nextInt(PACKETS.size())));
        }
        NarrowingResult result = Narrowing.narrow(policy, keep, SmallDomain.RESOLVER);
        assertThat(result.proof().holds()).isTrue();
        Policy narrowed = result.narrowed();
        for (Packet packet : keep) {
            boolean allowedBefore = SmallDomain.verdict(policy, packet) == Action.ALLOW;
            assertThat(result.notAllowedByOriginal().contains(packet)).isEqualTo(!allowedBefore);
            if (allowedBefore) {
                assertThat(SmallDomain.verdict(narrowed, packet)).as("kept %s", packet).isEqualTo(Action.ALLOW);
            }
        }
        for (Packet packet : PACKETS) {
            if (SmallDomain.verdict(narrowed, packet) == Action.ALLOW) {
                assertThat(SmallDomain.verdict(policy, packet)).as("newly allowed %s", packet).isEqualTo(Action.ALLOW);
            }
        }
    }
}
