package dev.portcullis.analysis;

import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.AppSelector;
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
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.TcpFlags;
import dev.portcullis.model.Zone;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The symbolic packet space: every header field RuleMatcher reads, as BDD variables, and the encoding of rules
 * (match sets) into it. One {@code PacketSpace} is shared by everything compared with each other (both sides of a
 * diff, a policy and its narrowing).
 *
 * <p>Variable order, top to bottom: direction, IP version, protocol (8), local address (128), remote address
 * (128), local port (16), remote port (16), ICMP type (8), ICMP code (8), TCP SYN/ACK/RST, interface, executable,
 * user, cgroup (each an index into the names the policies mention, 0 = none of them), then one atom per unresolved
 * host name and side. Addresses are most-significant bit first so a prefix is a short chain; an IPv4 address
 * uses the first 32 address variables and leaves the other 96 unconstrained. Fields a packet does not carry
 * (ports of a non-TCP/UDP packet, ICMP fields of a non-ICMP packet, flags of a non-TCP packet) are never
 * constrained for such packets, so every set is a cylinder over them and comparisons stay exact.
 *
 * <p>Host names: a name the resolver resolves is the exact set of its addresses (as RuleMatcher matches it). A name
 * that resolves to nothing becomes an opaque atom "this side's address is one of NAME's addresses", free of the
 * address bits, so the analysis holds for whatever the name resolves to later instead of calling the rule dead.
 */
final class PacketSpace {
    /** A contiguous block of variables holding one header field, most significant bit first. */
    record Field(String name, int first, int width) {
    }

    final Bdd bdd;
    final Field direction;
    final Field version;
    final Field protocol;
    final Field localAddress;
    final Field remoteAddress;
    final Field localPort;
    final Field remotePort;
    final Field icmpType;
    final Field icmpCode;
    final Field flags;
    final Field iface;
    final Field executable;
    final Field user;
    final Field cgroup;
    final List<Field> fields;

    private final List<String> interfaces;
    private final List<String> executables;
    private final List<String> users;
    private final List<String> cgroups;
    /** Unresolved host name atoms: key "local:NAME" or "remote:NAME" to variable. */
    private final Map<String, Integer> nameAtoms;
    private final NameResolver resolver;
    private final int universe;
    private final int isTcpUdp;
    private final int isTcp;

    private PacketSpace(NameResolver resolver, List<String> interfaces, List<String> executables, List<String> users,
                        List<String> cgroups, List<String> unresolvedNames, int ruleCount) {
        this.resolver = resolver;
        this.interfaces = interfaces;
        this.executables = executables;
        this.users = users;
        this.cgroups = cgroups;
        int next = 0;
        List<Field> all = new ArrayList<>();
        direction = new Field("direction", next, 1);
        next += 1;
        version = new Field("version", next, 1);
        next += 1;
        protocol = new Field("protocol", next, 8);
        next += 8;
        localAddress = new Field("local", next, 128);
        next += 128;
        remoteAddress = new Field("remote", next, 128);
        next += 128;
        localPort = new Field("local-port", next, 16);
        next += 16;
        remotePort = new Field("remote-port", next, 16);
        next += 16;
        icmpType = new Field("icmp-type", next, 8);
        next += 8;
        icmpCode = new Field("icmp-code", next, 8);
        next += 8;
        flags = new Field("tcp-flags", next, 3);
        next += 3;
        iface = new Field("interface", next, bitsFor(interfaces.size()));
        next += iface.width();
        executable = new Field("executable", next, bitsFor(executables.size()));
        next += executable.width();
        user = new Field("user", next, bitsFor(users.size()));
        next += user.width();
        cgroup = new Field("cgroup", next, bitsFor(cgroups.size()));
        next += cgroup.width();
        nameAtoms = new LinkedHashMap<>();
        for (String name : unresolvedNames) {
            nameAtoms.put("local:" + name, next++);
            nameAtoms.put("remote:" + name, next++);
        }
        all.addAll(List.of(direction, version, protocol, localAddress, remoteAddress, localPort, remotePort, icmpType,
                icmpCode, flags, iface, executable, user, cgroup));
        for (var atom : nameAtoms.entrySet()) {
            all.add(new Field(atom.getKey(), atom.getValue(), 1));
        }
        fields = List.copyOf(all);
        // The operation cache grows with the work: small policies should not pay for clearing a big one.
        bdd = new Bdd(next, Math.min(1 << 22, Math.max(1 << 14, ruleCount * 512)));
        int valid = Bdd.TRUE;
        valid = bdd.and(valid, atMost(iface, interfaces.size()));
        valid = bdd.and(valid, atMost(executable, executables.size()));
        valid = bdd.and(valid, atMost(user, users.size()));
        valid = bdd.and(valid, atMost(cgroup, cgroups.size()));
        universe = valid;
        isTcp = equalTo(protocol, IpProtocols.TCP);
        isTcpUdp = bdd.or(isTcp, equalTo(protocol, IpProtocols.UDP));
    }

