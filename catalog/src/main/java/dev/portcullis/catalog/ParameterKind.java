package dev.portcullis.catalog;

/** How a parameter's value is read when a preset is expanded. */
public enum ParameterKind {
    /** Comma-separated host entries: addresses, prefixes, ranges, host names or {@code zone:NAME}. */
    HOSTS,
    /** Comma-separated ports, ranges or service names. */
    PORTS,
    /** A duration such as {@code 300s}, {@code 5m} or plain seconds. */
    DURATION,
    /** Free text (shown in output, never matched on). */
    TEXT
}
