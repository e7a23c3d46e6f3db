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

    /** The one grammar of state conditions: {@code any}, {@code new}, {@code established} or {@code related}. */
    public static StateMatch parse(String text) {
        String word = text.trim().toUpperCase(Locale.ROOT);
        for (StateMatch state : values()) {
            if (state.name().equals(word)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state '" + text.trim()
                + "' (expected any, new, established or related)");
    }
}
