package dev.portcullis.catalog;

import java.util.Objects;

/**
 * Makes a rule, or one of its ports or hosts, depend on an option: present when the option is on
 * ({@code when: socks}) or, with {@code enabled == false}, when it is off ({@code when: "!socks"}).
 */
public record Condition(String option, boolean enabled) {
    public Condition {
        Objects.requireNonNull(option, "option");
    }

    public boolean holds(boolean optionValue) {
        return optionValue == enabled;
    }

    @Override
    public String toString() {
        return enabled ? option : "!" + option;
    }
}
