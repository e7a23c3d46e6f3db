package dev.portcullis.model;

import java.util.List;
import java.util.stream.Collectors;

/** The hosts a rule clause matches; an empty list means any host. */
public record HostSet(List<HostMatch> entries) {
    public static final HostSet ANY = new HostSet(List.of());

    public HostSet {
        entries = List.copyOf(entries);
    }

    public static HostSet of(HostMatch... entries) {
        return new HostSet(List.of(entries));
    }

    public boolean isAny() {
        return entries.isEmpty();
    }

    /** Whether any entry is a host name that needs resolving before the rule can be evaluated or compiled. */
    public boolean hasHostNames() {
        return entries.stream().anyMatch(HostMatch.HostName.class::isInstance);
    }

    @Override
    public String toString() {
        return isAny() ? "any" : entries.stream().map(Object::toString).collect(Collectors.joining(","));
    }
}
