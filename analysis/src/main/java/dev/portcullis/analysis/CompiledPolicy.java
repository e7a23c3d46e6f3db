package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy turned into sets of packets under first-match semantics: for each rule its match set and the part it
 * actually decides (reach: matched and not matched by any earlier rule), and for each action the set of packets
 * that get it, the mode's default included.
 */
final class CompiledPolicy {
    /** Who decides a packet: a rule's index, or {@link #DEFAULT} for the mode's default verdict. */
    static final int DEFAULT = -1;

    final PacketSpace space;
    final Policy policy;
    final List<Rule> rules;
    final int[] match;
    final int[] reach;
    final Hull[] hulls;
    final boolean rulesApply;
    final Action defaultAction;
    /** For each rule, the other rules whose hull overlaps its hull, in ascending order. */
    final int[][] neighbours;
    private int defaultRegion = -1;
    private int[] verdict;

    /**
     * Each rule's reach is its match set minus a running union of the earlier match sets (or, for the test that
     * both agree, minus each overlapping earlier rule in turn); the per-action sets that queries, diff and
     * narrowing need are built on first use.
     */
    CompiledPolicy(PacketSpace space, Policy policy) {
        this.space = space;
        this.policy = policy;
        this.rules = policy.rules();
        Bdd bdd = space.bdd;
        int n = rules.size();
        match = new int[n];
        reach = new int[n];
        hulls = new Hull[n];
        rulesApply = switch (policy.mode()) {
            case BLOCK_MOST, ALLOW_MOST, LEARNING -> true;
            case STOP_ALL, DISABLED -> false;
        };
        defaultAction = defaultAction(policy);
        for (int i = 0; i < n; i++) {
            match[i] = space.match(rules.get(i), policy.zones());
            hulls[i] = Hull.of(rules.get(i), space);
        }
        neighbours = neighbours(match, hulls);
        if (TRACE) {
            System.err.printf("match sets and neighbours done, nodes=%d pairs=%d%n", bdd.nodeCount(),
                    java.util.Arrays.stream(neighbours).mapToLong(a -> a.length).sum() / 2);
        }
        if (PER_RULE_DIFFERENCES) {
            reachByDifferences(n);
        } else {
            reachByRunningUnion(n);
        }
        if (TRACE) {
            System.err.printf("reach done nodes=%d%n", bdd.nodeCount());
        }
    }


    /**
     * Reach by a running union of the earlier match sets: reach(i) = match(i) minus (match(0) or ... or
     * match(i-1)). Two refinements keep the union cheap to grow and to subtract:
     *
     * <p>Blocks: a rule is first added to the union of its block of {@link #UNION_BLOCK} rules, and a block joins
     * the big union at once when it is complete. Adding a box to a union rebuilds its paths inside the box, and
     * most of those versions are garbage by the next rule; a block's boxes overlap each other, so merging them
     * first builds far fewer nodes (fw1_10k: 16.5 M nodes and 22 s of unions rule by rule, 11 M and 4.6 s by
     * blocks of 128).
     *
     * <p>Parts: the union is split by where the rules' remote addresses lie (see {@link #partition}). Subtracting
     * a union from a rule walks the union's nodes inside the rule's box, and with addresses at the top of the
     * variable order a rule open on the local side walks every local-address split of the union, including
     * those of rules whose remote side it can never meet. A rule is subtracted only from the parts that can
     * overlap it ({@link #partsMeeting}), a wide rule from all of them.
     *
     * <p>BDDs are canonical, so each reach is the very node the per-rule differences give (a test checks it).
     */
    private void reachByRunningUnion(int n) {
        Bdd bdd = space.bdd;
        // [0, PARTS): the union of the earlier blocks' rules, by part; [PARTS, 2 * PARTS): this block's rules.
        int[] unions = new int[2 * PARTS];
        int[] overlapping = new int[PARTS];
        for (int i = 0; i < n; i++) {
            if (!rulesApply) {
                reach[i] = Bdd.FALSE;
                continue;
            }
            int part = partition(hulls[i]);
            int r = match[i];
            int count = partsMeeting(part, overlapping);
            for (int k = 0; k < count && r != Bdd.FALSE; k++) {
                int p = overlapping[k];
                r = bdd.diff(bdd.diff(r, unions[PARTS + p]), unions[p]);
            }
            reach[i] = r;
            unions[PARTS + part] = bdd.or(unions[PARTS + part], match[i]);
            if ((i + 1) % UNION_BLOCK == 0) {
                for (int p = 0; p < PARTS; p++) {
                    unions[p] = bdd.or(unions[p], unions[PARTS + p]);
                    unions[PARTS + p] = Bdd.FALSE;
                }
            }
            collectGarbage(i + 1, unions);
            if (TRACE && i % 1000 == 0) {
                System.err.printf("reach %d/%d nodes=%d neighbours=%d%n", i, n, bdd.nodeCount(), neighbours[i].length);
            }
        }
    }

