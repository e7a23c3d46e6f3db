package dev.portcullis.engine;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Origin;
import dev.portcullis.model.Packet;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules wizard of learning mode: records the packets no rule matched (the {@link Engine} gives it the
 * connection attempts among them) and groups them into candidate rules.
 *
 * <p>Packets are grouped by direction, protocol, and the service side's port: the remote port of outbound
 * traffic and the local port of inbound traffic. The client side's port is ephemeral, so grouping by it would
 * offer one rule per connection; it is left as "any". ICMP groups by type. The candidate allows any remote host
 * and names the hosts seen in its advice, because a wizard cannot know whether they are fixed.
 */
public final class Learner {
    private static final int EXAMPLES_KEPT = 3;
    private static final int HOSTS_NAMED = 5;

    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();

    private record GroupKey(Direction direction, int protocol, int remotePort, int localPort, int icmpType) {
        static final int ANY = -1;

        static GroupKey of(Packet packet) {
            boolean out = packet.direction() == Direction.OUT;
            int remotePort = packet.hasPorts() && out ? packet.remotePort() : ANY;
            int localPort = packet.hasPorts() && !out ? packet.localPort() : ANY;
            return new GroupKey(packet.direction(), packet.protocol(), remotePort, localPort,
                    packet.isIcmp() ? packet.icmpType() : ANY);
        }
    }

    private static final class Group {
        long count;
        final List<Packet> examples = new ArrayList<>();
        final Set<IPAddress> remoteHosts = new LinkedHashSet<>();
    }

    public void record(Packet packet) {
        Group group = groups.computeIfAbsent(GroupKey.of(packet), key -> new Group());
        group.count++;
        if (group.examples.size() < EXAMPLES_KEPT) {
            group.examples.add(packet);
        }
        if (group.remoteHosts.size() <= HOSTS_NAMED) {
            group.remoteHosts.add(packet.remoteAddress());
        }
    }

    /** How many packets were recorded. */
    public long recorded() {
        return groups.values().stream().mapToLong(group -> group.count).sum();
    }

    /** The candidates so far, most frequent first, offered under {@code name}. */
    public LearnedPreset preset(String name) {
        List<LearnedPreset.Candidate> candidates = groups.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<GroupKey, Group> e) -> -e.getValue().count)
                        .thenComparing(e -> ruleId(e.getKey())))
                .map(e -> new LearnedPreset.Candidate(candidateRule(name, e.getKey(), e.getValue()), e.getValue().count,
                        e.getValue().examples))
                .toList();
        return new LearnedPreset(name, candidates);
    }

    private static Rule candidateRule(String presetName, GroupKey key, Group group) {
        String id = ruleId(key);
        Rule.Builder rule = Rule.builder(id)
                .name("Learned: " + id.substring("learned.".length()).replace('-', ' '))
                .action(Action.ALLOW)
                .direction(key.direction())
                .protocol(protocolOf(key))
                .purpose("Seen " + group.count + " time" + (group.count == 1 ? "" : "s")
                        + " while learning; first: " + group.examples.get(0))
                .advice(advice(group))
                .origin(new Origin(Optional.of(presetName), Optional.of(id), Optional.empty()));
        if (key.remotePort() != GroupKey.ANY) {
            rule.remotePorts(PortSet.of(key.remotePort()));
        }
        if (key.localPort() != GroupKey.ANY) {
            rule.localPorts(PortSet.of(key.localPort()));
        }
        return rule.build();
    }

    private static ProtocolMatch protocolOf(GroupKey key) {
        return switch (key.protocol()) {
            case IpProtocols.TCP -> ProtocolMatch.TCP;
            case IpProtocols.UDP -> ProtocolMatch.UDP;
            case IpProtocols.ICMP -> new ProtocolMatch.Icmp(List.of(IcmpType.of(key.icmpType())));
            case IpProtocols.ICMPV6 -> new ProtocolMatch.Icmpv6(List.of(IcmpType.of(key.icmpType())));
            default -> new ProtocolMatch.IpProtocol(key.protocol());
        };
    }

    /** {@code learned.out-tcp-5050}, {@code learned.in-udp-53}, {@code learned.in-icmp-type-8}. */
    private static String ruleId(GroupKey key) {
        StringBuilder id = new StringBuilder("learned.").append(key.direction().keyword()).append('-')
                .append(IpProtocols.name(key.protocol()));
        if (key.remotePort() != GroupKey.ANY) {
            id.append('-').append(key.remotePort());
        }
        if (key.localPort() != GroupKey.ANY) {
            id.append('-').append(key.localPort());
        }
        if (key.icmpType() != GroupKey.ANY) {
            id.append("-type-").append(key.icmpType());
        }
        return id.toString();
    }

    private static String advice(Group group) {
        List<String> hosts = group.remoteHosts.stream().limit(HOSTS_NAMED).map(IPAddress::toCanonicalString).toList();
        String seen = String.join(", ", hosts) + (group.remoteHosts.size() > HOSTS_NAMED ? ", ..." : "");
        return "Remote hosts seen: " + seen + ". If the service always uses these hosts, narrow the rule to them.";
    }

    @Override
    public String toString() {
        return groups.keySet().stream().map(Learner::ruleId).collect(Collectors.joining(", ", "Learner[", "]"));
    }
}
