package dev.portcullis.engine;

import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.DecisionTreeClassifier;
import dev.portcullis.classifier.RangeRule;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Zone;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link RuleLookup} that answers IPv4 packets through the classifier module's decision tree and gives the
 * same rule as the linear scan for every packet.
 *
 * <p>A rule goes into the classifier only when its match is exactly a union of 5-tuple boxes: address blocks,
 * zones defined by addresses alone, ports, protocols, ICMP types (carried in the port fields: source port = type,
 * destination port = code). There are two classifiers, one per packet direction, because local and remote are
 * source and destination one way and destination and source the other. Every other rule is <em>residual</em>
 * and stays with {@link RuleMatcher}: rules naming host names (their addresses can change while the lookup
 * lives), zones with interfaces, state conditions, applications, and rules whose boxes would be too many.
 * A lookup asks the classifier for the first boxed rule, then scans only the residual rules that come before it
 * in policy order. IPv6 packets are scanned linearly.
 */
public final class ClassifierLookup implements RuleLookup {
    /** A rule needing more boxes than this is left to the linear scan instead of bloating the trees. */
    private static final int MAX_BOXES_PER_RULE = 256;
    private static final long ALL_V4 = 0xFFFF_FFFFL;

    private final List<Rule> rules;
    private final RuleMatcher matcher;
    private final Classifier outbound;
    private final Classifier inbound;
    /** Policy index of the rule each box belongs to, by box id. */
    private final int[] ruleOfBox;
    /** Policy indexes of the residual rules, ascending. */
    private final int[] residual;

    private ClassifierLookup(List<Rule> rules, RuleMatcher matcher, Classifier outbound, Classifier inbound,
                             int[] ruleOfBox, int[] residual) {
        this.rules = rules;
        this.matcher = matcher;
        this.outbound = outbound;
        this.inbound = inbound;
        this.ruleOfBox = ruleOfBox;
        this.residual = residual;
    }

    /** Builds the lookup for a policy; {@code matcher} must be the policy's, with the same resolver. */
    public static ClassifierLookup build(Policy policy, RuleMatcher matcher) {
        Map<String, Zone> zones = policy.zones().stream()
                .collect(Collectors.toMap(Zone::name, Function.identity()));
        List<long[]> zonedV4 = policy.zones().stream().flatMap(z -> z.addresses().stream())
                .filter(HostMatch.AddressBlock::isIpv4).map(ClassifierLookup::bounds).toList();
        List<long[]> outsideZones = complement(zonedV4);

        List<RangeRule> outBoxes = new ArrayList<>();
        List<RangeRule> inBoxes = new ArrayList<>();
        List<Integer> ruleOfBox = new ArrayList<>();
        List<Integer> residual = new ArrayList<>();
        List<Rule> rules = policy.rules();
        for (int index = 0; index < rules.size(); index++) {
            Rule rule = rules.get(index);
            if (!rule.enabled()) {
                continue; // matches nothing, in either path
            }
            Optional<List<Box>> boxes = boxes(rule, zones, outsideZones);
            if (boxes.isEmpty()) {
                residual.add(index);
                continue;
            }
            for (Box box : boxes.get()) {
                if (rule.direction().covers(Direction.OUT)) {
                    int id = ruleOfBox.size();
                    ruleOfBox.add(index);
                    outBoxes.add(box.asRangeRule(Direction.OUT, id));
                }
                if (rule.direction().covers(Direction.IN)) {
                    int id = ruleOfBox.size();
                    ruleOfBox.add(index);
                    inBoxes.add(box.asRangeRule(Direction.IN, id));
                }
            }
        }
        return new ClassifierLookup(List.copyOf(rules), matcher, new DecisionTreeClassifier(outBoxes),
                new DecisionTreeClassifier(inBoxes), ruleOfBox.stream().mapToInt(Integer::intValue).toArray(),
                residual.stream().mapToInt(Integer::intValue).toArray());
    }