    /**
     * The packet space has no variables yet for the forward path, the out-interface, TCP flag combinations or
     * protocol exclusions: a policy that needs them is refused with a precise message rather than analysed as if
     * those conditions were not there.
     */
    private static void refuseWhatIsNotEncoded(Policy policy) {
        String what = policy.isGateway() ? "a gateway policy (forward rules, zone defaults, NAT)"
                : policy.rules().stream().filter(r -> !r.clauses().isEmpty()).findFirst()
                .map(r -> "rule '" + r.id() + "' with the clause '" + r.clauses().get(0) + "'").orElse(null);
        if (what != null) {
            throw new dev.portcullis.model.InvalidInputException(dev.portcullis.model.Location.of(policy.name()),
                    "the exact analyses cannot encode " + what + " yet",
                    "check and replay (the engine) decide such packets; analyze, query, diff and narrow do not");
        }
    }

    /**
     * A space able to encode every rule of these policies (and the extra rules, e.g. query selectors): it learns
     * the interface, application and unresolved host names they mention.
     */
    static PacketSpace of(NameResolver resolver, Collection<Policy> policies, Collection<Rule> extraRules) {
        TreeSet<String> interfaces = new TreeSet<>();
        TreeSet<String> executables = new TreeSet<>();
        TreeSet<String> users = new TreeSet<>();
        TreeSet<String> cgroups = new TreeSet<>();
        TreeSet<String> unresolved = new TreeSet<>();
        List<Rule> rules = new ArrayList<>(extraRules);
        for (Policy policy : policies) {
            refuseWhatIsNotEncoded(policy);
            policy.zones().forEach(zone -> interfaces.addAll(zone.interfaces()));
            rules.addAll(policy.rules());
        }
        for (Rule rule : rules) {
            rule.application().ifPresent(app -> {
                switch (app) {
                    case AppSelector.Executable exe -> executables.add(exe.path());
                    case AppSelector.User u -> users.add(u.user());
                    case AppSelector.Cgroup c -> cgroups.add(c.path());
                }
            });
            for (HostSet hosts : List.of(rule.localHosts(), rule.remoteHosts())) {
                for (HostMatch host : hosts.entries()) {
                    if (host instanceof HostMatch.HostName name && resolver.resolve(name.name()).isEmpty()) {
                        unresolved.add(name.name());
                    }
                }
            }
        }
        return new PacketSpace(resolver, List.copyOf(interfaces), List.copyOf(executables), List.copyOf(users),
                List.copyOf(cgroups), List.copyOf(unresolved), rules.size());
    }

    private static int bitsFor(int names) {
        // index 0 means "none of the names", so n names need values 0..n
        return 32 - Integer.numberOfLeadingZeros(names);
    }

    /**
     * Above how many live BDD nodes a compilation may collect garbage; 0 (the default) never does. Only an owner
     * that holds no other set of this space may enable it (the anomaly analysis does).
     */
    long collectAbove;

