package dev.portcullis.model;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Map;

/**
 * Turns host names into addresses. The CLI uses the system resolver behind a cache; tests use a fixed table.
 * A name that does not resolve yields an empty list, so a rule naming it matches nothing, never everything.
 */
@FunctionalInterface
public interface NameResolver {
    List<IPAddress> resolve(String hostName);

    /** Resolves nothing: every host-name rule matches no packet. */
    NameResolver NONE = name -> List.of();

    /** A fixed table, for tests and for names pinned in a policy file. */
    static NameResolver fixed(Map<String, List<String>> table) {
        Map<String, List<IPAddress>> parsed = new java.util.HashMap<>();
        table.forEach((name, addresses) -> parsed.put(name.toLowerCase(java.util.Locale.ROOT),
                addresses.stream().map(Packet::parseAddress).toList()));
        Map<String, List<IPAddress>> frozen = Map.copyOf(parsed);
        return name -> frozen.getOrDefault(name, List.of());
    }
}
