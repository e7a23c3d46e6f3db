package dev.portcullis.analysis;

import java.util.List;
import java.util.Optional;

/**
 * Traffic a policy allows within the selected traffic, as disjoint boxes; {@code truncated} when the list was cut at
 * the box limit. {@code example} is one allowed packet, empty when nothing is allowed.
 */
public record TrafficAnswer(List<TrafficBox> boxes, boolean truncated, Optional<Example> example) {
    public TrafficAnswer {
        boxes = List.copyOf(boxes);
    }
}
