package dev.portcullis.engine;

import dev.portcullis.model.Action;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import dev.portcullis.model.StateMatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stateful engine: connection tracking in front of the {@link FirstMatchEvaluator}, as a stateful firewall
 * runs it. For each packet, in order:
 * <ol>
 *   <li>stop-all blocks and disabled allows, before anything else (tracked flows included);</li>
 *   <li>in a stateful policy, a packet of a live tracked flow passes, either way ({@code ESTABLISHED} or
 *   {@code TRACKED_REPLY}), whatever the rules say;</li>
 *   <li>otherwise the first matching rule decides, else the mode's default; learning mode records the packets
 *   that reach the default and could open a flow (connection attempts);</li>
 *   <li>an allowed packet that can open a flow (see {@link ConnectionTracker}) opens one, unless the rule that
 *   allowed it is itself a static return rule (state established or related).</li>
 * </ol>
 * An ICMP error is related to a tracked flow only through {@link #decideIcmpError}, which is given the packet
 * the error quotes: the model's packet has no room for the quoted header. Through {@link #decide} an ICMP error
 * is an ordinary packet for the rules.
 *
 * <p>Not thread-safe; one engine per packet path.
 */
public final class Engine {
    private final FirstMatchEvaluator evaluator;
    private final ConnectionTracker tracker;
    private final Learner learner = new Learner();

    public Engine(Policy policy, NameResolver resolver, Clock clock) {
        this(new FirstMatchEvaluator(policy, resolver), new ConnectionTracker(policy.settings(), clock));
    }

    /** An engine over a given evaluator, e.g. one with a classifier lookup, and a given connection table. */
    public Engine(FirstMatchEvaluator evaluator, ConnectionTracker tracker) {
        this.evaluator = evaluator;
        this.tracker = tracker;
    }

    public Policy policy() {
        return evaluator.policy();
    }

    public ConnectionTracker tracker() {
        return tracker;
    }

    /** What learning mode has recorded so far, as candidate rules; empty unless the policy is in learning mode. */
    public LearnedPreset learned(String presetName) {
        return learner.preset(presetName);
    }

    /** Decides a packet and updates the connection table with it. */
    public Decision decide(Packet packet) {
        Mode mode = policy().mode();
        if (Decision.modeOverridesRules(mode)) {
            return Decision.ofMode(mode);
        }
        if (stateful()) {
            Optional<ConnectionTracker.FlowMatch> found = tracker.find(packet);
            if (found.isPresent()) {
                ConnectionTracker.FlowMatch match = tracker.advance(found.get(), packet);
                return tracked(match);
            }
        }
        return decideByRules(packet);
    }

    /**
     * Decides an ICMP error given the packet it quotes ({@code offending}: the packet that caused the error, as
     * it was sent). The error passes as {@code RELATED_ICMP} when the quoted packet belongs to a live tracked
     * flow; otherwise the rules decide it like any packet. The flow is not refreshed by its errors.
     */
    public Decision decideIcmpError(Packet error, Packet offending) {
        requireIcmpError(error);
        Mode mode = policy().mode();
        if (Decision.modeOverridesRules(mode)) {
            return Decision.ofMode(mode);
        }
        if (stateful()) {
            Optional<TrackedFlow> flow = tracker.relatedFlow(offending);
            if (flow.isPresent()) {
                return new Decision(Action.ALLOW, Decision.Reason.RELATED_ICMP, flow.get().openedBy());
            }
        }
        return decideByRules(error);
    }

    /** The decision {@link #decide} would give now, step by step; changes nothing. */
    public Explanation explain(Packet packet) {
        Mode mode = policy().mode();
        if (Decision.modeOverridesRules(mode) || !stateful()) {
            return withStatelessNote(evaluator.explain(packet));
        }
        Optional<ConnectionTracker.FlowMatch> found = tracker.find(packet);
        if (found.isPresent()) {
            return new Explanation(packet, tracked(found.get()),
                    List.of(new Explanation.Step.TrackedFlowFound(found.get().flow(), found.get().reply())));
        }
        return evaluator.explain(packet);
    }

    /** The decision {@link #decideIcmpError} would give now, step by step; changes nothing. */
    public Explanation explainIcmpError(Packet error, Packet offending) {
        requireIcmpError(error);
        Mode mode = policy().mode();
        if (Decision.modeOverridesRules(mode) || !stateful()) {
            return withStatelessNote(evaluator.explain(error));
        }
        Optional<TrackedFlow> flow = tracker.relatedFlow(offending);
        if (flow.isPresent()) {
            return new Explanation(error, new Decision(Action.ALLOW, Decision.Reason.RELATED_ICMP, flow.get().openedBy()),
                    List.of(new Explanation.Step.RelatedToFlow(flow.get(), offending)));
        }
        Explanation byRules = evaluator.explain(error);
        List<Explanation.Step> steps = new ArrayList<>();
        steps.add(new Explanation.Step.NotRelated(offending));
        steps.addAll(byRules.steps());
        return new Explanation(error, byRules.decision(), steps);
    }

    private Decision decideByRules(Packet packet) {
        Decision decision = evaluator.decide(packet);
        // Like the old rules wizard, learn from connection attempts only: a stray ACK or an ICMP error is no
        // service that a candidate rule should open.
        if (policy().mode() == Mode.LEARNING && decision.reason() == Decision.Reason.DEFAULT_OF_MODE
                && ConnectionTracker.opensFlow(packet)) {
            learner.record(packet);
        }
        if (stateful() && decision.permits() && ConnectionTracker.opensFlow(packet)
                && decision.rule().map(Engine::opensFlows).orElse(true)) {
            tracker.open(packet, decision.rule());
        }
        return decision;
    }

    /** Static return rules (from the stateless expansion) let packets back in; they never start a flow. */
    private static boolean opensFlows(Rule rule) {
        return rule.state() == StateMatch.ANY || rule.state() == StateMatch.NEW;
    }

    private static Decision tracked(ConnectionTracker.FlowMatch match) {
        return new Decision(Action.ALLOW,
                match.reply() ? Decision.Reason.TRACKED_REPLY : Decision.Reason.ESTABLISHED, match.flow().openedBy());
    }

    private Explanation withStatelessNote(Explanation explanation) {
        if (Decision.modeOverridesRules(policy().mode())) {
            return explanation;
        }
        List<Explanation.Step> steps = new ArrayList<>();
        steps.add(new Explanation.Step.Stateless());
        steps.addAll(explanation.steps());
        return new Explanation(explanation.packet(), explanation.decision(), steps);
    }

    private boolean stateful() {
        return policy().settings().stateful();
    }

    private static void requireIcmpError(Packet error) {
        if (!RuleMatcher.isIcmpError(error)) {
            throw new IllegalArgumentException("packet " + error + " is not an ICMP error (v4 types 3, 4, 11, 12;"
                    + " v6 types 1-4)");
        }
    }
}
