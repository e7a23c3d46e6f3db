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

    /**
     * The one grammar of actions: {@code allow}, {@code block} or {@code reject}. Other firewalls' words are
     * refused with the word Portcullis uses, because "drop" and "deny" mean block in some and reject in others.
     */
    public static Action parse(String text) {
        String word = text.strip().toLowerCase(java.util.Locale.ROOT);
        for (Action action : values()) {
            if (action.keyword().equals(word)) {
                return action;
            }
        }
        String hint = switch (word) {
            case "accept", "pass", "permit" -> "write 'allow'";
            case "drop", "deny" -> "write 'block' (drop silently) or 'reject' (tell the sender)";
            default -> Suggestions.closest(word, java.util.List.of("allow", "block", "reject"))
                    .map(c -> "did you mean '" + c + "'?").orElse("write allow, block or reject");
        };
        throw new IllegalArgumentException("unknown action '" + text.strip() + "' (" + hint + ")");
    }

    public boolean permits() {
        return this == ALLOW;
    }
}
