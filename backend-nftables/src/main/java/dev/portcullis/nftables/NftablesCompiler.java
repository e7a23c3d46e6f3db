package dev.portcullis.nftables;

import dev.portcullis.model.Action;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Zone;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compiles a policy into one nftables table, {@code inet portcullis}, with the same first-match meaning as
 * {@link dev.portcullis.model.RuleMatcher} and the engine.
 *
 * <p>Layout: base chains {@code input} (packets arriving at the host: remote = source) and {@code output}
 * (packets the host sends: remote = destination), both at priority {@code filter} (0). There is no forward
 * chain: Portcullis protects the host itself, and zones defined by interface are matched with
 * {@code iifname}/{@code oifname} in those two chains. Each policy rule becomes one or more nft rules in the
 * chains its direction covers, in policy order, each ending in the rule's verdict; the chain policy is the mode's
 * default. Consecutive accept/drop rules that differ only in one port clause become one verdict map.
 *
 * <p>Other tables are never touched. In nftables every base chain on a hook decides: an accept here does not
 * override a drop in another table (Docker's, libvirt's), while a drop here is final.
 *
 * <p>Deliberate differences from the engine, all on traffic the engine does not model: loopback traffic is
 * accepted (except in stop-all), and IPv6 neighbour discovery is accepted, because without it IPv6 stops working.
 */
public final class NftablesCompiler {
    public static final String FAMILY = "inet";
    public static final String TABLE = "portcullis";

    private static final List<String> ICMPV6_NEIGHBOUR_DISCOVERY =
            List.of("nd-router-solicit", "nd-router-advert", "nd-neighbor-solicit", "nd-neighbor-advert");

    /** Conntrack helpers nftables can attach, with the transport protocol each tracks. */
    private static final Map<String, String> HELPER_PROTOCOLS = Map.of(
            "ftp", "tcp", "tftp", "udp", "irc", "tcp", "sip", "udp", "pptp", "tcp",
            "sane", "tcp", "amanda", "udp", "snmp", "udp", "netbios-ns", "udp");

    /** Compiles with host names resolved through {@code resolver} (at apply time, the system resolver). */
    public CompiledRuleset compile(Policy policy, NameResolver resolver) {
        return new Compilation(policy, resolver).run();
    }

    /** A script that replaces our table atomically; see {@link CompiledRuleset#replacementScript()}. */
    static String replaceTableScript(String table) {
        return "table " + FAMILY + " " + TABLE + "\n"
                + "delete table " + FAMILY + " " + TABLE + "\n"
                + table;
    }

    /** A script that removes our table if present, atomically. */
    static String removeTableScript() {
        return "table " + FAMILY + " " + TABLE + "\n" + "delete table " + FAMILY + " " + TABLE + "\n";
    }

    /** A script that replaces the elements of the host-name sets, and nothing else, in one transaction. */
    public static String hostSetUpdateScript(List<HostNameSet> sets) {
        StringBuilder script = new StringBuilder();
        for (HostNameSet set : sets) {
            appendSetUpdate(script, set.ipv4Set(), set.ipv4());
            appendSetUpdate(script, set.ipv6Set(), set.ipv6());
        }
        return script.toString();
    }

    private static void appendSetUpdate(StringBuilder script, String set, List<IPAddress> addresses) {
        script.append("flush set ").append(FAMILY).append(' ').append(TABLE).append(' ').append(set).append('\n');
        if (!addresses.isEmpty()) {
            script.append("add element ").append(FAMILY).append(' ').append(TABLE).append(' ').append(set)
                    .append(" { ").append(addresses.stream().map(IPAddress::toCanonicalString)
                            .collect(Collectors.joining(", "))).append(" }\n");
        }
    }

    /** Which chain a packet direction is filtered in, and the header fields that are local and remote there. */
    private enum Chain {
        INPUT("input", "input", "daddr", "saddr", "dport", "sport", "iifname", "iif"),
        OUTPUT("output", "output", "saddr", "daddr", "sport", "dport", "oifname", "oif");

        final String chainName;
        final String hook;
        final String localAddress;
        final String remoteAddress;
        final String localPort;
        final String remotePort;
        final String interfaceName;
        final String interfaceIndex;

