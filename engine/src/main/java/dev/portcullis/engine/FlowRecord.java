package dev.portcullis.engine;

import dev.portcullis.model.Location;
import dev.portcullis.model.Packet;
import java.time.Duration;
import java.util.Optional;

/**
 * One line of a flow file: when the packet was seen (time since the start of the capture), the packet, and for
 * an ICMP error the packet it quotes, so that the error can be related to a tracked flow.
 */
public record FlowRecord(Location location, Duration time, Packet packet, Optional<Packet> quoted) {
}
