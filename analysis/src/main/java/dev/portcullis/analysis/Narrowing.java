package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Least-privilege narrowing: shrink each allow rule to what the kept flows use, drop allow rules no kept flow
 * uses, then prove the result on the symbolic packet space.
 *
 * <p>What is narrowed, per allow rule and from the kept flows it decides: direction (both to the one used),
 * protocol (tcp+udp to the one used, any to the single protocol used when the rule has no ports, ICMP to the
 * types used), service ports (the remote port of outbound flows and the local port of inbound ones) to the ports
 * used, and host lists of several entries to the entries used. Client (ephemeral) ports and "any host" clauses are
 * kept: a client port changes with every connection, and an address seen once is no promise about the next.
 *
 * <p>Why this is safe: only allow rules shrink or go, so every packet the narrowed policy allows was allowed by
 * the original (a packet a shrunk rule lets go falls to later rules that the original also reached after an
 * allow); and each kept flow still matches its shrunk rule, which no block rule precedes. The proof checks both.
 */
public final class Narrowing {
    private Narrowing() {
    }

    public static NarrowingResult narrow(Policy policy, List<Packet> keep, NameResolver resolver) {
        PacketSpace space = PacketSpace.of(resolver, List.of(policy), List.of());
        CompiledPolicy original = new CompiledPolicy(space, policy);
        Bdd bdd = space.bdd;

        Map<Integer, List<Packet>> flowsByRule = new LinkedHashMap<>();
        List<Packet> blocked = new ArrayList<>();
        int kept = Bdd.FALSE;
        for (Packet packet : keep) {
            if (!space.contains(original.allowed(), packet)) {
                blocked.add(packet);
                continue;
            }
            kept = bdd.or(kept, space.packet(packet));
            int decider = original.decider(packet);
            flowsByRule.computeIfAbsent(decider, k -> new ArrayList<>()).add(packet);
        }

        List<Rule> rules = new ArrayList<>();
        List<NarrowingResult.RuleChange> changes = new ArrayList<>();
        boolean rulesApply = original.rulesApply;
        for (int i = 0; i < policy.rules().size(); i++) {
            Rule rule = policy.rules().get(i);
            if (!rulesApply || !rule.enabled() || rule.action() != Action.ALLOW) {
                rules.add(rule);
                continue;
            }
            List<Packet> flows = flowsByRule.getOrDefault(i, List.of());
            if (flows.isEmpty()) {
                changes.add(change(space, policy, rule, null, 0, List.of("no kept flow uses it"),
                        original.match[i], Bdd.FALSE));
                continue;
            }
            List<String> notes = new ArrayList<>();
            Rule narrowed = narrowRule(rule, flows, policy, resolver, notes);
            rules.add(narrowed);
            if (!narrowed.equals(rule)) {
                int after = space.match(narrowed, policy.zones());
                changes.add(change(space, policy, rule, narrowed, flows.size(), notes, original.match[i], after));
            }
        }
        Policy result = policy.withRules(rules);
        CompiledPolicy narrowedCompiled = new CompiledPolicy(space, result);
        int lostKept = bdd.diff(kept, narrowedCompiled.allowed());
        int opened = bdd.diff(narrowedCompiled.allowed(), original.allowed());
        Optional<Example> counterexample = lostKept != Bdd.FALSE ? Optional.of(space.example(lostKept))
                : opened != Bdd.FALSE ? Optional.of(space.example(opened)) : Optional.empty();
        int newlyBlocked = bdd.diff(original.allowed(), narrowedCompiled.allowed());
        List<Boxes.RawBox> raw = Boxes.of(space, newlyBlocked, PolicyQueries.DEFAULT_BOX_LIMIT + 1);
        NarrowingResult.Proof proof = new NarrowingResult.Proof(lostKept == Bdd.FALSE, opened == Bdd.FALSE,
                counterexample,
                raw.stream().limit(PolicyQueries.DEFAULT_BOX_LIMIT).map(b -> Boxes.render(space, b)).toList(),
                raw.size() > PolicyQueries.DEFAULT_BOX_LIMIT);
        return new NarrowingResult(result, changes, blocked, proof);
    }

    private static NarrowingResult.RuleChange change(PacketSpace space, Policy policy, Rule before, Rule after,
                                                     int flows, List<String> notes, int beforeSet, int afterSet) {
        int removed = space.bdd.diff(beforeSet, afterSet);
        List<Boxes.RawBox> raw = Boxes.of(space, removed, 101);
        return new NarrowingResult.RuleChange(before.id(),
                after == null ? NarrowingResult.ChangeKind.REMOVED : NarrowingResult.ChangeKind.NARROWED,
                before.summary(), after == null ? "" : after.summary(), flows, notes,
                raw.stream().limit(100).map(b -> Boxes.render(space, b)).toList(), raw.size() > 100);
    }

