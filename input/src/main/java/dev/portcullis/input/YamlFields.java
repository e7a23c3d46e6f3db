package dev.portcullis.input;

import dev.portcullis.model.Location;
import dev.portcullis.model.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed readers over a {@link YamlNode} tree. None of them throws: a value of the wrong shape is recorded in
 * the {@link Problems} at the node's location and the reader returns empty, so one pass reports every mistake.
 */
public final class YamlFields {
    private final Problems problems;

    public YamlFields(Problems problems) {
        this.problems = problems;
    }

    public Problems problems() {
        return problems;
    }

    /** A non-empty single value. */
    public Optional<String> text(YamlNode node, String key) {
        return scalar(node, key).flatMap(scalar -> {
            if (scalar.text().isBlank()) {
                problems.add(node.location(), key + " is empty", "give a value or remove the key");
                return Optional.empty();
            }
            return Optional.of(scalar.text());
        });
    }

    /** A single value, possibly empty; null is refused. */
    public Optional<YamlNode.Scalar> scalar(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar);
        }
        problems.add(node.location(), key + " must be a single value, not " + node.describe(),
                "write it on the same line, e.g. '" + key + ": VALUE'");
        return Optional.empty();
    }

    /**
     * A value read by one of the model's grammars ({@code Direction::parse}, {@code Durations::parse}, ...): its
     * {@link IllegalArgumentException} message becomes the problem, at the value, with {@code hint}.
     */
    public <T> Optional<T> parsed(YamlNode node, String key, Function<String, T> grammar, String hint) {
        return text(node, key).flatMap(word -> {
            try {
                return Optional.of(grammar.apply(word.strip()));
            } catch (IllegalArgumentException e) {
                // The grammars' messages name the value and what is wrong with it; the location names the key.
                problems.add(node.location(), e.getMessage(), hint);
                return Optional.empty();
            }
        });
    }

    public Optional<Boolean> bool(YamlNode node, String key) {
        return scalar(node, key).flatMap(scalar -> {
            String word = scalar.text().trim().toLowerCase(Locale.ROOT);
            return switch (word) {
                case "true", "yes", "on" -> Optional.of(true);
                case "false", "no", "off" -> Optional.of(false);
                default -> {
                    problems.add(node.location(), key + " must be true or false, not '" + scalar.text() + "'",
                            "write true or false");
                    yield Optional.empty();
                }
            };
        });
    }

    /** A positive whole number (a line number, a count). */
    public Optional<Integer> positive(YamlNode node, String key) {
        return scalar(node, key).flatMap(scalar -> {
            String text = scalar.text().strip();
            if (text.matches("\\d{1,9}") && Integer.parseInt(text) > 0) {
                return Optional.of(Integer.parseInt(text));
            }
            problems.add(node.location(), key + " must be a positive whole number, not '" + text + "'",
                    "write a number such as 12");
            return Optional.empty();
        });
    }

    /** A name matching {@code pattern}, described by {@code rule} in the hint. */
    public Optional<String> name(YamlNode node, String key, Pattern pattern, String rule) {
        return text(node, key).flatMap(word -> {
            if (!pattern.matcher(word).matches()) {
                problems.add(node.location(), key + " '" + word + "' is not a valid name", rule);
                return Optional.empty();
            }
            return Optional.of(word);
        });
    }

    public Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping map) {
            return Optional.of(map);
        }
        problems.add(node.location(), what + " must be a mapping of 'key: value' lines, not " + node.describe(),
                "indent its keys under it, or write { key: value, ... }");
        return Optional.empty();
    }

    /** The items of a list; null or absent is an empty list. */
    public List<YamlNode> list(YamlNode node, String key) {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return List.of();
        }
        problems.add(node.location(), key + " must be a list, not " + node.describe(),
                "write each item on its own '- ' line, or [a, b]");
        return List.of();
    }

    public List<YamlNode> list(YamlNode.Mapping map, String key) {
        return map.get(key).map(node -> list(node, key)).orElse(List.of());
    }

    /**
     * The items of a list clause: absent or {@code any} (none), a list of values, or one value with commas
     * ({@code "23, 5050"}), as the reference documents write port lists. Each item keeps its own location.
     */
    public List<YamlNode.Scalar> items(Optional<YamlNode> node, String key) {
        if (node.isEmpty()) {
            return List.of();
        }
        List<YamlNode.Scalar> items = new ArrayList<>();
        List<YamlNode> values = node.get() instanceof YamlNode.Sequence sequence ? sequence.items() : List.of(node.get());
        for (YamlNode value : values) {
            if (!(value instanceof YamlNode.Scalar scalar)) {
                problems.add(value.location(), key + " entries must be single values, not " + value.describe(),
                        "write [a, b] or a comma-separated value");
                continue;
            }
            if (scalar.isNull()) {
                continue;
            }
            items.addAll(split(scalar));
        }
        List<YamlNode.Scalar> any = items.stream().filter(i -> i.text().equalsIgnoreCase("any")).toList();
        if (any.isEmpty()) {
            return items;
        }
        if (items.size() > 1) {
            // "any" beside other entries would otherwise be read as a host or service called "any".
            problems.add(any.get(0).location(), key + " mixes 'any' with other entries",
                    "write just 'any', or list the entries without it");
        }
        return List.of();
    }

    /** One scalar's comma-separated pieces, each located where it was written. */
    public static List<YamlNode.Scalar> split(YamlNode.Scalar scalar) {
        List<YamlNode.Scalar> pieces = new ArrayList<>();
        int offset = 0;
        for (String piece : scalar.text().split(",", -1)) {
            if (!piece.isBlank()) {
                int lead = piece.length() - piece.stripLeading().length();
                Location at = scalar.locationOf(offset + lead);
                pieces.add(new YamlNode.Scalar(piece.trim(), scalar.type(), at));
            }
            offset += piece.length() + 1;
        }
        return pieces;
    }

    /** Records an "unknown key" problem, with a "did you mean" hint, for every key not in {@code allowed}. */
    public void checkKeys(YamlNode.Mapping map, List<String> allowed, String what) {
        Set<String> known = Set.copyOf(allowed);
        for (YamlNode.Entry entry : map.entries()) {
            if (!known.contains(entry.key())) {
                problems.add(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + what,
                        unknownKeyHint(entry.key(), allowed, what));
            }
        }
    }

    /** "did you mean 'protocol'?" or the list of allowed keys. */
    public static String unknownKeyHint(String key, List<String> allowed, String what) {
        return Suggestions.closest(key, allowed).map(c -> "did you mean '" + c + "'?")
                .orElse("a " + what + " may have: " + String.join(", ", allowed));
    }

    /** Records that a required key is missing; returns empty for use in expressions. */
    public <T> Optional<T> missing(YamlNode.Mapping where, String key, String hint) {
        problems.add(where.location(), "'" + key + "' is missing", hint);
        return Optional.empty();
    }
}
