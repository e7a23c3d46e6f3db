package dev.portcullis.engine;

import dev.portcullis.model.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One flow in the connection table, as an immutable snapshot: the tracker replaces it on every packet.
 *
 * @param openedBy     the rule whose allow opened the flow; empty when the mode's default allowed it
 * @param sessionTimeout how long a connectionless flow may stay idle (a rule's session timeout or the policy's
 *                     UDP/ICMP timeout); TCP flows take their timeout from the state instead
 * @param finFromOriginator which side sent the first FIN, once one has (TCP only)
 */
public record TrackedFlow(
        FlowKey key,
        FlowState state,
        Optional<Rule> openedBy,
        Instant openedAt,
        Instant lastSeen,
        Instant expiresAt,
        Duration sessionTimeout,
        Optional<Boolean> finFromOriginator) {

    public boolean isAliveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return key + " [" + state.keyword() + openedBy.map(r -> ", opened by rule " + r.id()).orElse(", opened by mode default")
                + ", expires " + expiresAt + "]";
    }
}
