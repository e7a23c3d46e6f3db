package dev.portcullis.model;

import java.util.Objects;

/**
 * What a gateway does with forwarded traffic from one zone to another that no forward rule decides, in the
 * spirit of Shorewall's policy file and firewalld's policies: {@code lan -> internet: allow}. {@code any} stands
 * for every zone. The first default whose pair covers the packet's zones applies; then the policy's mode.
 */
public record ZoneDefault(String from, String to, Action action, Origin origin) {
    /** The word that stands for every zone in a pair. */
    public static final String ANY = "any";

    public ZoneDefault {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
    }

    /** Whether this default's pair covers a packet from zone {@code fromZone} to zone {@code toZone}. */
    public boolean covers(String fromZone, String toZone) {
        return (from.equals(ANY) || from.equals(fromZone)) && (to.equals(ANY) || to.equals(toZone));
    }

    @Override
    public String toString() {
        return from + " -> " + to + ": " + action.keyword();
    }
}
