package dev.portcullis.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a policy treats traffic that no rule decides, and whether rules apply at all. */
public enum Mode {
    /** Default deny: only what a rule allows passes (replies of allowed flows too). */
    BLOCK_MOST,
    /** Default allow: only what a rule blocks is stopped. */
    ALLOW_MOST,
    /** Everything is stopped, established flows included; rules are ignored. */
    STOP_ALL,
    /** Everything passes; rules are ignored. */
    DISABLED,
    /** Like block-most, and every unmatched flow is recorded as a candidate rule. */
    LEARNING;

    /** The word used in policy files: {@code block-most}, {@code allow-most}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Mode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Mode mode : values()) {
            if (mode.keyword().equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected one of "
                + Arrays.stream(values()).map(Mode::keyword).collect(Collectors.joining(", ")) + ")");
    }
}
