package dev.portcullis.catalog;

import java.util.Optional;

/**
 * One entry of a preset rule's port or host list (or its session timeout): a fixed value, or a reference to a
 * parameter ({@code ${smtp-server}}), optionally present only under a {@link Condition}.
 *
 * @param <T> {@link dev.portcullis.model.PortRange}, {@link dev.portcullis.model.HostMatch} or
 *            {@link java.time.Duration}
 */
public sealed interface Term<T> {
    Optional<Condition> when();

    /** A value checked when the preset file was loaded. */
    record Fixed<T>(T value, Optional<Condition> when) implements Term<T> {
        @Override
        public String toString() {
            return value + when.map(c -> " when " + c).orElse("");
        }
    }

    /** A parameter's value, read when an instance is expanded; a list parameter contributes several entries. */
    record Param<T>(String parameter, Optional<Condition> when) implements Term<T> {
        @Override
        public String toString() {
            return "${" + parameter + "}" + when.map(c -> " when " + c).orElse("");
        }
    }
}
