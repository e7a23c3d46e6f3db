package dev.portcullis.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An expanded policy: a mode, the zones its rules refer to, and the ordered rule list (first match wins).
 * Preset instances have already been expanded into rules that remember their origin.
 */
public record Policy(String name, Mode mode, List<Zone> zones, List<Rule> rules, Settings settings) {
    public Policy {
        zones = List.copyOf(zones);
        rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule id '" + rule.id() + "' is used twice");
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

    public Policy withRules(List<Rule> newRules) {
        return new Policy(name, mode, zones, newRules, settings);
    }

    public Policy withMode(Mode newMode) {
        return new Policy(name, newMode, zones, rules, settings);
    }
}
