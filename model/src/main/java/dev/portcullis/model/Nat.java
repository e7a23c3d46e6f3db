package dev.portcullis.model;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A gateway's address translation: masquerading (source NAT of a zone's traffic leaving to another zone, to the
 * address of the interface it leaves by) and port forwarding (destination NAT of connections arriving from a
 * zone, to a host behind the gateway). Forward rules see what nftables sees at the forward hook: the destination
 * after port forwarding, the source before masquerading.
 */
public record Nat(List<Masquerade> masquerades, List<PortForward> portForwards) {
    public static final Nat NONE = new Nat(List.of(), List.of());

    public Nat {
        masquerades = List.copyOf(masquerades);
        portForwards = List.copyOf(portForwards);
    }

    public boolean isEmpty() {
        return masquerades.isEmpty() && portForwards.isEmpty();
    }

    /**
     * Traffic from zone {@code from} leaving to zone {@code to} gets the source address {@code address} (the
     * out-interface's own address when empty, as nftables' {@code masquerade} does; the engine needs it given to
     * follow the replies).
     */
    public record Masquerade(String id, String from, String to, Optional<IPAddress> address, Origin origin) {
        public Masquerade {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * Connections arriving from zone {@code from} (to {@code destination} when given, e.g. the gateway's public
     * address) with protocol {@code protocol} and destination port in {@code ports} are sent on to {@code to}, on
     * port {@code toPort} when given, else on the same port.
     */
    public record PortForward(String id, String from, ProtocolMatch protocol, PortSet ports,
                              Optional<HostMatch.AddressBlock> destination, IPAddress to, Optional<Integer> toPort,
                              Origin origin) {
        public PortForward {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(ports, "ports");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(toPort, "toPort");
            Objects.requireNonNull(origin, "origin");
            if (!protocol.carriesPorts()) {
                throw new IllegalArgumentException("port forward '" + id + "' needs protocol tcp, udp or tcp+udp");
            }
            if (ports.isAny()) {
                throw new IllegalArgumentException("port forward '" + id + "' needs the ports it forwards");
            }
            toPort.ifPresent(port -> {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port forward '" + id + "' to port " + port
                            + " is out of range 1-65535");
                }
            });
        }
    }
}