        Chain(String chainName, String hook, String localAddress, String remoteAddress, String localPort,
              String remotePort, String interfaceName, String interfaceIndex) {
            this.chainName = chainName;
            this.hook = hook;
            this.localAddress = localAddress;
            this.remoteAddress = remoteAddress;
            this.localPort = localPort;
            this.remotePort = remotePort;
            this.interfaceName = interfaceName;
            this.interfaceIndex = interfaceIndex;
        }

        Direction direction() {
            return this == INPUT ? Direction.IN : Direction.OUT;
        }
    }

    /** Which address family a match fragment restricts the packet to. */
    private enum Family {
        ANY, IPV4, IPV6;

        Optional<Family> and(Family other) {
            if (this == ANY) {
                return Optional.of(other);
            }
            if (other == ANY || other == this) {
                return Optional.of(this);
            }
            return Optional.empty();
        }
    }

    /** One nft match expression (possibly empty) and the family it implies. */
    private record Fragment(Family family, String text) {
        static final Fragment TRUE = new Fragment(Family.ANY, "");

        Optional<Fragment> and(Fragment other) {
            return family.and(other.family).map(f -> new Fragment(f, join(text, other.text)));
        }
    }

    /** A port clause kept apart from the rest of the match so that neighbours can share a verdict map. */
    private record PortClause(String field, List<PortRange> ranges) {
    }

    /** One nft rule: a match, an optional port clause, statements (log, ct), verdict and comment. */
    private record NftRule(String ruleId, String match, Optional<PortClause> port, String statements,
                           String verdict, String comment) {
        boolean mergeableWith(NftRule other) {
            return port.isPresent() && other.port.isPresent() && statements.isEmpty() && other.statements.isEmpty()
                    && isMapVerdict(verdict) && isMapVerdict(other.verdict)
                    && match.equals(other.match) && port.get().field.equals(other.port.get().field);
        }

        private static boolean isMapVerdict(String verdict) {
            return verdict.equals("accept") || verdict.equals("drop");
        }
    }

    /** The state of compiling one policy: declared objects and the rules of each chain. */
    private static final class Compilation {
        private final Policy policy;
        private final NameResolver resolver;
        private final Map<String, HostNameSet> hostSets = new LinkedHashMap<>();
        private final Map<Long, String> timeouts = new LinkedHashMap<>();
        private final Map<String, String> helpers = new LinkedHashMap<>();
        private final Map<Chain, List<NftRule>> rules = new LinkedHashMap<>();

        Compilation(Policy policy, NameResolver resolver) {
            this.policy = policy;
            this.resolver = resolver;
            for (Chain chain : Chain.values()) {
                rules.put(chain, new ArrayList<>());
            }
        }

        CompiledRuleset run() {
            boolean rulesApply = policy.mode() != Mode.STOP_ALL && policy.mode() != Mode.DISABLED;
            if (rulesApply) {
                for (Rule rule : policy.rules()) {
                    if (!rule.enabled()) {
                        continue;
                    }
                    for (Chain chain : Chain.values()) {
                        if (rule.direction().covers(chain.direction())) {
                            compileRule(rule, chain);
                        }
                    }
                }
            }
            StringBuilder table = new StringBuilder();
            table.append("table ").append(FAMILY).append(' ').append(TABLE).append(" {\n");
            declareObjects(table);
            for (Chain chain : Chain.values()) {
                writeChain(table, chain, rulesApply);
            }
            table.append("}\n");
            return new CompiledRuleset(table.toString(), List.copyOf(hostSets.values()));
        }

        private void declareObjects(StringBuilder table) {
            timeouts.forEach((seconds, name) -> table.append("\tct timeout ").append(name).append(" {\n")
                    .append("\t\tprotocol udp\n\t\tl3proto inet\n")
                    .append("\t\tpolicy = { unreplied : ").append(seconds).append(", replied : ").append(seconds)
                    .append(" }\n\t}\n\n"));
            helpers.forEach((type, name) -> table.append("\tct helper ").append(name).append(" {\n")
                    .append("\t\ttype \"").append(type).append("\" protocol ").append(HELPER_PROTOCOLS.get(type))
                    .append("\n\t\tl3proto inet\n\t}\n\n"));
            for (HostNameSet set : hostSets.values()) {
                declareSet(table, set.ipv4Set(), "ipv4_addr", set.hostName(), set.ipv4());
                declareSet(table, set.ipv6Set(), "ipv6_addr", set.hostName(), set.ipv6());
            }
        }

