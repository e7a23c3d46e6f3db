package dev.portcullis.engine;

import java.util.Locale;

/**
 * Why a rule did not match a packet: the first field, in {@link dev.portcullis.model.RuleMatcher}'s order, that
 * fails, with a sentence a person can act on.
 */
public record Mismatch(Field field, String detail) {

    /** The rule fields in the order {@link dev.portcullis.model.RuleMatcher} checks them. */
    public enum Field {
        ENABLED,
        DIRECTION,
        PROTOCOL,
        ICMP_TYPE,
        LOCAL_PORT,
        REMOTE_PORT,
        STATE,
        LOCAL_HOST,
        REMOTE_HOST,
        APPLICATION;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public String toString() {
        return field.keyword() + ": " + detail;
    }
}
