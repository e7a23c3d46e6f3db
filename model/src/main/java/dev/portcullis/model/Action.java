package dev.portcullis.model;

/** What a rule does with the traffic it matches. */
public enum Action {
    /** Let the packet through (and, in stateful mode, its replies). */
    ALLOW,
    /** Drop the packet silently. */
    BLOCK,
    /** Drop the packet and tell the sender (TCP reset or ICMP unreachable). */
    REJECT;

    /** The word used in policy files and output: {@code allow}, {@code block}, {@code reject}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean permits() {
        return this == ALLOW;
    }
}