    /** How many rules the classifier does not hold (the ones every lookup may scan). */
    public int residualRules() {
        return residual.length;
    }

    @Override
    public Optional<Rule> firstMatch(Packet packet) {
        if (!packet.source().isIPv4() || packet.isForwarded()) {
            // The trees hold host rules by direction; forwarded packets and IPv6 take the reference scan.
            return RuleLookup.linear(rules, matcher).firstMatch(packet);
        }
        Classifier classifier = packet.direction() == Direction.OUT ? outbound : inbound;
        boolean icmp = packet.protocol() == IpProtocols.ICMP;
        int box = classifier.firstMatch(packet.source().toIPv4().intValue(), packet.destination().toIPv4().intValue(),
                icmp ? packet.icmpType() : packet.sourcePort(), icmp ? packet.icmpCode() : packet.destinationPort(),
                packet.protocol());
        if (box == Classifier.NO_MATCH) {
            return scanResidual(packet, rules.size());
        }
        int boxed = ruleOfBox[box];
        return scanResidual(packet, boxed).or(() -> Optional.of(rules.get(boxed)));
    }

    private Optional<Rule> scanResidual(Packet packet, int before) {
        for (int index : residual) {
            if (index >= before) {
                break;
            }
            if (matcher.matches(rules.get(index), packet)) {
                return Optional.of(rules.get(index));
            }
        }
        return Optional.empty();
    }

    /**
     * One 5-tuple box of a rule in local/remote terms. {@code protocol} is a number or
     * {@link RangeRule#ANY_PROTOCOL}; for ICMP the ports are type and code, which are not local or remote.
     */
    private record Box(long localLo, long localHi, long remoteLo, long remoteHi, PortsRow ports) {
        /** The box as the classifier of one direction sees it; ids grow in policy order, so they are priorities. */
        RangeRule asRangeRule(Direction direction, int id) {
            boolean out = direction == Direction.OUT;
            boolean localIsSource = out || ports.icmp();
            return new RangeRule(
                    (int) (out ? localLo : remoteLo), (int) (out ? localHi : remoteHi),
                    (int) (out ? remoteLo : localLo), (int) (out ? remoteHi : localHi),
                    localIsSource ? ports.localLo() : ports.remoteLo(), localIsSource ? ports.localHi() : ports.remoteHi(),
                    localIsSource ? ports.remoteLo() : ports.localLo(), localIsSource ? ports.remoteHi() : ports.localHi(),
                    ports.protocol(), id, id);
        }
    }

    /** A protocol with local and remote port ranges; for ICMP, "local" holds the type and "remote" the code. */
    private record PortsRow(int protocol, int localLo, int localHi, int remoteLo, int remoteHi, boolean icmp) {
    }

    /** The boxes of a rule for IPv4 packets, or empty when the rule must stay residual. */
    private static Optional<List<Box>> boxes(Rule rule, Map<String, Zone> zones, List<long[]> outsideZones) {
        if (rule.state() != StateMatch.ANY || rule.application().isPresent() || !rule.clauses().isEmpty()
                || rule.scope() != Rule.Scope.HOST) {
            return Optional.empty();
        }
        Optional<List<long[]>> local = v4Ranges(rule.localHosts(), zones, outsideZones);
        Optional<List<long[]>> remote = v4Ranges(rule.remoteHosts(), zones, outsideZones);
        if (local.isEmpty() || remote.isEmpty()) {
            return Optional.empty();
        }
        List<PortsRow> protocolAndPorts = protocolAndPorts(rule);
        long count = (long) local.get().size() * remote.get().size() * protocolAndPorts.size();
        if (count > MAX_BOXES_PER_RULE) {
            return Optional.empty();
        }
        List<Box> boxes = new ArrayList<>();
        for (long[] l : local.get()) {
            for (long[] r : remote.get()) {
                for (PortsRow ports : protocolAndPorts) {
                    boxes.add(new Box(l[0], l[1], r[0], r[1], ports));
                }
            }
        }
        return Optional.of(boxes);
    }