    /** Rules merged into the union per block; 16 and 128 measured on fw1_10k: 9.1 and 4.6 s of unions. */
    private static final int UNION_BLOCK = 128;

    /**
     * Parts of the union: one per value of the top {@value #PART_BITS} bits of an IPv4 remote address, for the
     * rules whose remote addresses share them, and WIDE for the rest. Measured on fw1_10k / ipc2_10k (reach
     * seconds, 35 / 29 with one union): 2 bits 17.6 / -, 3 bits 13.5 / -, 4 bits 14.0 / 12.9, 6 bits 17.1 / -,
     * 8 bits 29.3 / 8.5, 12 bits 139 / - (a wide rule then walks thousands of parts that share no nodes). Two
     * levels (/8 parts inside /4 parts) measured worse than /4 alone on fw1 (33 s).
     */
    private static final int PART_BITS = 4;
    private static final int WIDE = 1 << PART_BITS;
    private static final int PARTS = WIDE + 1;

    /**
     * The part of the union a rule belongs to, from its hull (which over-approximates the match set, so every
     * packet the rule matches is in that part); IPv6 and multi-version rules are WIDE.
     */
    private static int partition(Hull hull) {
        int shift = 64 - PART_BITS;
        if (hull.versions() != 1 || hull.remoteLo() >>> shift != hull.remoteHi() >>> shift) {
            return WIDE;
        }
        return (int) (hull.remoteLo() >>> shift);
    }

    /** The parts whose rules can overlap a rule of {@code part}, into {@code out}; returns how many. */
    private static int partsMeeting(int part, int[] out) {
        if (part != WIDE) {
            out[0] = part;
            out[1] = WIDE;
            return 2;
        }
        for (int p = 0; p < PARTS; p++) {
            out[p] = p;
        }
        return PARTS;
    }

    /** The former way: each rule's match set minus its overlapping earlier rules, one difference at a time. */
    private void reachByDifferences(int n) {
        Bdd bdd = space.bdd;
        for (int i = 0; i < n; i++) {
            if (!rulesApply) {
                reach[i] = Bdd.FALSE;
                continue;
            }
            int r = match[i];
            for (int j : neighbours[i]) {
                if (j >= i || r == Bdd.FALSE) {
                    break;
                }
                if (bdd.intersects(r, match[j])) {
                    r = bdd.diff(r, match[j]);
                }
            }
            reach[i] = r;
            collectGarbage(i + 1);
            if (TRACE && i % 1000 == 0) {
                System.err.printf("reach %d/%d nodes=%d neighbours=%d%n", i, n, bdd.nodeCount(), neighbours[i].length);
            }
        }
    }

    /** Test hook: {@code true} computes reaches the former way, for the test that both agree. */
    static boolean PER_RULE_DIFFERENCES = Boolean.getBoolean("portcullis.analysis.perRuleDifferences");

    private static final boolean TRACE = Boolean.getBoolean("portcullis.analysis.trace");

