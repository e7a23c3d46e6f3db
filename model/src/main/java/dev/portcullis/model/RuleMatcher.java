package dev.portcullis.model;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one definition of "does this rule match this packet", header fields only. The engine builds modes and
 * connection tracking on top of it; the analyses and every backend are tested against it.
 *
 * <p>Scope: a host rule decides the host's own packets ({@link Path#INPUT} and {@link Path#OUTPUT}, by its
 * direction); a forward rule decides forwarded packets ({@link Path#FORWARD}). A forwarded packet has no side of
 * its own, so a forward rule's direction says which side is local: {@code in} reads the destination as local
 * (a connection opened toward the protected side), {@code out} the source, {@code both} either.
 *
 * <p>Zones: a packet address is in a zone if the zone lists a covering address block, or if the packet is on one
 * of the zone's interfaces on that address's side: the interface a host packet arrives on or leaves by (for both
 * of its addresses), the in-interface for a forwarded packet's source, the out-interface for its destination.
 * A zone with neither ({@code internet}, typically) holds every address that no other zone's address blocks
 * cover. Interface names ending in {@code *} are prefixes ({@link Zone#interfaceMatches}).
 *
 * <p>Rule state conditions are read from the header as a static packet filter would: {@code established} is TCP
 * with ACK or RST set, {@code related} an ICMP error, {@code new} a TCP SYN without ACK or any non-TCP packet.
 * Every {@link MatchClause} of the rule must hold too.
 */
public final class RuleMatcher {
    private final Map<String, Zone> zones;
    private final List<HostMatch.AddressBlock> zonedBlocks;
    private final NameResolver resolver;

    public RuleMatcher(List<Zone> zones, NameResolver resolver) {
        this.zones = zones.stream().collect(Collectors.toUnmodifiableMap(Zone::name, Function.identity()));
        this.zonedBlocks = zones.stream().flatMap(z -> z.addresses().stream()).toList();
        this.resolver = resolver;
    }

    public static RuleMatcher forPolicy(Policy policy, NameResolver resolver) {
        return new RuleMatcher(policy.zones(), resolver);
    }

    /** A packet read from one side: which address, port and interface are local and which remote. */
    private record Sides(IPAddress local, int localPort, Optional<String> localInterface,
                         IPAddress remote, int remotePort, Optional<String> remoteInterface) {
        static Sides destinationLocal(Packet p) {
            return new Sides(p.destination(), p.destinationPort(), p.interfaceOfDestination(),
                    p.source(), p.sourcePort(), p.interfaceOfSource());
        }

        static Sides sourceLocal(Packet p) {
            return new Sides(p.source(), p.sourcePort(), p.interfaceOfSource(),
                    p.destination(), p.destinationPort(), p.interfaceOfDestination());
        }
    }

    public boolean matches(Rule rule, Packet packet) {
        if (!rule.enabled()
                || !rule.protocol().matchesProtocol(packet.protocol())
                || (packet.isIcmp() && !rule.protocol().matchesIcmp(packet.icmpType(), packet.icmpCode()))
                || !stateMatches(rule.state(), packet)
                || !rule.application().map(packet.application()::matches).orElse(true)) {
            return false;
        }
        for (MatchClause clause : rule.clauses()) {
            if (!clause.matches(packet)) {
                return false;
            }
        }
        return switch (rule.scope()) {
            case HOST -> !packet.isForwarded() && rule.direction().covers(packet.direction())
                    && sidesMatch(rule, packet, packet.direction() == Direction.OUT
                    ? Sides.sourceLocal(packet) : Sides.destinationLocal(packet));
            case FORWARD -> packet.isForwarded()
                    && ((rule.direction().covers(Direction.IN) && sidesMatch(rule, packet, Sides.destinationLocal(packet)))
                    || (rule.direction().covers(Direction.OUT) && sidesMatch(rule, packet, Sides.sourceLocal(packet))));
        };
    }

    private boolean sidesMatch(Rule rule, Packet packet, Sides sides) {
        return portsMatch(rule, packet, sides)
                && hostsMatch(rule.localHosts(), sides.local(), sides.localInterface())
                && hostsMatch(rule.remoteHosts(), sides.remote(), sides.remoteInterface());
    }

    private static boolean portsMatch(Rule rule, Packet packet, Sides sides) {
        if (!packet.hasPorts()) {
            return rule.localPorts().isAny() && rule.remotePorts().isAny();
        }
        return rule.localPorts().contains(sides.localPort()) && rule.remotePorts().contains(sides.remotePort());
    }

    private static boolean stateMatches(StateMatch state, Packet packet) {
        return switch (state) {
            case ANY -> true;
            case ESTABLISHED -> packet.protocol() != IpProtocols.TCP || TcpFlags.isEstablishedStyle(packet.tcpFlags());
            case NEW -> packet.protocol() != IpProtocols.TCP || TcpFlags.isInitialSyn(packet.tcpFlags());
            case RELATED -> isIcmpError(packet);
        };
    }

    /** ICMP messages that report on another flow: v4 types 3, 4, 11, 12; v6 types 1-4. */
    public static boolean isIcmpError(Packet packet) {
        return (packet.protocol() == IpProtocols.ICMP && IcmpType.isIcmpV4Error(packet.icmpType()))
                || (packet.protocol() == IpProtocols.ICMPV6 && IcmpType.isIcmpV6Error(packet.icmpType()));
    }

    private boolean hostsMatch(HostSet hosts, IPAddress address, Optional<String> iface) {
        if (hosts.isAny()) {
            return true;
        }
        for (HostMatch host : hosts.entries()) {
            if (hostMatches(host, address, iface)) {
                return true;
            }
        }
        return false;
    }

    private boolean hostMatches(HostMatch host, IPAddress address, Optional<String> iface) {
        return switch (host) {
            case HostMatch.AddressBlock block -> block.contains(address);
            case HostMatch.HostName name -> resolver.resolve(name.name()).stream()
                    .anyMatch(resolved -> resolved.getIPVersion() == address.getIPVersion()
                            && resolved.equals(address));
            case HostMatch.ZoneRef ref -> inZone(zones.get(ref.zone()), address, iface);
        };
    }

    /** Whether an address, seen on interface {@code iface} (that address's side of the packet), is in a zone. */
    public boolean inZone(Zone zone, IPAddress address, Optional<String> iface) {
        if (zone == null) {
            return false;
        }
        if (zone.isCatchAll()) {
            return zonedBlocks.stream().noneMatch(block -> block.contains(address));
        }
        return zone.addresses().stream().anyMatch(block -> block.contains(address))
                || iface.filter(zone::hasInterface).isPresent();
    }
}