        private static void declareSet(StringBuilder table, String name, String type, String hostName,
                                       List<IPAddress> addresses) {
            table.append("\tset ").append(name).append(" {\n\t\ttype ").append(type).append('\n')
                    .append("\t\tcomment ").append(NftSyntax.comment("host " + hostName)).append('\n');
            if (!addresses.isEmpty()) {
                table.append("\t\telements = { ").append(addresses.stream().map(IPAddress::toCanonicalString)
                        .distinct().collect(Collectors.joining(", "))).append(" }\n");
            }
            table.append("\t}\n\n");
        }

        private void writeChain(StringBuilder table, Chain chain, boolean rulesApply) {
            String defaultVerdict = switch (policy.mode()) {
                case BLOCK_MOST, LEARNING, STOP_ALL -> "drop";
                case ALLOW_MOST, DISABLED -> "accept";
            };
            table.append("\tchain ").append(chain.chainName).append(" {\n")
                    .append("\t\ttype filter hook ").append(chain.hook).append(" priority filter; policy ")
                    .append(defaultVerdict).append(";\n");
            if (rulesApply) {
                line(table, chain.interfaceIndex + " \"lo\" accept comment \"loopback never leaves the host\"");
                if (policy.settings().stateful()) {
                    line(table, "ct state established,related accept comment \"replies of allowed flows\"");
                }
                line(table, "icmpv6 type { " + String.join(", ", ICMPV6_NEIGHBOUR_DISCOVERY)
                        + " } accept comment \"IPv6 needs neighbour discovery\"");
                if (policy.settings().stateful()) {
                    line(table, "ct state invalid drop");
                }
                for (NftRule rule : mergeIntoVerdictMaps(rules.get(chain))) {
                    line(table, render(rule));
                }
                if (policy.mode() == Mode.LEARNING) {
                    line(table, "log prefix \"pc:learning \" comment \"unmatched flows become candidate rules\"");
                }
            }
            table.append("\t}\n");
            if (chain != Chain.values()[Chain.values().length - 1]) {
                table.append('\n');
            }
        }

        private static void line(StringBuilder table, String text) {
            table.append("\t\t").append(text).append('\n');
        }

        private static String render(NftRule rule) {
            String port = rule.port().map(p -> p.field() + " " + portSet(p.ranges())).orElse("");
            return join(join(join(join(rule.match(), port), rule.statements()), rule.verdict()),
                    "comment " + NftSyntax.comment(rule.comment()));
        }

        // ---- one policy rule → nft rules -------------------------------------------------------------------

        private void compileRule(Rule rule, Chain chain) {
            if (!rule.clauses().isEmpty() || rule.scope() != Rule.Scope.HOST) {
                // NftablesCapabilities reports these at the rule's place before anything is compiled.
                throw NftSyntax.invalid("rule '" + rule.id() + "' needs what this compiler does not emit yet"
                        + " (a forward rule or a match clause)", "check and replay decide its packets");
            }
            rule.application().ifPresent(app -> checkApplication(rule, app));
            List<Fragment> local = hostFragments(rule.localHosts(), chain.localAddress, chain, rule);
            List<Fragment> remote = hostFragments(rule.remoteHosts(), chain.remoteAddress, chain, rule);
            List<Fragment> protocol = protocolFragments(rule.protocol());
            List<Fragment> state = stateFragments(rule.state(), rule.protocol());
            Fragment app = rule.application().map(a -> new Fragment(Family.ANY, applicationMatch(a, rule)))
                    .orElse(Fragment.TRUE);
            Optional<PortClause> localPort = portClause(rule.protocol(), chain.localPort, rule.localPorts());
            Optional<PortClause> remotePort = portClause(rule.protocol(), chain.remotePort, rule.remotePorts());
            // The port clause kept apart (for verdict maps) is the service port: local for inbound rules, remote
            // for outbound ones, whichever the rule gives when it gives one; the other stays in the match.
            Optional<PortClause> keyPort = localPort.isPresent() ? localPort : remotePort;
            Optional<PortClause> otherPort = localPort.isPresent() ? remotePort : Optional.empty();
            String otherPortText = otherPort.map(p -> p.field() + " " + portSet(p.ranges())).orElse("");

            String statements = statements(rule);
            String comment = rule.id() + (rule.name().equals(rule.id()) ? "" : ": " + rule.name());
            for (Fragment proto : protocol) {
                for (Fragment st : state) {
                    for (Fragment l : local) {
                        for (Fragment r : remote) {
                            Optional<Fragment> combined = proto.and(st).flatMap(f -> f.and(l)).flatMap(f -> f.and(r))
                                    .flatMap(f -> f.and(app));
                            if (combined.isEmpty()) {
                                continue; // e.g. an IPv4 local address with an IPv6 remote one: never matches
                            }
                            String match = join(combined.get().text(), otherPortText);
                            for (String verdict : verdicts(rule)) {
                                String[] parts = verdict.split("\\|", 2);
                                String guardedMatch = join(match, parts[0]);
                                rules.get(chain).add(new NftRule(rule.id(), guardedMatch, keyPort, statements,
                                        parts[1], comment));
                            }
                        }
                    }
                }
            }
        }

