package dev.portcullis.model;

import java.util.List;

/**
 * A named part of the network, such as {@code internet}, {@code lan} or {@code appliance}: a set of addresses,
 * a set of interfaces, or both (a packet is in the zone if it matches either).
 * A zone with neither is "everything else", which is how {@code internet} is usually written.
 */
public record Zone(String name, List<HostMatch.AddressBlock> addresses, List<String> interfaces, String description) {
    public Zone {
        addresses = List.copyOf(addresses);
        interfaces = List.copyOf(interfaces);
    }

    public boolean isCatchAll() {
        return addresses.isEmpty() && interfaces.isEmpty();
    }
}
