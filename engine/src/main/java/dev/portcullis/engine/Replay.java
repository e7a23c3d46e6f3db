package dev.portcullis.engine;

import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a time-ordered flow file through a fresh stateful {@link Engine} whose clock is the file's time, and
 * counts rule hits: what {@code portcullis replay} prints.
 */
public final class Replay {
    private Replay() {
    }

    public static ReplayResult run(Policy policy, NameResolver resolver, List<FlowRecord> flows) {
        ManualClock clock = ManualClock.atEpoch();
        Engine engine = new Engine(policy, resolver, clock);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Rule rule : policy.rules()) {
            counts.put(rule.id(), new long[2]);
        }
        List<ReplayResult.Verdict> verdicts = new ArrayList<>();
        for (FlowRecord flow : flows) {
            clock.set(Instant.EPOCH.plus(flow.time()));
            Decision decision = flow.quoted().isPresent()
                    ? engine.decideIcmpError(flow.packet(), flow.quoted().get())
                    : engine.decide(flow.packet());
            verdicts.add(new ReplayResult.Verdict(flow, decision));
            decision.rule().ifPresent(rule -> {
                long[] hits = counts.get(rule.id());
                switch (decision.reason()) {
                    case MATCHED_RULE -> hits[0]++;
                    case ESTABLISHED, TRACKED_REPLY, RELATED_ICMP -> hits[1]++;
                    case DEFAULT_OF_MODE, MODE_STOP_ALL, MODE_DISABLED -> {
                    }
                }
            });
        }
        List<ReplayResult.RuleHits> hits = policy.rules().stream()
                .map(rule -> new ReplayResult.RuleHits(rule, counts.get(rule.id())[0], counts.get(rule.id())[1]))
                .toList();
        List<Rule> unused = hits.stream().filter(h -> h.matched() == 0).map(ReplayResult.RuleHits::rule).toList();
        return new ReplayResult(verdicts, hits, unused, engine.learned(policy.name() + "-learned"));
    }
}