    /** The sets this space keeps for itself, which every collection must keep. */
    int[] roots() {
        int[] own = {universe, isTcp, isTcpUdp};
        if (preferences == null) {
            return own;
        }
        int[] all = java.util.Arrays.copyOf(own, own.length + preferences.length);
        System.arraycopy(preferences, 0, all, own.length, preferences.length);
        return all;
    }

    /** Every valid packet (enumerated fields within their name lists). */
    int universe() {
        return universe;
    }

    // ---------------------------------------------------------------- field constraints

    /** field == value, for fields up to 63 bits wide. */
    int equalTo(Field field, long value) {
        return range(field, value, value);
    }

    int atMost(Field field, long max) {
        if (field.width() == 0) {
            return Bdd.TRUE;
        }
        return leq(field, bitsOf(max, field.width()), field.width());
    }

    /** lo <= field <= hi, for fields up to 63 bits wide. */
    int range(Field field, long lo, long hi) {
        return bdd.and(geq(field, bitsOf(lo, field.width()), field.width()),
                leq(field, bitsOf(hi, field.width()), field.width()));
    }

    /** lo <= field <= hi for any width (addresses: 128-bit values). */
    int rangeBig(Field field, BigInteger lo, BigInteger hi) {
        return bdd.and(geq(field, bitsOf(lo, field.width()), field.width()),
                leq(field, bitsOf(hi, field.width()), field.width()));
    }

    private static boolean[] bitsOf(BigInteger value, int width) {
        boolean[] bits = new boolean[width];
        for (int i = 0; i < width; i++) {
            bits[i] = value.testBit(width - 1 - i);
        }
        return bits;
    }

    private static boolean[] bitsOf(long value, int width) {
        boolean[] bits = new boolean[width];
        for (int i = 0; i < width; i++) {
            bits[i] = ((value >>> (width - 1 - i)) & 1) != 0;
        }
        return bits;
    }

