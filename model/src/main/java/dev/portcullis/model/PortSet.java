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

    private static final java.util.regex.Pattern SERVICE_NAME =
            java.util.regex.Pattern.compile("[a-zA-Z][a-zA-Z0-9._+-]*");

    /**
     * One item of a port clause: a port ({@code 25}), a range ({@code 6660-6670}) or a service name ({@code smtp})
     * resolved for {@code transport} ({@code tcp}, {@code udp}, {@code tcp+udp}) by {@code names}.
     */
    public static PortRange parseItem(String text, String transport, ServiceNames names) {
        String trimmed = text.strip();
        if (PortRange.looksNumeric(trimmed)) {
            return PortRange.parse(trimmed);
        }
        if (SERVICE_NAME.matcher(trimmed).matches()) {
            return names.resolve(trimmed, transport).orElseThrow(() -> new IllegalArgumentException(
                    "unknown service name '" + trimmed + "' for " + transport));
        }
        throw new IllegalArgumentException("'" + trimmed + "' is not a port, port range or service name");
    }

    /** Items separated by commas (or spaces): {@code "23, 5050"}, {@code "smtp 587"}. */
    public static PortSet parse(String text, String transport, ServiceNames names) {
        java.util.List<PortRange> ranges = new java.util.ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isBlank()) {
                ranges.add(parseItem(item, transport, names));
            }
        }
        return new PortSet(ranges);
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
