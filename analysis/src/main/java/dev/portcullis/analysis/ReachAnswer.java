package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import java.util.List;

/**
 * Whether the asked-about flows pass: {@code ALWAYS} (every one), {@code SOMETIMES} (some, e.g. only from some
 * source ports) or {@code NEVER}; and for each rule that decides some of them (or {@code default}) its action and
 * an example packet.
 */
public record ReachAnswer(Reachability reachability, List<Decision> decisions) {
    public ReachAnswer {
        decisions = List.copyOf(decisions);
    }

    public enum Reachability { ALWAYS, SOMETIMES, NEVER }

    public record Decision(String rule, Action action, Example example) {
    }
}