        /** Each entry is {@code "extra match|verdict"}: a reject needs a TCP reset for TCP and ICMP otherwise. */
        private static List<String> verdicts(Rule rule) {
            return switch (rule.action()) {
                case ALLOW -> List.of("|accept");
                case BLOCK -> List.of("|drop");
                case REJECT -> {
                    ProtocolMatch p = rule.protocol();
                    boolean maybeTcp = p.matchesProtocol(IpProtocols.TCP);
                    boolean onlyTcp = maybeTcp && p.protocolNumbers().equals(List.of(IpProtocols.TCP));
                    if (onlyTcp) {
                        yield List.of("|reject with tcp reset");
                    }
                    if (!maybeTcp) {
                        yield List.of("|reject with icmpx type admin-prohibited");
                    }
                    yield List.of("meta l4proto tcp|reject with tcp reset", "|reject with icmpx type admin-prohibited");
                }
            };
        }

        private String statements(Rule rule) {
            List<String> parts = new ArrayList<>();
            if (rule.action() == Action.ALLOW) {
                rule.sessionTimeout().filter(t -> rule.protocol().matchesProtocol(IpProtocols.UDP))
                        .ifPresent(timeout -> parts.add("ct timeout set \"" + timeoutObject(timeout) + "\""));
                rule.conntrackHelper().ifPresent(helper -> parts.add("ct helper set \"" + helperObject(helper, rule)
                        + "\""));
            }
            if (rule.log()) {
                parts.add("log prefix " + NftSyntax.logPrefix(rule.id()));
            }
            return String.join(" ", parts);
        }

        private String timeoutObject(Duration timeout) {
            long seconds = Math.max(1, timeout.toSeconds());
            return timeouts.computeIfAbsent(seconds, s -> "udp_" + s + "s");
        }

        private String helperObject(String helper, Rule rule) {
            String type = helper.trim().toLowerCase(java.util.Locale.ROOT);
            if (!HELPER_PROTOCOLS.containsKey(type)) {
                throw NftSyntax.invalid("rule '" + rule.id() + "' asks for conntrack helper '" + helper
                        + "', which nftables does not provide", "use one of " + new TreeSet<>(HELPER_PROTOCOLS.keySet()));
            }
            return helpers.computeIfAbsent(type, t -> "helper_" + t.replace('-', '_'));
        }

        private static void checkApplication(Rule rule, AppSelector app) {
            if (app instanceof AppSelector.Executable exe) {
                throw NftSyntax.invalid("rule '" + rule.id() + "' selects executable " + exe.path()
                        + ", which nftables cannot match (the kernel sees sockets, not program paths)",
                        "select the program's user (user:NAME) or its systemd service (service:UNIT) instead");
            }
            if (rule.direction() != Direction.OUT) {
                throw NftSyntax.invalid("rule '" + rule.id() + "' selects application " + app + " for direction "
                        + rule.direction().keyword() + "; nftables knows a packet's owner only for traffic the host "
                        + "sends", "give the rule direction out, or drop the application clause");
            }
        }

