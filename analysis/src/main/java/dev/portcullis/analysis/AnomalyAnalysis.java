package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds rule-order anomalies exactly, over the symbolic packet space (see {@link Finding.Kind} for the definitions),
 * and appends the over-broad rule findings of {@link OverbroadRules}.
 *
 * <p>Cost: one forward pass (reach of each rule), one backward pass (what the rules after each one decide), and a
 * pairwise pass over rules with different actions that a per-field interval hull lets overlap; only those pairs
 * touch the BDDs.
 */
public final class AnomalyAnalysis {
    private AnomalyAnalysis() {
    }

    public static AnomalyReport analyze(Policy policy) {
        return analyze(policy, NameResolver.NONE);
    }

    /** Live BDD nodes above which garbage is collected: {@code -Dportcullis.analysis.collectAbove}, default 8 M. */
    private static final long COLLECT_ABOVE = Long.getLong("portcullis.analysis.collectAbove", 8_000_000L);

    public static AnomalyReport analyze(Policy policy, NameResolver resolver) {
        return analyze(policy, resolver, COLLECT_ABOVE);
    }

    static AnomalyReport analyze(Policy policy, NameResolver resolver, long collectAbove) {
        Phases phases = new Phases();
        PacketSpace space = PacketSpace.of(resolver, List.of(policy), List.of());
        // Nothing but this analysis holds sets of this space, so it may collect garbage between rules.
        space.collectAbove = collectAbove;
        CompiledPolicy compiled = new CompiledPolicy(space, policy);
        phases.done("compile");
        List<Finding> findings = new ArrayList<>();
        if (!compiled.rulesApply) {
            findings.add(new Finding(Finding.Kind.RULES_IGNORED, List.of(), Optional.empty(),
                    "mode " + policy.mode().keyword() + " ignores every rule: all traffic gets "
                            + compiled.defaultAction.keyword()));
        } else {
            emptyAndShadowed(compiled, findings);
            phases.done("shadowed");
            redundant(compiled, findings);
            phases.done("redundant");
            conflicts(compiled, findings);
            phases.done("conflicts");
        }
        findings.addAll(OverbroadRules.find(compiled));
        phases.done("overbroad");
        phases.report(compiled.space.bdd.nodeCount());
        return new AnomalyReport(policy.name(), policy.rules().size(), findings);
    }

    /** Phase timings on standard error when -Dportcullis.analysis.trace=true, for the benchmark write-up. */
    private static final class Phases {
        private final boolean on = Boolean.getBoolean("portcullis.analysis.trace");
        private final StringBuilder text = new StringBuilder();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long last = System.nanoTime();
        private long lastCpu = threads.getCurrentThreadCpuTime();

        void done(String phase) {
            if (!on) {
                return;
            }
            long now = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            // CPU seconds too: on a shared machine the wall time includes waiting for a core.
            text.append(String.format(" %s=%.2fs(cpu %.2fs)", phase, (now - last) / 1e9, (cpu - lastCpu) / 1e9));
            System.err.println("analysis phase " + phase + " " + (now - last) / 1_000_000 + " ms");
            last = now;
            lastCpu = cpu;
        }

        void report(int nodes) {
            if (on) {
                System.err.println("analysis phases:" + text + " bdd-nodes=" + nodes);
            }
        }
    }

    private static void emptyAndShadowed(CompiledPolicy c, List<Finding> findings) {
        Bdd bdd = c.space.bdd;
        for (int i = 0; i < c.rules.size(); i++) {
            Rule rule = c.rules.get(i);
            if (!rule.enabled()) {
                continue;
            }
            if (c.match[i] == Bdd.FALSE) {
                findings.add(new Finding(Finding.Kind.NEVER_MATCHES, List.of(rule.id()), Optional.empty(),
                        "rule " + rule.id() + " matches no packet at all"));
                continue;
            }
            if (c.reach[i] != Bdd.FALSE) {
                continue;
            }
            // The earlier rules that take its packets, each taking those no rule before it took.
            // Rule j takes some of its packets exactly when reach(j) meets match(i): what is left of match(i)
            // when j's turn comes is match(i) minus every rule before j, and reach(j) is match(j) minus those
            // same rules. A node-free test per earlier neighbour instead of one rebuilt difference each.
            List<String> ids = new ArrayList<>();
            boolean sameAction = true;
            int firstTaken = -1; // the first earlier rule that takes some of its packets
            for (int j : c.neighbours[i]) {
                if (j >= i) {
                    break;
                }
                if (bdd.intersects(c.match[i], c.reach[j])) {
                    ids.add(c.rules.get(j).id());
                    sameAction &= c.rules.get(j).action() == rule.action();
                    if (firstTaken < 0) {
                        firstTaken = j;
                    }
                }
            }
            // The example: a packet the rule matches, decided by the first earlier rule that takes it.
            Example example = c.space.example(c.match[i], c.match[firstTaken]);
            List<String> involved = new ArrayList<>(ids);
            involved.add(rule.id());
            c.collectGarbage(c.rules.size());
            findings.add(new Finding(Finding.Kind.SHADOWED, involved, Optional.of(example),
                    "rule " + rule.id() + " never fires: every packet it matches is decided earlier by "
                            + (ids.size() == 1 ? "rule " : "rules ") + String.join(", ", ids)
                            + (ids.size() > 1 ? " together" : "")
                            + (sameAction ? " with the same action; removing it changes nothing"
                            : ", some with a different action; the rule's intent is lost")));
        }
    }

