package dev.portcullis.nftables;

import dev.portcullis.model.Direction;
import dev.portcullis.model.Packet;

/**
 * One flow the kernel test sends: its direction relative to the protected host ({@code IN}: the peer opens it),
 * protocol ({@code tcp}, {@code udp} or {@code icmp} echo) and endpoints.
 */
record Flow(Direction direction, String protocol, String source, int sourcePort, String destination,
            int destinationPort) {

    /** The interface every lab flow crosses on the host's side of the veth pair. */
    static final String HOST_INTERFACE = "pc0";

    /** The flow's first packet as the engine sees it: a TCP SYN, a UDP datagram or an ICMP echo request. */
    Packet firstPacket() {
        return headerOnly().withInterface(HOST_INTERFACE);
    }

    private Packet headerOnly() {
        return switch (protocol) {
            case "tcp" -> Packet.of(direction, 6, source, sourcePort, destination, destinationPort);
            case "udp" -> Packet.of(direction, 17, source, sourcePort, destination, destinationPort);
            case "icmp" -> Packet.icmp(direction, source, destination, isIpv6() ? 128 : 8, 0);
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    boolean isIpv6() {
        return source.contains(":");
    }

    /** The echo reply to an ICMP flow's request. */
    Packet echoReply() {
        return Packet.icmp(direction.reversed(), destination, source, isIpv6() ? 129 : 0, 0)
                .withInterface(HOST_INTERFACE);
    }

    /** The ICMP error a reject sends back about this flow: admin-prohibited, v4 3/13 or v6 1/1. */
    Packet rejectError() {
        return Packet.icmp(direction.reversed(), destination, source, isIpv6() ? 1 : 3, isIpv6() ? 1 : 13)
                .withInterface(HOST_INTERFACE);
    }

    /** The agent command that sends it. */
    String probeCommand(int id, int timeoutMs) {
        return protocol.equals("icmp")
                ? "probe " + id + " icmp " + source + " " + destination + " " + timeoutMs
                : "probe " + id + " " + protocol + " " + source + " " + sourcePort + " " + destination + " "
                        + destinationPort + " " + timeoutMs;
    }

    @Override
    public String toString() {
        return headerOnly().toString();
    }
}
