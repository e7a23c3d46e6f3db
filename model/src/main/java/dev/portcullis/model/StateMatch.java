package dev.portcullis.model;

import java.util.Locale;

/**
 * Connection-state condition of a rule. Ordinary rules say {@code ANY} and apply to the packets that open a
 * flow; the stateless expansion produces {@code ESTABLISHED} rules (TCP with ACK or RST set, the classic
 * "established" keyword of static packet filters) and {@code RELATED} ones (ICMP errors).
 */
public enum StateMatch {
    ANY,
    NEW,
    ESTABLISHED,
    RELATED;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StateMatch parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