    /**
     * At a safe point (between rules), when the space allows it and the live nodes passed the threshold: keep the
     * space's own sets, every match set and the reaches computed so far (the first {@code reached}), free the rest.
     */
    void collectGarbage(int reached) {
        collectGarbage(reached, new int[0]);
    }

    private void collectGarbage(int reached, int[] extra) {
        Bdd bdd = space.bdd;
        if (space.collectAbove <= 0 || bdd.liveNodes() < space.collectAbove) {
            return;
        }
        bdd.collect(space.roots(), match, java.util.Arrays.copyOf(reach, reached), extra);
        // Collect again only after the live set has doubled, so collections stay a small share of the work.
        space.collectAbove = Math.max(space.collectAbove, 2L * bdd.liveNodes());
        if (TRACE) {
            System.err.printf("collected: live nodes=%d%n", bdd.liveNodes());
        }
    }

    /** All pairs of non-empty rules whose hulls overlap: one pass of interval comparisons. */
    private static int[][] neighbours(int[] match, Hull[] hulls) {
        int n = match.length;
        int[][] lists = new int[n][];
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new int[4];
        }
        for (int i = 0; i < n; i++) {
            if (match[i] == Bdd.FALSE) {
                continue;
            }
            Hull hull = hulls[i];
            for (int j = i + 1; j < n; j++) {
                if (match[j] != Bdd.FALSE && hull.overlaps(hulls[j])) {
                    if (sizes[i] == lists[i].length) {
                        lists[i] = java.util.Arrays.copyOf(lists[i], sizes[i] * 2);
                    }
                    lists[i][sizes[i]++] = j;
                    if (sizes[j] == lists[j].length) {
                        lists[j] = java.util.Arrays.copyOf(lists[j], sizes[j] * 2);
                    }
                    lists[j][sizes[j]++] = i;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            // Earlier neighbours were added in ascending order while scanning them, later ones after: sorted.
            lists[i] = java.util.Arrays.copyOf(lists[i], sizes[i]);
        }
        return lists;
    }

    /** Indexed by Action.ordinal(): the packets that get that verdict (built on first use). */
    int[] verdicts() {
        if (verdict == null) {
            Bdd bdd = space.bdd;
            verdict = new int[Action.values().length];
            int covered = Bdd.FALSE;
            for (int i = 0; i < rules.size(); i++) {
                if (reach[i] != Bdd.FALSE) {
                    covered = bdd.or(covered, reach[i]);
                    int a = rules.get(i).action().ordinal();
                    verdict[a] = bdd.or(verdict[a], reach[i]);
                }
            }
            defaultRegion = bdd.diff(space.universe(), covered);
            verdict[defaultAction.ordinal()] = bdd.or(verdict[defaultAction.ordinal()], defaultRegion);
        }
        return verdict;
    }

    /** Packets no rule decides (all packets when the mode ignores rules). */
    int defaultRegion() {
        verdicts();
        return defaultRegion;
    }

    static CompiledPolicy compile(Policy policy, NameResolver resolver) {
        return new CompiledPolicy(PacketSpace.of(resolver, List.of(policy), List.of()), policy);
    }

    /** block-most and learning block, allow-most allows, stop-all blocks everything, disabled allows everything. */
    static Action defaultAction(Policy policy) {
        return switch (policy.mode()) {
            case BLOCK_MOST, LEARNING, STOP_ALL -> Action.BLOCK;
            case ALLOW_MOST, DISABLED -> Action.ALLOW;
        };
    }

    int allowed() {
        return verdicts()[Action.ALLOW.ordinal()];
    }

    String deciderName(int index) {
        return index == DEFAULT ? "default" : rules.get(index).id();
    }

    Action deciderAction(int index) {
        return index == DEFAULT ? defaultAction : rules.get(index).action();
    }

    int deciderSet(int index) {
        return index == DEFAULT ? defaultRegion() : reach[index];
    }

    /** The rule that decides this packet (first match), or DEFAULT. */
    int decider(Packet packet) {
        boolean[] bits = space.assignment(packet);
        for (int i = 0; i < rules.size(); i++) {
            if (reach[i] != Bdd.FALSE && space.bdd.contains(reach[i], bits)) {
                return i;
            }
        }
        return DEFAULT;
    }

    /** The deciders (rules that fire, then the default) whose decided packets intersect {@code set}. */
    List<Integer> decidersOf(int set, Hull hint) {
        Bdd bdd = space.bdd;
        List<Integer> result = new ArrayList<>();
        int rest = set;
        for (int i = 0; i < rules.size() && rest != Bdd.FALSE; i++) {
            if (reach[i] == Bdd.FALSE || (hint != null && !hulls[i].overlaps(hint))) {
                continue;
            }
            if (bdd.intersects(rest, reach[i])) {
                result.add(i);
                rest = bdd.diff(rest, reach[i]);
            }
        }
        if (rest != Bdd.FALSE) {
            result.add(DEFAULT);
        }
        return result;
    }

    /**
     * A cheap over-approximation of a rule's match set, one interval per header field, so that the pairwise
     * analyses skip the (vast majority of) rule pairs that cannot overlap without touching the BDDs. Address
     * intervals are over the top 64 bits of the 128-bit address field, compared unsigned.
     */
    record Hull(int directions, int versions, int protoLo, int protoHi, long localLo, long localHi, long remoteLo,
                long remoteHi, int lportLo, int lportHi, int rportLo, int rportHi, boolean exact) {
        static final Hull ANY = new Hull(3, 3, 0, 255, 0, -1L, 0, -1L, 0, 65535, 0, 65535, true);

        /**
         * Whether {@code inner}'s box lies inside this one. Meaningful as a set relation only when both hulls are
         * exact (the rule's match set is the box itself).
         */
        boolean containsBox(Hull inner) {
            return (inner.directions & ~directions) == 0
                    && (inner.versions & ~versions) == 0
                    && protoLo <= inner.protoLo && inner.protoHi <= protoHi
                    && Long.compareUnsigned(localLo, inner.localLo) <= 0 && Long.compareUnsigned(inner.localHi, localHi) <= 0
                    && Long.compareUnsigned(remoteLo, inner.remoteLo) <= 0
                    && Long.compareUnsigned(inner.remoteHi, remoteHi) <= 0
                    && lportLo <= inner.lportLo && inner.lportHi <= lportHi
                    && rportLo <= inner.rportLo && inner.rportHi <= rportHi;
        }

        boolean overlaps(Hull o) {
            return (directions & o.directions) != 0
                    && (versions & o.versions) != 0
                    && protoLo <= o.protoHi && o.protoLo <= protoHi
                    && Long.compareUnsigned(localLo, o.localHi) <= 0 && Long.compareUnsigned(o.localLo, localHi) <= 0
                    && Long.compareUnsigned(remoteLo, o.remoteHi) <= 0 && Long.compareUnsigned(o.remoteLo, remoteHi) <= 0
                    && lportLo <= o.lportHi && o.lportLo <= lportHi
                    && rportLo <= o.rportHi && o.rportLo <= rportHi;
        }

        static Hull of(Rule rule, PacketSpace space) {
            int directions = switch (rule.direction()) {
                case IN -> 1;
                case OUT -> 2;
                case BOTH -> 3;
            };
            int[] proto = switch (rule.protocol()) {
                case ProtocolMatch.AnyProtocol any -> new int[] {0, 255};
                case ProtocolMatch.Tcp tcp -> new int[] {6, 6};
                case ProtocolMatch.Udp udp -> new int[] {17, 17};
                case ProtocolMatch.TcpUdp both -> new int[] {6, 17};
                case ProtocolMatch.Icmp icmp -> new int[] {1, 1};
                case ProtocolMatch.Icmpv6 icmp -> new int[] {58, 58};
                case ProtocolMatch.IpProtocol number -> new int[] {number.number(), number.number()};
            };
            Side local = Side.of(rule.localHosts(), space);
            Side remote = Side.of(rule.remoteHosts(), space);
            int[] lports = ports(rule.localPorts());
            int[] rports = ports(rule.remotePorts());
            return new Hull(directions, local.versions & remote.versions, proto[0], proto[1], local.lo, local.hi,
                    remote.lo, remote.hi, lports[0], lports[1], rports[0], rports[1], isBox(rule));
        }

        /**
         * Whether the rule's match set is exactly its hull: one interval per field, which is what 5-tuple rule sets
         * like ClassBench are made of. Then overlap and containment are interval arithmetic, no BDD needed.
         * IPv6 blocks are excluded because the hull keeps only the top 64 address bits.
         */
        private static boolean isBox(Rule rule) {
            boolean protocolIsInterval = switch (rule.protocol()) {
                case ProtocolMatch.AnyProtocol any -> true;
                case ProtocolMatch.Tcp tcp -> true;
                case ProtocolMatch.Udp udp -> true;
                case ProtocolMatch.TcpUdp both -> false;
                case ProtocolMatch.Icmp icmp -> icmp.types().isEmpty();
                case ProtocolMatch.Icmpv6 icmp -> icmp.types().isEmpty();
                case ProtocolMatch.IpProtocol number -> true;
            };
            return protocolIsInterval
                    && rule.state() == dev.portcullis.model.StateMatch.ANY
                    && rule.application().isEmpty()
                    && singleIpv4Block(rule.localHosts()) && singleIpv4Block(rule.remoteHosts())
                    && rule.localPorts().normalized().size() == 1 && rule.remotePorts().normalized().size() == 1;
        }

        private static boolean singleIpv4Block(HostSet hosts) {
            return hosts.isAny() || (hosts.entries().size() == 1
                    && hosts.entries().get(0) instanceof HostMatch.AddressBlock block && block.isIpv4());
        }

        private static int[] ports(PortSet ports) {
            if (ports.isAny()) {
                return new int[] {0, 65535};
            }
            List<PortRange> ranges = ports.normalized();
            return new int[] {ranges.get(0).first(), ranges.get(ranges.size() - 1).last()};
        }

        private record Side(int versions, long lo, long hi) {
            static final Side ANY = new Side(3, 0, -1L);

            static Side of(HostSet hosts, PacketSpace space) {
                if (hosts.isAny()) {
                    return ANY;
                }
                int versions = 0;
                long lo = -1L;
                long hi = 0;
                for (HostMatch host : hosts.entries()) {
                    List<IPAddress[]> ranges = new ArrayList<>();
                    switch (host) {
                        case HostMatch.AddressBlock block ->
                                ranges.add(new IPAddress[] {block.range().getLower(), block.range().getUpper()});
                        case HostMatch.HostName name -> {
                            List<IPAddress> resolved = space.resolve(name.name());
                            if (resolved.isEmpty()) {
                                return ANY;
                            }
                            resolved.forEach(a -> ranges.add(new IPAddress[] {a, a}));
                        }
                        case HostMatch.ZoneRef zone -> {
                            return ANY;
                        }
                    }
                    for (IPAddress[] range : ranges) {
                        versions |= range[0].isIPv6() ? 2 : 1;
                        long rangeLo = top64(range[0]);
                        long rangeHi = top64(range[1]);
                        if (Long.compareUnsigned(rangeLo, lo) < 0) {
                            lo = rangeLo;
                        }
                        if (Long.compareUnsigned(rangeHi, hi) > 0) {
                            hi = rangeHi;
                        }
                    }
                }
                return new Side(versions, lo, hi);
            }

            private static long top64(IPAddress address) {
                byte[] bytes = address.getBytes();
                long value = 0;
                for (int i = 0; i < 8; i++) {
                    value = (value << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
                }
                return value;
            }
        }
    }
}