        private static String applicationMatch(AppSelector app, Rule rule) {
            return switch (app) {
                case AppSelector.Executable exe -> throw new IllegalStateException("checked before: " + exe);
                case AppSelector.User user -> "meta skuid " + NftSyntax.userName(user.user(), rule.id());
                case AppSelector.Cgroup cgroup -> "socket cgroupv2 level " + NftSyntax.cgroupLevel(cgroup.path()) + " "
                        + NftSyntax.cgroupPath(cgroup.path(), rule.id());
            };
        }

        // ---- hosts ---------------------------------------------------------------------------------------

        /** The alternatives a host clause allows: a packet matches if it matches any one of them. */
        private List<Fragment> hostFragments(HostSet hosts, String field, Chain chain, Rule rule) {
            if (hosts.isAny()) {
                return List.of(Fragment.TRUE);
            }
            List<IPAddressSeqRange> v4 = new ArrayList<>();
            List<IPAddressSeqRange> v6 = new ArrayList<>();
            List<String> interfaces = new ArrayList<>();
            List<Fragment> fragments = new ArrayList<>();
            for (HostMatch host : hosts.entries()) {
                switch (host) {
                    case HostMatch.AddressBlock block -> (block.isIpv4() ? v4 : v6).add(block.range());
                    case HostMatch.HostName name -> {
                        HostNameSet set = hostSet(name.name());
                        fragments.add(new Fragment(Family.IPV4, "ip " + field + " @" + set.ipv4Set()));
                        fragments.add(new Fragment(Family.IPV6, "ip6 " + field + " @" + set.ipv6Set()));
                    }
                    case HostMatch.ZoneRef ref -> {
                        Zone zone = policy.zone(ref.zone()).orElseThrow(() -> NftSyntax.invalid("rule '" + rule.id()
                                + "' refers to undefined zone '" + ref.zone() + "'", "define the zone in the policy"));
                        if (zone.isCatchAll()) {
                            fragments.addAll(catchAllZone(field));
                        }
                        for (HostMatch.AddressBlock block : zone.addresses()) {
                            (block.isIpv4() ? v4 : v6).add(block.range());
                        }
                        for (String name : zone.interfaces()) {
                            interfaces.add(NftSyntax.interfaceName(name, zone.name()));
                        }
                    }
                }
            }
            if (!v4.isEmpty()) {
                fragments.add(new Fragment(Family.IPV4, "ip " + field + " " + addressSet(v4)));
            }
            if (!v6.isEmpty()) {
                fragments.add(new Fragment(Family.IPV6, "ip6 " + field + " " + addressSet(v6)));
            }
            if (!interfaces.isEmpty()) {
                List<String> distinct = interfaces.stream().distinct().toList();
                fragments.add(new Fragment(Family.ANY, chain.interfaceName + " " + (distinct.size() == 1
                        ? distinct.get(0) : "{ " + String.join(", ", distinct) + " }")));
            }
            return fragments;
        }

        /** A zone without addresses or interfaces holds every address no other zone's blocks cover. */
        private List<Fragment> catchAllZone(String field) {
            List<IPAddressSeqRange> v4 = new ArrayList<>();
            List<IPAddressSeqRange> v6 = new ArrayList<>();
            for (Zone zone : policy.zones()) {
                for (HostMatch.AddressBlock block : zone.addresses()) {
                    (block.isIpv4() ? v4 : v6).add(block.range());
                }
            }
            return List.of(
                    new Fragment(Family.IPV4, v4.isEmpty() ? "meta nfproto ipv4" : "ip " + field + " != " + addressSet(v4)),
                    new Fragment(Family.IPV6, v6.isEmpty() ? "meta nfproto ipv6" : "ip6 " + field + " != " + addressSet(v6)));
        }

        private HostNameSet hostSet(String hostName) {
            return hostSets.computeIfAbsent(hostName, name -> new HostNameSet("host_" + hostSets.size(), name,
                    resolver.resolve(name)));
        }

        // ---- protocols, ports, state ---------------------------------------------------------------------