    /**
     * A rule that fires is redundant when, without it, each packet it decides would get the same action: follow
     * its decided packets through the later rules that can overlap it, in order (each takes what no rule between
     * took), and finally to the default.
     */
    private static void redundant(CompiledPolicy c, List<Finding> findings) {
        Bdd bdd = c.space.bdd;
        for (int i = 0; i < c.rules.size(); i++) {
            if (c.reach[i] == Bdd.FALSE) {
                continue;
            }
            Rule rule = c.rules.get(i);
            List<String> takers = new ArrayList<>();
            int rest = c.reach[i];
            boolean same = true;
            for (int j : c.neighbours[i]) {
                if (j <= i) {
                    continue;
                }
                if (rest == Bdd.FALSE) {
                    break;
                }
                if (bdd.intersects(rest, c.match[j])) {
                    if (c.rules.get(j).action() != rule.action()) {
                        same = false;
                        break;
                    }
                    takers.add(c.rules.get(j).id());
                    rest = bdd.diff(rest, c.match[j]);
                }
            }
            if (same && rest != Bdd.FALSE) {
                same = c.defaultAction == rule.action();
                takers.add("default");
            }
            c.collectGarbage(c.rules.size());
            if (!same) {
                continue;
            }
            List<String> involved = new ArrayList<>();
            involved.add(rule.id());
            involved.addAll(takers);
            findings.add(new Finding(Finding.Kind.REDUNDANT, involved, Optional.of(c.space.example(c.reach[i], c.match[i])),
                    "rule " + rule.id() + " fires, but without it every packet it decides would still get "
                            + rule.action().keyword() + " from " + String.join(", ", takers)
                            + "; removing it (alone) changes nothing"));
        }
    }

    private static void conflicts(CompiledPolicy c, List<Finding> findings) {
        Bdd bdd = c.space.bdd;
        int n = c.rules.size();
        List<Finding> generalizations = new ArrayList<>();
        List<Finding> correlations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (c.reach[i] == Bdd.FALSE) {
                continue; // conflicts need the earlier rule to decide part of the overlap
            }
            Rule first = c.rules.get(i);
            CompiledPolicy.Hull hull = c.hulls[i];
            for (int j : c.neighbours[i]) {
                Rule second = c.rules.get(j);
                if (j <= i || second.action() == first.action()) {
                    continue;
                }
                boolean secondInFirst;
                boolean firstInSecond;
                if (hull.exact() && c.hulls[j].exact()) {
                    // Two boxes that overlap (hulls checked above): containment is interval arithmetic.
                    secondInFirst = hull.containsBox(c.hulls[j]);
                    firstInSecond = c.hulls[j].containsBox(hull);
                } else {
                    if (!bdd.intersects(c.match[i], c.match[j])) {
                        continue;
                    }
                    secondInFirst = bdd.isSubset(c.match[j], c.match[i]);
                    firstInSecond = !secondInFirst && bdd.isSubset(c.match[i], c.match[j]);
                }
                if (secondInFirst) {
                    continue; // the later rule lies inside the earlier one: reported as shadowed
                }
                // Only overlaps where the order matters: some packet of the overlap is decided by the earlier
                // rule. An overlap wholly taken by rules before both is not a conflict between these two.
                if (!bdd.intersects(c.reach[i], c.match[j])) {
                    continue;
                }
                Example example = c.space.example(c.reach[i], c.match[j]);
                List<String> ids = List.of(first.id(), second.id());
                if (firstInSecond) {
                    generalizations.add(new Finding(Finding.Kind.GENERALIZATION, ids, Optional.of(example),
                            "rule " + second.id() + " (" + second.action().keyword() + ") matches everything earlier rule "
                                    + first.id() + " (" + first.action().keyword() + ") matches: "
                                    + first.id() + " is an exception to " + second.id()));
                } else {
                    correlations.add(new Finding(Finding.Kind.CORRELATION, ids, Optional.of(example),
                            "rules " + first.id() + " (" + first.action().keyword() + ") and " + second.id() + " ("
                                    + second.action().keyword() + ") overlap partially; in the overlap "
                                    + first.id() + " wins because it comes first"));
                }
            }
        }
        findings.addAll(generalizations);
        findings.addAll(correlations);
    }
}
