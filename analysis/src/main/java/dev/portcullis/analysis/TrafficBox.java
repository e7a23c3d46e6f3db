package dev.portcullis.analysis;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One box of traffic: for each header field that is constrained, the values it takes, as text (ranges, prefixes,
 * names). A field left out takes every value. Keys, in this order: direction, version, protocol, local, remote,
 * local-port, remote-port, icmp-type, icmp-code, tcp-flags, interface, executable, user, cgroup, and
 * {@code local:NAME}/{@code remote:NAME} for unresolved host names.
 */
public record TrafficBox(Map<String, String> fields) {
    public TrafficBox {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
        if (fields.isEmpty()) {
            return "all traffic";
        }
        return fields.entrySet().stream()
                .map(e -> switch (e.getKey()) {
                    case "direction", "protocol" -> e.getValue();
                    case "version" -> "ipv" + e.getValue();
                    default -> e.getKey() + " " + e.getValue();
                })
                .collect(Collectors.joining(" "));
    }
}