        private static List<Fragment> protocolFragments(ProtocolMatch protocol) {
            return switch (protocol) {
                case ProtocolMatch.AnyProtocol any -> List.of(Fragment.TRUE);
                case ProtocolMatch.Tcp tcp -> List.of(new Fragment(Family.ANY, "meta l4proto tcp"));
                case ProtocolMatch.Udp udp -> List.of(new Fragment(Family.ANY, "meta l4proto udp"));
                case ProtocolMatch.TcpUdp both -> List.of(new Fragment(Family.ANY, "meta l4proto { tcp, udp }"));
                case ProtocolMatch.Icmp icmp -> icmpFragments("icmp", Family.IPV4, icmp.types());
                case ProtocolMatch.Icmpv6 icmp -> icmpFragments("icmpv6", Family.IPV6, icmp.types());
                case ProtocolMatch.IpProtocol number -> List.of(new Fragment(Family.ANY, "meta l4proto " + number.number()));
            };
        }

        private static List<Fragment> icmpFragments(String keyword, Family family, List<IcmpType> types) {
            if (types.isEmpty()) {
                String l4 = keyword.equals("icmp") ? "icmp" : "ipv6-icmp";
                return List.of(new Fragment(Family.ANY, "meta l4proto " + l4));
            }
            List<Fragment> fragments = new ArrayList<>();
            TreeSet<Integer> anyCode = new TreeSet<>();
            for (IcmpType type : types) {
                if (type.code().isEmpty()) {
                    anyCode.add(type.type());
                }
            }
            if (!anyCode.isEmpty()) {
                fragments.add(new Fragment(family, keyword + " type " + numberSet(anyCode)));
            }
            for (IcmpType type : types) {
                if (type.code().isPresent() && !anyCode.contains(type.type())) {
                    fragments.add(new Fragment(family, keyword + " type " + type.type() + " " + keyword + " code "
                            + type.code().getAsInt()));
                }
            }
            return fragments;
        }

        /**
         * Ports: {@code tcp dport} for TCP-only rules, {@code th dport} (the transport header, after an l4proto
         * match) for TCP+UDP and numbered protocols.
         */
        private static Optional<PortClause> portClause(ProtocolMatch protocol, String field, PortSet ports) {
            if (ports.isAny()) {
                return Optional.empty();
            }
            String prefix = switch (protocol) {
                case ProtocolMatch.Tcp tcp -> "tcp";
                case ProtocolMatch.Udp udp -> "udp";
                default -> "th";
            };
            return Optional.of(new PortClause(prefix + " " + field, ports.normalized()));
        }

        /**
         * The header-based reading of a rule's state condition, exactly as RuleMatcher reads it: established is
         * TCP with ACK or RST (any non-TCP packet), new is a TCP SYN without ACK (any non-TCP packet), related an
         * ICMP error. In stateful mode the conntrack rules above have already taken tracked replies.
         */
        private static List<Fragment> stateFragments(StateMatch state, ProtocolMatch protocol) {
            boolean maybeTcp = protocol.matchesProtocol(IpProtocols.TCP);
            boolean onlyTcp = maybeTcp && protocol.protocolNumbers().equals(List.of(IpProtocols.TCP));
            List<Fragment> fragments = new ArrayList<>();
            switch (state) {
                case ANY -> fragments.add(Fragment.TRUE);
                case NEW, ESTABLISHED -> {
                    if (!onlyTcp) {
                        fragments.add(new Fragment(Family.ANY, maybeTcp ? "meta l4proto != tcp" : ""));
                    }
                    if (maybeTcp) {
                        fragments.add(new Fragment(Family.ANY, state == StateMatch.NEW
                                ? "tcp flags & (syn | ack) == syn" : "tcp flags & (ack | rst) != 0"));
                    }
                }
                case RELATED -> {
                    if (protocol.matchesProtocol(IpProtocols.ICMP)) {
                        fragments.add(new Fragment(Family.IPV4, "icmp type { 3, 4, 11, 12 }"));
                    }
                    if (protocol.matchesProtocol(IpProtocols.ICMPV6)) {
                        fragments.add(new Fragment(Family.IPV6, "icmpv6 type { 1, 2, 3, 4 }"));
                    }
                }
            }
            return fragments;
        }

        // ---- verdict maps --------------------------------------------------------------------------------

