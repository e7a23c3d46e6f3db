package dev.portcullis.model;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one definition of "does this rule match this packet", header fields only. The engine builds modes and
 * connection tracking on top of it; the analyses and every backend are tested against it.
 *
 * <p>Zones: a packet address is in a zone if the zone lists a covering address block, or if the packet arrived
 * or leaves on one of the zone's interfaces. A zone with neither ({@code internet}, typically) holds every address
 * that no other zone's address blocks cover.
 *
 * <p>Rule state conditions are read from the header as a static packet filter would: {@code established} is TCP
 * with ACK or RST set, {@code related} an ICMP error, {@code new} a TCP SYN without ACK or any non-TCP packet.
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

    public boolean matches(Rule rule, Packet packet) {
        return rule.enabled()
                && rule.direction().covers(packet.direction())
                && rule.protocol().matchesProtocol(packet.protocol())
                && (!packet.isIcmp() || rule.protocol().matchesIcmp(packet.icmpType(), packet.icmpCode()))
                && portsMatch(rule, packet)
                && stateMatches(rule.state(), packet)
                && hostsMatch(rule.localHosts(), packet.localAddress(), packet)
                && hostsMatch(rule.remoteHosts(), packet.remoteAddress(), packet)
                && rule.application().map(packet.application()::matches).orElse(true);
    }

    private static boolean portsMatch(Rule rule, Packet packet) {
        if (!packet.hasPorts()) {
            return rule.localPorts().isAny() && rule.remotePorts().isAny();
        }
        return rule.localPorts().contains(packet.localPort()) && rule.remotePorts().contains(packet.remotePort());
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

    private boolean hostsMatch(HostSet hosts, IPAddress address, Packet packet) {
        if (hosts.isAny()) {
            return true;
        }
        for (HostMatch host : hosts.entries()) {
            if (hostMatches(host, address, packet)) {
                return true;
            }
        }
        return false;
    }

    private boolean hostMatches(HostMatch host, IPAddress address, Packet packet) {
        return switch (host) {
            case HostMatch.AddressBlock block -> block.contains(address);
            case HostMatch.HostName name -> resolver.resolve(name.name()).stream()
                    .anyMatch(resolved -> resolved.getIPVersion() == address.getIPVersion()
                            && resolved.equals(address));
            case HostMatch.ZoneRef ref -> inZone(zones.get(ref.zone()), address, packet);
        };
    }

    /** Whether an address (seen on this packet's interface) belongs to a zone. */
    public boolean inZone(Zone zone, IPAddress address, Packet packet) {
        if (zone == null) {
            return false;
        }
        if (zone.isCatchAll()) {
            return zonedBlocks.stream().noneMatch(block -> block.contains(address));
        }
        return zone.addresses().stream().anyMatch(block -> block.contains(address))
                || packet.interfaceName().filter(zone::hasInterface).isPresent();
    }
}