    private static boolean[] bitsOf(byte[] bytes) {
        boolean[] bits = new boolean[bytes.length * 8];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = ((bytes[i / 8] >>> (7 - i % 8)) & 1) != 0;
        }
        return bits;
    }

    /** field's first {@code width} bits <= c. Built from the least significant bit up, so every mk is in order. */
    private int leq(Field field, boolean[] c, int width) {
        int r = Bdd.TRUE;
        for (int i = width - 1; i >= 0; i--) {
            int v = field.first() + i;
            r = c[i] ? bdd.mk(v, Bdd.TRUE, r) : bdd.mk(v, r, Bdd.FALSE);
        }
        return r;
    }

    private int geq(Field field, boolean[] c, int width) {
        int r = Bdd.TRUE;
        for (int i = width - 1; i >= 0; i--) {
            int v = field.first() + i;
            r = c[i] ? bdd.mk(v, Bdd.FALSE, r) : bdd.mk(v, r, Bdd.TRUE);
        }
        return r;
    }

    int isIpv6(boolean v6) {
        return v6 ? bdd.ithVar(version.first()) : bdd.nithVar(version.first());
    }

    /** An address range on one side, including the IP version bit. */
    int addressRange(Field side, IPAddress lower, IPAddress upper) {
        boolean v6 = lower.isIPv6();
        int width = v6 ? 128 : 32;
        int inRange = bdd.and(geq(side, bitsOf(lower.getBytes()), width), leq(side, bitsOf(upper.getBytes()), width));
        return bdd.and(isIpv6(v6), inRange);
    }

    int address(Field side, IPAddress address) {
        return addressRange(side, address, address);
    }

    int direction(Direction dir) {
        return switch (dir) {
            case BOTH -> Bdd.TRUE;
            case IN -> bdd.nithVar(direction.first());
            case OUT -> bdd.ithVar(direction.first());
        };
    }

    int protocolNumber(int number) {
        return equalTo(protocol, number);
    }

    int ports(Field side, PortSet ports) {
        if (ports.isAny()) {
            return Bdd.TRUE;
        }
        int result = Bdd.FALSE;
        for (PortRange range : ports.normalized()) {
            result = bdd.or(result, range(side, range.first(), range.last()));
        }
        return result;
    }

    int tcpFlag(int flag) {
        int bit = switch (flag) {
            case TcpFlags.SYN -> 0;
            case TcpFlags.ACK -> 1;
            case TcpFlags.RST -> 2;
            default -> throw new IllegalArgumentException("only SYN, ACK and RST are modelled");
        };
        return bdd.ithVar(flags.first() + bit);
    }

    int isTcpUdp() {
        return isTcpUdp;
    }

    // ---------------------------------------------------------------- rules

    /** The exact set of packets RuleMatcher says the rule matches, given the policy's zones. */
    int match(Rule rule, List<Zone> zones) {
        if (!rule.enabled()) {
            return Bdd.FALSE;
        }
        int set = bdd.and(universe, direction(rule.direction()));
        set = bdd.and(set, protocol(rule.protocol()));
        if (set == Bdd.FALSE) {
            return set;
        }
        set = bdd.and(set, portClause(rule));
        set = bdd.and(set, state(rule.state()));
        set = bdd.and(set, hosts(rule.localHosts(), localAddress, zones));
        set = bdd.and(set, hosts(rule.remoteHosts(), remoteAddress, zones));
        if (rule.application().isPresent()) {
            set = bdd.and(set, application(rule.application().get()));
        }
        return set;
    }

    private int protocol(ProtocolMatch match) {
        return switch (match) {
            case ProtocolMatch.AnyProtocol any -> Bdd.TRUE;
            case ProtocolMatch.Tcp tcp -> isTcp;
            case ProtocolMatch.Udp udp -> protocolNumber(IpProtocols.UDP);
            case ProtocolMatch.TcpUdp both -> isTcpUdp;
            case ProtocolMatch.Icmp icmp -> bdd.and(protocolNumber(IpProtocols.ICMP), icmpTypes(icmp.types()));
            case ProtocolMatch.Icmpv6 icmp -> bdd.and(protocolNumber(IpProtocols.ICMPV6), icmpTypes(icmp.types()));
            case ProtocolMatch.IpProtocol number -> protocolNumber(number.number());
        };
    }

    private int icmpTypes(List<IcmpType> types) {
        if (types.isEmpty()) {
            return Bdd.TRUE;
        }
        int result = Bdd.FALSE;
        for (IcmpType type : types) {
            int one = equalTo(icmpType, type.type());
            if (type.code().isPresent()) {
                one = bdd.and(one, equalTo(icmpCode, type.code().getAsInt()));
            }
            result = bdd.or(result, one);
        }
        return result;
    }

    /** RuleMatcher: a packet without ports matches only a rule without port clauses. */
    private int portClause(Rule rule) {
        boolean anyPorts = rule.localPorts().isAny() && rule.remotePorts().isAny();
        int withPorts = bdd.and(isTcpUdp,
                bdd.and(ports(localPort, rule.localPorts()), ports(remotePort, rule.remotePorts())));
        return anyPorts ? Bdd.TRUE : withPorts;
    }

    int state(StateMatch state) {
        int notTcp = bdd.not(isTcp);
        return switch (state) {
            case ANY -> Bdd.TRUE;
            case ESTABLISHED -> bdd.or(notTcp, bdd.or(tcpFlag(TcpFlags.ACK), tcpFlag(TcpFlags.RST)));
            case NEW -> bdd.or(notTcp, bdd.diff(tcpFlag(TcpFlags.SYN), tcpFlag(TcpFlags.ACK)));
            case RELATED -> icmpError();
        };
    }

    private int icmpError() {
        int v4 = bdd.and(protocolNumber(IpProtocols.ICMP), bdd.or(bdd.or(equalTo(icmpType, 3), equalTo(icmpType, 4)),
                bdd.or(equalTo(icmpType, 11), equalTo(icmpType, 12))));
        int v6 = bdd.and(protocolNumber(IpProtocols.ICMPV6), range(icmpType, 1, 4));
        return bdd.or(v4, v6);
    }

    int hosts(HostSet hosts, Field side, List<Zone> zones) {
        if (hosts.isAny()) {
            return Bdd.TRUE;
        }
        int result = Bdd.FALSE;
        for (HostMatch host : hosts.entries()) {
            result = bdd.or(result, host(host, side, zones));
        }
        return result;
    }

    int host(HostMatch host, Field side, List<Zone> zones) {
        return switch (host) {
            case HostMatch.AddressBlock block -> addressRange(side, block.range().getLower(), block.range().getUpper());
            case HostMatch.HostName name -> hostName(name.name(), side);
            case HostMatch.ZoneRef ref -> zones.stream().filter(z -> z.name().equals(ref.zone())).findFirst()
                    .map(zone -> zone(zone, side, zones)).orElse(Bdd.FALSE);
        };
    }

    private int hostName(String name, Field side) {
        List<IPAddress> resolved = resolver.resolve(name);
        if (resolved.isEmpty()) {
            return bdd.ithVar(nameAtoms.get(sideKey(side) + ":" + name));
        }
        int result = Bdd.FALSE;
        for (IPAddress address : resolved) {
            result = bdd.or(result, address(side, address.withoutPrefixLength()));
        }
        return result;
    }

    List<IPAddress> resolve(String hostName) {
        return resolver.resolve(hostName);
    }

    private String sideKey(Field side) {
        return side == localAddress ? "local" : "remote";
    }

    /** RuleMatcher.inZone: the zone's blocks or interfaces; a zone with neither is every address no zone lists. */
    int zone(Zone zone, Field side, List<Zone> zones) {
        if (zone.isCatchAll()) {
            int zoned = Bdd.FALSE;
            for (Zone other : zones) {
                for (HostMatch.AddressBlock block : other.addresses()) {
                    zoned = bdd.or(zoned, host(block, side, zones));
                }
            }
            return bdd.not(zoned);
        }
        int result = Bdd.FALSE;
        for (HostMatch.AddressBlock block : zone.addresses()) {
            result = bdd.or(result, host(block, side, zones));
        }
        for (String name : zone.interfaces()) {
            result = bdd.or(result, equalTo(iface, interfaces.indexOf(name) + 1));
        }
        return result;
    }

    private int application(AppSelector app) {
        return switch (app) {
            case AppSelector.Executable exe -> equalTo(executable, executables.indexOf(exe.path()) + 1);
            case AppSelector.User u -> equalTo(user, users.indexOf(u.user()) + 1);
            case AppSelector.Cgroup c -> equalTo(cgroup, cgroups.indexOf(c.path()) + 1);
        };
    }

    // ---------------------------------------------------------------- packets

    /** The set holding exactly this packet (fields it does not carry left free, as in every rule set). */
    int packet(Packet packet) {
        int set = bdd.and(universe, direction(packet.direction()));
        set = bdd.and(set, protocolNumber(packet.protocol()));
        set = bdd.and(set, address(localAddress, packet.localAddress()));
        set = bdd.and(set, address(remoteAddress, packet.remoteAddress()));
        if (packet.hasPorts()) {
            set = bdd.and(set, equalTo(localPort, packet.localPort()));
            set = bdd.and(set, equalTo(remotePort, packet.remotePort()));
        }
        if (packet.isIcmp()) {
            set = bdd.and(set, equalTo(icmpType, packet.icmpType()));
            set = bdd.and(set, equalTo(icmpCode, packet.icmpCode()));
        }
        if (packet.protocol() == IpProtocols.TCP) {
            for (int flag : new int[] {TcpFlags.SYN, TcpFlags.ACK, TcpFlags.RST}) {
                int bit = tcpFlag(flag);
                set = bdd.and(set, (packet.tcpFlags() & flag) != 0 ? bit : bdd.not(bit));
            }
        }
        set = bdd.and(set, equalTo(iface, packet.interfaceName().map(n -> interfaces.indexOf(n) + 1).orElse(0)));
        AppIdentity app = packet.application();
        set = bdd.and(set, equalTo(executable, app.executable().map(n -> executables.indexOf(n) + 1).orElse(0)));
        set = bdd.and(set, equalTo(user, app.user().map(n -> users.indexOf(n) + 1).orElse(0)));
        set = bdd.and(set, equalTo(cgroup, app.cgroup().map(n -> cgroups.indexOf(n) + 1).orElse(0)));
        for (int atom : nameAtoms.values()) {
            set = bdd.and(set, bdd.nithVar(atom));
        }
        return set;
    }

    /**
     * The packet as one assignment of every variable (fields it does not carry set to 0), for membership tests
     * that walk a BDD without building anything.
     */
    boolean[] assignment(Packet packet) {
        boolean[] bits = new boolean[bdd.varCount()];
        bits[direction.first()] = packet.direction() == Direction.OUT;
        bits[version.first()] = packet.localAddress().isIPv6();
        put(bits, protocol, packet.protocol());
        putAddress(bits, localAddress, packet.localAddress());
        putAddress(bits, remoteAddress, packet.remoteAddress());
        if (packet.hasPorts()) {
            put(bits, localPort, packet.localPort());
            put(bits, remotePort, packet.remotePort());
        }
        if (packet.isIcmp()) {
            put(bits, icmpType, packet.icmpType());
            put(bits, icmpCode, packet.icmpCode());
        }
        bits[flags.first()] = (packet.tcpFlags() & TcpFlags.SYN) != 0;
        bits[flags.first() + 1] = (packet.tcpFlags() & TcpFlags.ACK) != 0;
        bits[flags.first() + 2] = (packet.tcpFlags() & TcpFlags.RST) != 0;
        put(bits, iface, packet.interfaceName().map(n -> interfaces.indexOf(n) + 1).orElse(0));
        AppIdentity app = packet.application();
        put(bits, executable, app.executable().map(n -> executables.indexOf(n) + 1).orElse(0));
        put(bits, user, app.user().map(n -> users.indexOf(n) + 1).orElse(0));
        put(bits, cgroup, app.cgroup().map(n -> cgroups.indexOf(n) + 1).orElse(0));
        return bits;
    }

    private static void put(boolean[] bits, Field field, long value) {
        for (int i = 0; i < field.width(); i++) {
            bits[field.first() + i] = ((value >>> (field.width() - 1 - i)) & 1) != 0;
        }
    }

    private static void putAddress(boolean[] bits, Field field, IPAddress address) {
        byte[] bytes = address.getBytes();
        for (int i = 0; i < bytes.length * 8; i++) {
            bits[field.first() + i] = ((bytes[i / 8] >>> (7 - i % 8)) & 1) != 0;
        }
    }

    boolean contains(int set, Packet packet) {
        return bdd.contains(set, assignment(packet));
    }

    /**
     * A concrete packet of a non-empty set, preferring ordinary-looking ones: IPv4 TCP opening segments, then
     * IPv4 UDP, then anything. Conditions a header cannot show (host-name atoms) come back as assumptions.
     */
    Example example(int set) {
        return example(set, Bdd.TRUE);
    }

    /**
     * A packet in both sets (the first one of the most preferred kind), without building their intersection.
     */
    Example example(int large, int small) {
        for (int preference : examplePreferences()) {
            // Both answers are cached, and a rule's sets meet many others: most misses cost nothing.
            if (!bdd.intersects(small, preference) || !bdd.intersects(large, preference)) {
                continue;
            }
            boolean[] bits = bdd.firstCommonAssignment(large, small, preference);
            if (bits != null) {
                return decode(bits);
            }
        }
        throw new IllegalArgumentException("the empty set has no example packet");
    }

    private int[] preferences;

    /**
     * Most preferred first: a TCP SYN from a client port of 40000 or more between documentation-looking addresses
     * (local 10.0.0.2, remote 203.0.113.5), then the same with any addresses, then any IPv4 TCP SYN, UDP, ICMP,
     * anything. Within a preference the smallest values are taken, so the example is deterministic.
     */
    private int[] examplePreferences() {
        if (preferences == null) {
            int v4 = isIpv6(false);
            int syn = bdd.and(isTcp,
                    bdd.diff(tcpFlag(TcpFlags.SYN), bdd.or(tcpFlag(TcpFlags.ACK), tcpFlag(TcpFlags.RST))));
            int clientPort = bdd.or(bdd.and(direction(Direction.OUT), range(localPort, 40000, 65535)),
                    bdd.and(direction(Direction.IN), range(remotePort, 40000, 65535)));
            int addresses = bdd.and(address(localAddress, Packet.parseAddress("10.0.0.2")),
                    address(remoteAddress, Packet.parseAddress("203.0.113.5")));
            int udp = protocolNumber(IpProtocols.UDP);
            int ordinary = bdd.and(v4, clientPort);
            preferences = new int[] {
                bdd.and(bdd.and(ordinary, syn), addresses),
                bdd.and(ordinary, syn),
                bdd.and(bdd.and(ordinary, udp), addresses),
                bdd.and(ordinary, udp),
                bdd.and(v4, syn),
                bdd.and(v4, addresses),
                v4,
                Bdd.TRUE
            };
        }
        return preferences;
    }

    private long value(boolean[] bits, Field field, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 1) | (bits[field.first() + i] ? 1 : 0);
        }
        return value;
    }

    IPAddress addressValue(boolean[] bits, Field side, boolean v6) {
        byte[] bytes = new byte[v6 ? 16 : 4];
        for (int i = 0; i < bytes.length * 8; i++) {
            if (bits[side.first() + i]) {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return v6 ? new IPv6Address(bytes) : new IPv4Address(bytes);
    }

    Example decode(boolean[] bits) {
        Direction dir = bits[direction.first()] ? Direction.OUT : Direction.IN;
        boolean v6 = bits[version.first()];
        int proto = (int) value(bits, protocol, 8);
        IPAddress local = addressValue(bits, localAddress, v6);
        IPAddress remote = addressValue(bits, remoteAddress, v6);
        boolean ports = proto == IpProtocols.TCP || proto == IpProtocols.UDP;
        int lport = ports ? (int) value(bits, localPort, 16) : 0;
        int rport = ports ? (int) value(bits, remotePort, 16) : 0;
        int type = (int) value(bits, icmpType, 8);
        int code = (int) value(bits, icmpCode, 8);
        int tcpFlags = 0;
        if (proto == IpProtocols.TCP) {
            tcpFlags |= bits[flags.first()] ? TcpFlags.SYN : 0;
            tcpFlags |= bits[flags.first() + 1] ? TcpFlags.ACK : 0;
            tcpFlags |= bits[flags.first() + 2] ? TcpFlags.RST : 0;
        }
        Optional<String> ifaceName = name(interfaces, (int) value(bits, iface, iface.width()));
        AppIdentity app = new AppIdentity(name(executables, (int) value(bits, executable, executable.width())),
                name(users, (int) value(bits, user, user.width())),
                name(cgroups, (int) value(bits, cgroup, cgroup.width())));
        Packet packet = dir == Direction.OUT
                ? new Packet(dir, proto, local, lport, remote, rport, type, code, tcpFlags, ifaceName, app)
                : new Packet(dir, proto, remote, rport, local, lport, type, code, tcpFlags, ifaceName, app);
        List<String> assumptions = new ArrayList<>();
        for (var atom : nameAtoms.entrySet()) {
            if (bits[atom.getValue()]) {
                String[] parts = atom.getKey().split(":", 2);
                assumptions.add("the " + parts[0] + " address is one that " + parts[1] + " resolves to");
            }
        }
        return new Example(packet, assumptions);
    }

    private static Optional<String> name(List<String> names, int index) {
        return index == 0 ? Optional.empty() : Optional.of(names.get(index - 1));
    }

    List<String> interfaceNames() {
        return interfaces;
    }

    List<String> executableNames() {
        return executables;
    }

    List<String> userNames() {
        return users;
    }

    List<String> cgroupNames() {
        return cgroups;
    }

}