        /**
         * Runs of neighbouring accept/drop rules that differ only in one port clause become one verdict map. A
         * port listed by several rules of the run keeps the verdict of the first, as first-match requires.
         */
        private static List<NftRule> mergeIntoVerdictMaps(List<NftRule> chainRules) {
            List<NftRule> result = new ArrayList<>();
            int i = 0;
            while (i < chainRules.size()) {
                int end = i + 1;
                while (end < chainRules.size() && chainRules.get(i).mergeableWith(chainRules.get(end))) {
                    end++;
                }
                if (end - i < 2) {
                    result.add(chainRules.get(i));
                } else {
                    result.add(verdictMap(chainRules.subList(i, end)));
                }
                i = end;
            }
            return result;
        }

        private static NftRule verdictMap(List<NftRule> run) {
            record Element(int first, int last, String verdict) {
            }
            List<Element> elements = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (NftRule rule : run) {
                ids.add(rule.ruleId());
                for (PortRange range : rule.port().orElseThrow().ranges()) {
                    List<int[]> taken = elements.stream().map(e -> new int[] {e.first(), e.last()}).toList();
                    for (int[] piece : subtract(range.first(), range.last(), taken)) {
                        elements.add(new Element(piece[0], piece[1], rule.verdict()));
                    }
                }
            }
            String map = elements.stream()
                    .sorted(java.util.Comparator.comparingInt(Element::first))
                    .map(e -> (e.first() == e.last() ? Integer.toString(e.first()) : e.first() + "-" + e.last())
                            + " : " + e.verdict())
                    .collect(Collectors.joining(", "));
            NftRule first = run.get(0);
            String field = first.port().orElseThrow().field();
            String comment = "rules " + ids.stream().distinct().collect(Collectors.joining(", "));
            return new NftRule(String.join(",", ids), join(first.match(), field + " vmap { " + map + " }"), Optional.empty(), "", "", comment);
        }

        /** The parts of [first, last] not covered by any of the disjoint intervals in {@code taken}. */
        private static List<int[]> subtract(int first, int last, List<int[]> taken) {
            List<int[]> pieces = new ArrayList<>();
            pieces.add(new int[] {first, last});
            for (int[] t : taken) {
                List<int[]> next = new ArrayList<>();
                for (int[] p : pieces) {
                    if (t[1] < p[0] || t[0] > p[1]) {
                        next.add(p);
                        continue;
                    }
                    if (p[0] < t[0]) {
                        next.add(new int[] {p[0], t[0] - 1});
                    }
                    if (p[1] > t[1]) {
                        next.add(new int[] {t[1] + 1, p[1]});
                    }
                }
                pieces = next;
            }
            return pieces;
        }
    }

    // ---- element formatting ---------------------------------------------------------------------------------

    /** Merged, non-overlapping address elements: nft refuses overlapping intervals in one set. */
    static String addressSet(List<IPAddressSeqRange> ranges) {
        IPAddressSeqRange[] merged = IPAddressSeqRange.join(ranges.toArray(IPAddressSeqRange[]::new));
        List<String> elements = new ArrayList<>();
        for (IPAddressSeqRange range : merged) {
            IPAddress[] blocks = range.spanWithPrefixBlocks();
            if (range.getLower().equals(range.getUpper())) {
                elements.add(range.getLower().withoutPrefixLength().toCanonicalString());
            } else if (blocks.length == 1) {
                elements.add(blocks[0].toPrefixLengthString());
            } else {
                elements.add(range.getLower().withoutPrefixLength().toCanonicalString() + "-"
                        + range.getUpper().withoutPrefixLength().toCanonicalString());
            }
        }
        return elements.size() == 1 ? elements.get(0) : "{ " + String.join(", ", elements) + " }";
    }

    static String portSet(List<PortRange> ranges) {
        List<String> elements = ranges.stream()
                .map(r -> r.isSingle() ? Integer.toString(r.first()) : r.first() + "-" + r.last())
                .toList();
        return elements.size() == 1 ? elements.get(0) : "{ " + String.join(", ", elements) + " }";
    }

    private static String numberSet(TreeSet<Integer> numbers) {
        return numbers.size() == 1 ? numbers.first().toString()
                : "{ " + numbers.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }";
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + " " + b;
    }
}
