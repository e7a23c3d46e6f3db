package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import java.util.List;

/**
 * Every class of traffic whose verdict differs between two policies: one entry per pair of deciders (the rule, or
 * {@code default}, that decides it on each side), with the traffic as boxes and an example packet.
 */
public record DiffReport(String left, String right, List<Change> changes) {
    public DiffReport {
        changes = List.copyOf(changes);
    }

    public boolean identical() {
        return changes.isEmpty();
    }

    public record Change(String leftRule, Action leftAction, String rightRule, Action rightAction, Example example,
                         List<TrafficBox> traffic, boolean trafficTruncated) {
        public Change {
            traffic = List.copyOf(traffic);
        }
    }
}
