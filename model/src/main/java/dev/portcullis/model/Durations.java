package dev.portcullis.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of durations, for policy files, preset files, parameters and command-line options alike:
 * plain seconds ({@code 300}), a number with a unit ({@code 300s}, {@code 5m}, {@code 1h}, {@code 5d}), or
 * ISO-8601 ({@code PT5M}). Durations are whole seconds (nftables' timeouts are) and longer than zero.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

    /** What to tell a person who wrote something else. */
    public static final String HINT = "write seconds (300) or a number with s, m, h or d (300s, 5m, 1h, 5d),"
            + " or ISO-8601 (PT5M)";

    private Durations() {
    }

    /** Parses a duration; throws IllegalArgumentException saying what is wrong with the text. */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "", "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalStateException("the pattern allows s, m, h, d only");
            };
        } else if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration");
            }
            if (duration.getNano() != 0) {
                throw new IllegalArgumentException("duration '" + text + "' is not a whole number of seconds");
            }
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration '" + text + "' must be longer than 0 seconds");
        }
        return duration;
    }

    /** The shortest exact spelling: {@code 5d}, {@code 90m}, {@code 30s}. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
