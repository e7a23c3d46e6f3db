package dev.portcullis.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a small tree whose every node remembers its {@code file:line:column}. Jackson's own
 * {@code JsonNode} forgets locations, and every complaint about a preset file must point at the value.
 */
sealed interface YamlNode {
    Location location();

    /** A scalar as written; {@code text} is empty for null. */
    record Scalar(String text, boolean isNull, Location location) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    record Mapping(List<Entry> entries, Location location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }
    }

    record Entry(String key, Location keyLocation, YamlNode value) {
    }

    /** What a node is called in messages: "a mapping", "a list", "'abc'". */
    static String describe(YamlNode node) {
        return switch (node) {
            case Scalar s when s.isNull() -> "nothing";
            case Scalar s -> "'" + s.text() + "'";
            case Sequence q -> "a list";
            case Mapping m -> "a mapping";
        };
    }

    /** Parses one YAML document; syntax errors become an {@link InvalidInputException} at the parser's position. */
    static YamlNode parse(String file, String text) {
        YAMLFactory factory = YAMLFactory.builder().build();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Scalar("", true, new Location(file, 1, 1));
            }
            return read(parser, file);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        } catch (IOException e) {
            throw new InvalidInputException(Location.of(file), "cannot read: " + e.getMessage(), "");
        }
    }

    private static YamlNode read(JsonParser parser, String file) throws IOException {
        Location here = location(parser, file);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                Map<String, Location> seen = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyLocation = location(parser, file);
                    Location before = seen.putIfAbsent(key, keyLocation);
                    if (before != null) {
                        throw new InvalidInputException(keyLocation, "duplicate key '" + key + "'",
                                "'" + key + "' is already given at line " + before.line() + "; remove one of them");
                    }
                    parser.nextToken();
                    entries.add(new Entry(key, keyLocation, read(parser, file)));
                }
                return new Mapping(entries, here);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, file));
                }
                return new Sequence(items, here);
            }
            case VALUE_NULL -> {
                return new Scalar("", true, here);
            }
            default -> {
                return new Scalar(parser.getText(), false, here);
            }
        }
    }

    private static Location location(JsonParser parser, String file) {
        JsonLocation where = parser.currentTokenLocation();
        return new Location(file, where.getLineNr(), where.getColumnNr());
    }

    /**
     * SnakeYAML knows the problem ("expected <block end>, but found '-'") and where it is; Jackson's own message
     * leads with the context ("while parsing a block mapping") and points at where that context started.
     */
    private static InvalidInputException syntaxError(String file, JsonProcessingException e) {
        String hint = "check the indentation and quoting near this position; values containing ': ' or ' #' need quotes";
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null
                && marked.getProblem() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new InvalidInputException(new Location(file, mark.getLine() + 1, mark.getColumn() + 1),
                    "YAML syntax error: " + marked.getProblem() + context, hint);
        }
        JsonLocation where = e.getLocation();
        Location location = where == null ? Location.of(file)
                : new Location(file, Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()));
        return new InvalidInputException(location, "YAML syntax error: " + firstLine(e.getOriginalMessage()), hint);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed document";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.isBlank() ? "malformed document" : line;
    }
}
