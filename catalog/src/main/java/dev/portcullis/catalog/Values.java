package dev.portcullis.catalog;

import dev.portcullis.model.HostMatch;
import dev.portcullis.model.PortRange;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the textual values preset files and parameters use: ports, hosts, durations. */
final class Values {
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._+-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Values() {
    }

    /** {@code 25}, {@code 6660-6670}, {@code smtp}, or several of them separated by commas. */
    static List<PortRange> ports(String text, String transport, PortRegistry registry) {
        List<PortRange> ranges = new ArrayList<>();
        for (String item : split(text)) {
            ranges.add(port(item, transport, registry));
        }
        return ranges;
    }

    static PortRange port(String item, String transport, PortRegistry registry) {
        String text = item.strip();
        Matcher range = RANGE.matcher(text);
        if (NUMBER.matcher(text).matches()) {
            return PortRange.of(number(text));
        }
        if (range.matches()) {
            return PortRange.of(number(range.group(1)), number(range.group(2)));
        }
        if (NAME.matcher(text).matches()) {
            return registry.resolve(text, transport).orElseThrow(() -> new IllegalArgumentException(
                    "unknown service name '" + text + "' for " + transport));
        }
        throw new IllegalArgumentException("'" + text + "' is not a port, port range or service name");
    }

    /** Host entries separated by commas or spaces: addresses, prefixes, ranges, names, {@code zone:NAME}. */
    static List<HostMatch> hosts(String text) {
        List<HostMatch> hosts = new ArrayList<>();
        for (String item : split(text)) {
            hosts.add(HostMatch.parse(item));
        }
        return hosts;
    }

    /** {@code 300}, {@code 300s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT5M}. */
    static Duration duration(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (duration.isZero()) {
                throw new IllegalArgumentException("duration '" + text + "' must be positive");
            }
            return duration;
        }
        try {
            Duration duration = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration '" + text + "' must be positive");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return duration.toMillis() % 1000 != 0 ? duration.toMillis() + "ms" : seconds + "s";
    }

    static String hint(ParameterKind kind) {
        return switch (kind) {
            case HOSTS -> "give host names, addresses, prefixes or zone:NAME, separated by commas";
            case PORTS -> "give ports (25), ranges (6660-6670) or service names (smtp), separated by commas";
            case DURATION -> "give a duration such as 300s, 5m or 1h";
            case TEXT -> "give any text";
        };
    }

    private static int number(String digits) {
        // Longer than any port: report the number as written rather than overflow.
        if (digits.length() > 6) {
            throw new IllegalArgumentException("port " + digits + " is out of range 0-65535");
        }
        return Integer.parseInt(digits);
    }

    private static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isBlank()) {
                items.add(item);
            }
        }
        return items;
    }
}
