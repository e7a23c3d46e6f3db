package dev.portcullis.engine;

import java.util.Locale;

/**
 * Where a tracked flow is in its life. TCP flows move through the handshake and teardown states; UDP, ICMP echo
 * and other protocols have no handshake and are a {@code SESSION} until they have been idle for their timeout.
 * A closed TCP flow (after its TIME_WAIT, or at once on a reset) is no longer tracked.
 */
public enum FlowState {
    /** The opener sent SYN; waiting for SYN+ACK. */
    SYN_SENT,
    /** The responder answered SYN+ACK; waiting for the opener's ACK. */
    SYN_RECEIVED,
    /** The handshake completed. */
    ESTABLISHED,
    /** One side sent FIN; the other side may still send. */
    FIN_WAIT,
    /** Both sides sent FIN; waiting for the last ACK. */
    LAST_ACK,
    /** The last ACK was seen; late segments still pass until the transitory timeout. */
    TIME_WAIT,
    /** A connectionless flow (UDP, ICMP echo, other protocols). */
    SESSION;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
