package dev.portcullis.analysis;

import dev.portcullis.model.Packet;
import java.util.List;

/**
 * A concrete packet drawn from a symbolic set, with the conditions its header cannot show (for example that its
 * remote address is one an unresolved host name resolves to). Empty assumptions: replaying the packet through the
 * engine reproduces the finding exactly.
 */
public record Example(Packet packet, List<String> assumptions) {
    public Example {
        assumptions = List.copyOf(assumptions);
    }

    @Override
    public String toString() {
        return assumptions.isEmpty() ? packet.toString() : packet + " (" + String.join("; ", assumptions) + ")";
    }
}
