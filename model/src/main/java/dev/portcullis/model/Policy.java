package dev.portcullis.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An expanded policy: a mode, the zones its rules refer to, and the ordered rule list (first match wins).
 * Preset instances have already been expanded into rules that remember their origin.
 *
 * <p>A {@link Role#HOST} policy protects the machine Portcullis runs on: every rule is a host rule. A
 * {@link Role#GATEWAY} policy protects the networks behind it too: forward rules (scope {@code FORWARD}) decide
 * traffic passing through, first match wins among them; what none decides falls to the first covering
 * {@link ZoneDefault}, then to the mode; {@link Nat} translates addresses. The host rules of a gateway still
 * decide the gateway's own traffic.
 */
public record Policy(String name, Mode mode, List<Zone> zones, List<Rule> rules, Settings settings, Role role,
                     List<ZoneDefault> zoneDefaults, Nat nat) {

    /** What a policy protects. */
    public enum Role {
        /** The machine it is applied on, and nothing behind it. */
        HOST,
        /** The machine and the networks it forwards between (zones, forward rules, zone defaults, NAT). */
        GATEWAY;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(nat, "nat");
        zones = List.copyOf(zones);
        rules = List.copyOf(rules);
        zoneDefaults = List.copyOf(zoneDefaults);
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule id '" + rule.id() + "' is used twice");
            }
            if (rule.scope() == Rule.Scope.FORWARD && role != Role.GATEWAY) {
                throw new IllegalArgumentException("rule '" + rule.id() + "' is a forward rule in a host policy");
            }
        }
        Set<String> zoneNames = new HashSet<>();
        for (Zone zone : zones) {
            if (!zoneNames.add(zone.name())) {
                throw new IllegalArgumentException("zone '" + zone.name() + "' is defined twice");
            }
        }
        for (Rule rule : rules) {
            for (HostSet hosts : List.of(rule.localHosts(), rule.remoteHosts())) {
                for (HostMatch host : hosts.entries()) {
                    if (host instanceof HostMatch.ZoneRef ref && !zoneNames.contains(ref.zone())) {
                        throw new IllegalArgumentException("rule '" + rule.id() + "' refers to undefined zone '"
                                + ref.zone() + "'");
                    }
                }
            }
        }
        if (role != Role.GATEWAY && (!zoneDefaults.isEmpty() || !nat.isEmpty())) {
            throw new IllegalArgumentException("zone defaults and NAT belong to a gateway policy");
        }
        for (ZoneDefault pair : zoneDefaults) {
            for (String zone : List.of(pair.from(), pair.to())) {
                if (!zone.equals(ZoneDefault.ANY) && !zoneNames.contains(zone)) {
                    throw new IllegalArgumentException("zone default " + pair + " names undefined zone '" + zone + "'");
                }
            }
        }
        for (Nat.Masquerade m : nat.masquerades()) {
            checkZone(zoneNames, m.from(), "masquerade " + m.id());
            checkZone(zoneNames, m.to(), "masquerade " + m.id());
        }
        for (Nat.PortForward f : nat.portForwards()) {
            checkZone(zoneNames, f.from(), "port forward " + f.id());
        }
    }

    /** A host policy (the form every policy had before gateways). */
    public Policy(String name, Mode mode, List<Zone> zones, List<Rule> rules, Settings settings) {
        this(name, mode, zones, rules, settings, Role.HOST, List.of(), Nat.NONE);
    }

    private static void checkZone(Set<String> zoneNames, String zone, String what) {
        if (!zone.equals(ZoneDefault.ANY) && !zoneNames.contains(zone)) {
            throw new IllegalArgumentException(what + " names undefined zone '" + zone + "'");
        }
    }

    public static Policy of(Mode mode, List<Rule> rules) {
        return new Policy("policy", mode, List.of(), rules, Settings.DEFAULTS);
    }

    public Optional<Zone> zone(String zoneName) {
        return zones.stream().filter(z -> z.name().equals(zoneName)).findFirst();
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public boolean isGateway() {
        return role == Role.GATEWAY;
    }

    /** The rules of one scope, in order: the host's own, or the forward rules. */
    public List<Rule> rules(Rule.Scope scope) {
        return rules.stream().filter(r -> r.scope() == scope).toList();
    }

    public Policy withRules(List<Rule> newRules) {
        return new Policy(name, mode, zones, newRules, settings, role, zoneDefaults, nat);
    }

    public Policy withMode(Mode newMode) {
        return new Policy(name, newMode, zones, rules, settings, role, zoneDefaults, nat);
    }
}
