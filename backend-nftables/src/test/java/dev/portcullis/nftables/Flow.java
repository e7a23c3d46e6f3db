package dev.portcullis.nftables;

import dev.portcullis.model.Direction;
import dev.portcullis.model.Packet;

/**
 * One flow the kernel test sends: its direction relative to the protected host ({@code IN}: the peer opens it),
 * protocol ({@code tcp}, {@code udp} or {@code icmp} echo) and endpoints.
 */
record Flow(Direction direction, String protocol, String source, int sourcePort, String destination,
            int destinationPort) {

    /** The flow's first packet as the engine sees it: a TCP SYN, a UDP datagram or an ICMP echo request. */
    Packet firstPacket() {
        return switch (protocol) {
            case "tcp" -> Packet.of(direction, 6, source, sourcePort, destination, destinationPort);
            case "udp" -> Packet.of(direction, 17, source, sourcePort, destination, destinationPort);
            case "icmp" -> Packet.icmp(direction, source, destination, 8, 0);
            default -> throw new IllegalArgumentException(protocol);
        };
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
        return firstPacket().toString();
    }
}