    private static List<PortsRow> protocolAndPorts(Rule rule) {
        List<PortsRow> rows = new ArrayList<>();
        switch (rule.protocol()) {
            case ProtocolMatch.AnyProtocol any -> rows.add(new PortsRow(RangeRule.ANY_PROTOCOL, 0, 65535, 0, 65535, false));
            case ProtocolMatch.Icmp icmp -> {
                if (icmp.types().isEmpty()) {
                    rows.add(new PortsRow(IpProtocols.ICMP, 0, 255, 0, 255, true));
                }
                for (IcmpType type : icmp.types()) {
                    int codeLo = type.code().isPresent() ? type.code().getAsInt() : 0;
                    int codeHi = type.code().isPresent() ? type.code().getAsInt() : 255;
                    rows.add(new PortsRow(IpProtocols.ICMP, type.type(), type.type(), codeLo, codeHi, true));
                }
            }
            case ProtocolMatch.Icmpv6 icmpv6 -> {
                // Never matches an IPv4 packet: no rows.
            }
            default -> {
                for (int protocol : rule.protocol().protocolNumbers()) {
                    for (PortRange localPorts : rule.localPorts().normalized()) {
                        for (PortRange remotePorts : rule.remotePorts().normalized()) {
                            rows.add(new PortsRow(protocol, localPorts.first(), localPorts.last(), remotePorts.first(),
                                    remotePorts.last(), false));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The IPv4 ranges (unsigned, inclusive) a host clause holds, or empty when it cannot be boxed (host names,
     * zones with interfaces). An IPv6-only clause gives no ranges: the rule matches no IPv4 packet.
     */
    private static Optional<List<long[]>> v4Ranges(HostSet hosts, Map<String, Zone> zones, List<long[]> outsideZones) {
        if (hosts.isAny()) {
            return Optional.of(List.<long[]>of(new long[] {0, ALL_V4}));
        }
        List<long[]> ranges = new ArrayList<>();
        for (HostMatch host : hosts.entries()) {
            switch (host) {
                case HostMatch.AddressBlock block -> {
                    if (block.isIpv4()) {
                        ranges.add(bounds(block));
                    }
                }
                case HostMatch.HostName name -> {
                    return Optional.empty();
                }
                case HostMatch.ZoneRef ref -> {
                    Zone zone = zones.get(ref.zone());
                    if (zone == null) {
                        continue; // RuleMatcher: an unknown zone holds nothing
                    }
                    if (!zone.interfaces().isEmpty()) {
                        return Optional.empty();
                    }
                    if (zone.isCatchAll()) {
                        ranges.addAll(outsideZones);
                    } else {
                        zone.addresses().stream().filter(HostMatch.AddressBlock::isIpv4)
                                .map(ClassifierLookup::bounds).forEach(ranges::add);
                    }
                }
            }
        }
        return Optional.of(merge(ranges));
    }

    private static long[] bounds(HostMatch.AddressBlock block) {
        return new long[] {unsigned(block.range().getLower()), unsigned(block.range().getUpper())};
    }

    private static long unsigned(IPAddress address) {
        return Integer.toUnsignedLong(address.toIPv4().intValue());
    }

    private static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = ranges.stream().sorted(Comparator.comparingLong(r -> r[0])).toList();
        List<long[]> merged = new ArrayList<>();
        for (long[] range : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new long[] {range[0], range[1]});
            }
        }
        return merged;
    }

    /** The IPv4 addresses outside every range: what a catch-all zone holds. */
    private static List<long[]> complement(List<long[]> ranges) {
        List<long[]> outside = new ArrayList<>();
        long next = 0;
        for (long[] range : merge(ranges)) {
            if (range[0] > next) {
                outside.add(new long[] {next, range[0] - 1});
            }
            next = range[1] + 1;
        }
        if (next <= ALL_V4) {
            outside.add(new long[] {next, ALL_V4});
        }
        return outside;
    }
}
