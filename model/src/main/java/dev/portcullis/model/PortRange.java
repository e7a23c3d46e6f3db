package dev.portcullis.model;

import java.util.Optional;

/**
 * An inclusive range of TCP/UDP ports, optionally remembering the service name it was written as
 * ({@code smtp} for 25) so that output shows what the author wrote.
 */
public record PortRange(int first, int last, Optional<String> serviceName) implements Comparable<PortRange> {
    public static final int MIN_PORT = 0;
    public static final int MAX_PORT = 65535;

    public PortRange {
        if (first < MIN_PORT || first > MAX_PORT) {
            throw new IllegalArgumentException("port " + first + " is out of range 0-65535");
        }
        if (last < MIN_PORT || last > MAX_PORT) {
            throw new IllegalArgumentException("port " + last + " is out of range 0-65535");
        }
        if (first > last) {
            throw new IllegalArgumentException(
                    "port range " + first + "-" + last + " is reversed (did you mean " + last + "-" + first + "?)");
        }
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\d+");
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");

    /** Whether {@code text} is written as a port number or range ({@code 25}, {@code 6660-6670}). */
    public static boolean looksNumeric(String text) {
        String trimmed = text.strip();
        return NUMBER.matcher(trimmed).matches() || RANGE.matcher(trimmed).matches();
    }

    /**
     * The one grammar of port numbers and ranges: {@code 25} or {@code 6660-6670} (lower port first), each port
     * 0-65535. Service names are {@link PortSet#parseItem}'s.
     */
    public static PortRange parse(String text) {
        String trimmed = text.strip();
        java.util.regex.Matcher range = RANGE.matcher(trimmed);
        if (range.matches()) {
            int first = number(range.group(1));
            int last = number(range.group(2));
            if (first > last) {
                throw new IllegalArgumentException("port range " + first + "-" + last + " is reversed (write "
                        + last + "-" + first + ")");
            }
            return of(first, last);
        }
        if (NUMBER.matcher(trimmed).matches()) {
            return of(number(trimmed));
        }
        throw new IllegalArgumentException("'" + trimmed + "' is not a port or port range");
    }

    private static int number(String digits) {
        // Parsed as long so that 99999999999 is "out of range", not a number-format crash.
        long port = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (port > MAX_PORT) {
            throw new IllegalArgumentException("port " + digits + " is out of range 0-65535");
        }
        return (int) port;
    }

    public static PortRange of(int port) {
        return new PortRange(port, port, Optional.empty());
    }

    public static PortRange of(int first, int last) {
        return new PortRange(first, last, Optional.empty());
    }

    public static PortRange named(String service, int port) {
        return new PortRange(port, port, Optional.of(service));
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean isSingle() {
        return first == last;
    }

    public int size() {
        return last - first + 1;
    }

    /** {@code 25}, {@code 6660-6670}, or {@code smtp(25)} when written by name. */
    @Override
    public String toString() {
        String numbers = isSingle() ? Integer.toString(first) : first + "-" + last;
        return serviceName.map(name -> name + "(" + numbers + ")").orElse(numbers);
    }

    @Override
    public int compareTo(PortRange other) {
        int byFirst = Integer.compare(first, other.first);
        return byFirst != 0 ? byFirst : Integer.compare(last, other.last);
    }
}
