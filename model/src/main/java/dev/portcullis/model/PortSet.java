package dev.portcullis.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of ports as the author wrote it: singles, ranges and named services, in order. An empty list means
 * any port, which is what a rule without a port clause matches.
 */
public record PortSet(List<PortRange> ranges) {
    public static final PortSet ANY = new PortSet(List.of());

    public PortSet {
        ranges = List.copyOf(ranges);
    }

    public static PortSet of(PortRange... ranges) {
        return new PortSet(List.of(ranges));
    }

    public static PortSet of(int... ports) {
        return new PortSet(java.util.Arrays.stream(ports).mapToObj(PortRange::of).toList());
    }

    public boolean isAny() {
        return ranges.isEmpty();
    }

    public boolean contains(int port) {
        if (isAny()) {
            return true;
        }
        for (PortRange range : ranges) {
            if (range.contains(port)) {
                return true;
            }
        }
        return false;
    }

    /** The same ports, sorted and with overlapping or adjacent ranges merged; names are dropped. */
    public List<PortRange> normalized() {
        if (isAny()) {
            return List.of(PortRange.of(PortRange.MIN_PORT, PortRange.MAX_PORT));
        }
        List<PortRange> sorted = ranges.stream().sorted().toList();
        java.util.ArrayList<PortRange> merged = new java.util.ArrayList<>();
        int first = sorted.get(0).first();
        int last = sorted.get(0).last();
        for (PortRange range : sorted.subList(1, sorted.size())) {
            if (range.first() <= last + 1) {
                last = Math.max(last, range.last());
            } else {
                merged.add(PortRange.of(first, last));
                first = range.first();
                last = range.last();
            }
        }
        merged.add(PortRange.of(first, last));
        return List.copyOf(merged);
    }

    @Override
    public String toString() {
        return isAny() ? "any" : ranges.stream().map(PortRange::toString).collect(Collectors.joining(","));
    }
}
