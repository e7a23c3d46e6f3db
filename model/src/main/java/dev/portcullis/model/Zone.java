package dev.portcullis.model;

import java.util.List;

/**
 * A named part of the network, such as {@code internet}, {@code lan} or {@code appliance}: a set of addresses,
 * a set of interfaces, or both (a packet is in the zone if it matches either).
 * A zone with neither is "everything else", which is how {@code internet} is usually written.
 *
 * <p>An interface entry ending in {@code *} is a prefix pattern, as in nftables' {@code iifname "eth*"}:
 * {@code eth*} matches {@code eth0} and {@code eth1.100}, and {@code *} alone matches every interface. A
 * {@code *} anywhere else is not a wildcard and is refused when the policy is read.
 */
public record Zone(String name, List<HostMatch.AddressBlock> addresses, List<String> interfaces, String description) {
    public Zone {
        addresses = List.copyOf(addresses);
        interfaces = List.copyOf(interfaces);
    }

    public boolean isCatchAll() {
        return addresses.isEmpty() && interfaces.isEmpty();
    }

    /** Whether a packet seen on interface {@code name} is on one of this zone's interfaces (patterns included). */
    public boolean hasInterface(String name) {
        for (String pattern : interfaces) {
            if (interfaceMatches(pattern, name)) {
                return true;
            }
        }
        return false;
    }

    /** The one definition of an interface pattern: a trailing {@code *} matches any rest, else exact equality. */
    public static boolean interfaceMatches(String pattern, String name) {
        return pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(name);
    }
}
