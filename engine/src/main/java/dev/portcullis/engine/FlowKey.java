package dev.portcullis.engine;

import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Packet;
import inet.ipaddr.IPAddress;

/**
 * A flow as seen from the side that opened it: protocol, the opener's address and port, the responder's address
 * and port. Ports are 0 for protocols without ports; ICMP echo flows are keyed by the two addresses only,
 * because the model's packet carries no ICMP identifier.
 */
public record FlowKey(int protocol, IPAddress originAddress, int originPort, IPAddress responderAddress,
                      int responderPort) {

    /** The key of the flow this packet would open: the packet's source is the opener. */
    public static FlowKey of(Packet packet) {
        return new FlowKey(packet.protocol(), packet.source(), packet.sourcePort(), packet.destination(),
                packet.destinationPort());
    }

    /** The same flow seen from the responder. */
    public FlowKey reversed() {
        return new FlowKey(protocol, responderAddress, responderPort, originAddress, originPort);
    }

    @Override
    public String toString() {
        return IpProtocols.name(protocol) + " " + endpoint(originAddress, originPort) + " <-> "
                + endpoint(responderAddress, responderPort);
    }

    private String endpoint(IPAddress address, int port) {
        boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
        if (!ports) {
            return address.toCanonicalString();
        }
        return address.isIPv6() ? "[" + address.toCanonicalString() + "]:" + port : address.toCanonicalString() + ":" + port;
    }
}