    static Rule narrowRule(Rule rule, List<Packet> flows, Policy policy, NameResolver resolver, List<String> notes) {
        Rule.Builder builder = rule.toBuilder();
        TreeSet<Direction> directions = new TreeSet<>();
        TreeSet<Integer> protocols = new TreeSet<>();
        flows.forEach(p -> {
            directions.add(p.direction());
            protocols.add(p.protocol());
        });
        if (rule.direction() == Direction.BOTH && directions.size() == 1) {
            builder.direction(directions.first());
            notes.add("direction both -> " + directions.first().keyword());
        }
        ProtocolMatch protocol = narrowProtocol(rule, flows, protocols);
        if (!protocol.equals(rule.protocol())) {
            builder.protocol(protocol);
            notes.add("protocol " + rule.protocol() + " -> " + protocol);
        }
        if (protocol.carriesPorts()) {
            builder.localPorts(narrowPorts(rule.localPorts(), flows, true, "local", notes));
            builder.remotePorts(narrowPorts(rule.remotePorts(), flows, false, "remote", notes));
        }
        builder.localHosts(narrowHosts(rule, rule.localHosts(), flows, policy, resolver, true, notes));
        builder.remoteHosts(narrowHosts(rule, rule.remoteHosts(), flows, policy, resolver, false, notes));
        return builder.build();
    }

    private static ProtocolMatch narrowProtocol(Rule rule, List<Packet> flows, TreeSet<Integer> used) {
        return switch (rule.protocol()) {
            case ProtocolMatch.TcpUdp both when used.size() == 1 ->
                    used.first() == IpProtocols.TCP ? ProtocolMatch.TCP : ProtocolMatch.UDP;
            case ProtocolMatch.AnyProtocol any when used.size() == 1 && rule.localPorts().isAny()
                    && rule.remotePorts().isAny() -> switch (used.first()) {
                        case IpProtocols.TCP -> ProtocolMatch.TCP;
                        case IpProtocols.UDP -> ProtocolMatch.UDP;
                        case IpProtocols.ICMP -> new ProtocolMatch.Icmp(List.of());
                        case IpProtocols.ICMPV6 -> new ProtocolMatch.Icmpv6(List.of());
                        default -> new ProtocolMatch.IpProtocol(used.first());
                    };
            case ProtocolMatch.Icmp icmp -> new ProtocolMatch.Icmp(usedTypes(icmp.types(), flows));
            case ProtocolMatch.Icmpv6 icmp -> new ProtocolMatch.Icmpv6(usedTypes(icmp.types(), flows));
            default -> rule.protocol();
        };
    }

    /** The rule's own type entries that some flow used; an "every type" rule becomes the types used. */
    private static List<IcmpType> usedTypes(List<IcmpType> types, List<Packet> flows) {
        if (types.isEmpty()) {
            return flows.stream().map(p -> IcmpType.of(p.icmpType())).distinct().toList();
        }
        return types.stream().filter(t -> flows.stream().anyMatch(p -> t.matches(p.icmpType(), p.icmpCode())))
                .toList();
    }

    /**
     * Service-side ports become the ports used; a side that is the client side of every flow (local for outbound,
     * remote for inbound) keeps its clause.
     */
    private static PortSet narrowPorts(PortSet ports, List<Packet> flows, boolean local, String side,
                                       List<String> notes) {
        boolean anyService = flows.stream()
                .anyMatch(p -> p.hasPorts() && (local ? p.direction() == Direction.IN : p.direction() == Direction.OUT));
        if (!anyService) {
            return ports;
        }
        TreeSet<Integer> used = new TreeSet<>();
        flows.stream().filter(Packet::hasPorts).forEach(p -> used.add(local ? p.localPort() : p.remotePort()));
        List<PortRange> ranges = new ArrayList<>();
        for (int port : used) {
            PortRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.last() + 1 == port) {
                ranges.set(ranges.size() - 1, PortRange.of(last.first(), port));
            } else {
                ranges.add(PortRange.of(port));
            }
        }
        PortSet narrowed = new PortSet(ranges);
        if (narrowed.normalized().equals(ports.normalized())) {
            return ports;
        }
        notes.add(side + " ports " + ports + " -> " + narrowed);
        return narrowed;
    }

    private static HostSet narrowHosts(Rule rule, HostSet hosts, List<Packet> flows, Policy policy,
                                       NameResolver resolver, boolean local, List<String> notes) {
        if (hosts.entries().size() < 2) {
            return hosts;
        }
        dev.portcullis.model.RuleMatcher matcher = dev.portcullis.model.RuleMatcher.forPolicy(policy, resolver);
        List<HostMatch> used = new ArrayList<>();
        for (HostMatch entry : hosts.entries()) {
            Rule probe = local ? rule.toBuilder().localHosts(HostSet.of(entry)).build()
                    : rule.toBuilder().remoteHosts(HostSet.of(entry)).build();
            if (flows.stream().anyMatch(p -> matcher.matches(probe, p))) {
                used.add(entry);
            }
        }
        if (used.size() == hosts.entries().size() || used.isEmpty()) {
            return hosts;
        }
        HostSet narrowed = new HostSet(used);
        notes.add((local ? "local" : "remote") + " hosts " + hosts + " -> " + narrowed);
        return narrowed;
    }
}
