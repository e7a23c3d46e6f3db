package dev.portcullis.model;

import java.util.Locale;

/**
 * Direction relative to the protected host (or appliance): {@code IN} is traffic whose connection was opened
 * by the remote side, {@code OUT} traffic opened by the local side. Rules may say {@code BOTH}; a packet is
 * always {@code IN} or {@code OUT}.
 */
public enum Direction {
    IN,
    OUT,
    BOTH;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a rule with this direction applies to a packet travelling in {@code packetDirection}. */
    public boolean covers(Direction packetDirection) {
        return this == BOTH || this == packetDirection;
    }

    public Direction reversed() {
        return switch (this) {
            case IN -> OUT;
            case OUT -> IN;
            case BOTH -> BOTH;
        };
    }

    /** Parses {@code in}, {@code out}, {@code both} (also {@code inbound}, {@code outbound}, {@code in/out}). */
    public static Direction parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "in", "inbound" -> IN;
            case "out", "outbound" -> OUT;
            case "both", "in/out", "inout", "any" -> BOTH;
            default -> throw new IllegalArgumentException(
                    "unknown direction '" + text + "' (expected in, out or both)");
        };
    }
}
