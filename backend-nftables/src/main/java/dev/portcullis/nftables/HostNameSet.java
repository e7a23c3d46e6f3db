package dev.portcullis.nftables;

import inet.ipaddr.IPAddress;
import java.util.List;

/**
 * The pair of named sets ({@code <set>_v4}, {@code <set>_v6}) that stands for one host name in the compiled
 * table, with the addresses the name resolved to when the script was made. {@code refresh} re-resolves the name
 * and replaces only these elements.
 */
public record HostNameSet(String set, String hostName, List<IPAddress> addresses) {
    public HostNameSet {
        addresses = List.copyOf(addresses);
    }

    public String ipv4Set() {
        return set + "_v4";
    }

    public String ipv6Set() {
        return set + "_v6";
    }

    List<IPAddress> ipv4() {
        return addresses.stream().filter(IPAddress::isIPv4).toList();
    }

    List<IPAddress> ipv6() {
        return addresses.stream().filter(IPAddress::isIPv6).toList();
    }
}
