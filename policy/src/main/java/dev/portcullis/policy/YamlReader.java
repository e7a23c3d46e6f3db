package dev.portcullis.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into a {@link YamlNode} tree with a location on every node, using Jackson's streaming parser. */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String fileName;
    private final Problems problems;
    private final List<String> lines;

    private YamlReader(String fileName, Problems problems, String text) {
        this.fileName = fileName;
        this.problems = problems;
        this.lines = text.lines().toList();
    }

    /**
     * Parses one YAML document. Syntax errors end the read at once (nothing after them can be trusted); duplicate
     * keys are added to {@code problems} and reading goes on.
     */
    static YamlNode read(String text, String fileName, Problems problems) {
        YamlReader reader = new YamlReader(fileName, problems, text);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidInputException(new Location(fileName, 1, 1), "the file is empty",
                        "a policy needs at least 'mode:' and 'rules:'; see examples/ for complete policies");
            }
            YamlNode root = reader.node(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException(reader.at(parser.currentTokenLocation()),
                        "the file holds more than one YAML document", "keep one policy per file; remove the '---'");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw reader.syntaxError(e);
        } catch (IOException e) {
            // Reading from a String cannot fail for I/O reasons; anything here is a parser error without location.
            throw new InvalidInputException(Location.of(fileName), "cannot parse YAML: " + e.getMessage(),
                    "check the file is YAML text");
        }
    }

    private YamlNode node(JsonParser parser) throws IOException {
        Location location = at(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands an alias over as the text of its name, which would read as a value; refuse it.
            throw new InvalidInputException(location, "YAML aliases (*" + parser.getText() + ") are not supported",
                    "write the values out where they are needed");
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser, location);
            case START_ARRAY -> sequence(parser, location);
            case VALUE_STRING -> located(parser.getText(), YamlNode.ScalarType.STRING, location);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.NUMBER, location);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.BOOLEAN, location);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, location);
            default -> throw new InvalidInputException(location, "unexpected YAML content (" + token + ")",
                    "policy files hold mappings, lists and plain values only");
        };
    }

    /**
     * A string scalar, marked verbatim when the file holds its text unchanged from its start (after an opening
     * quote), so that problems with one item of {@code "23, 5050, 70000"} can point at that item.
     */
    private YamlNode.Scalar located(String text, YamlNode.ScalarType type, Location location) {
        if (location.line() >= 1 && location.line() <= lines.size() && location.column() >= 1) {
            String line = lines.get(location.line() - 1);
            int start = location.column() - 1;
            if (start < line.length() && (line.charAt(start) == '"' || line.charAt(start) == '\'')) {
                start++;
            }
            if (line.startsWith(text, start)) {
                return new YamlNode.Scalar(text, type, location,
                        new Location(fileName, location.line(), start + 1), true);
            }
        }
        return new YamlNode.Scalar(text, type, location);
    }

    private YamlNode mapping(JsonParser parser, Location location) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyLocation = at(parser.currentTokenLocation());
            parser.nextToken();
            YamlNode value = node(parser);
            Location earlier = seen.putIfAbsent(key, keyLocation);
            if (earlier != null) {
                problems.add(keyLocation, "key '" + key + "' appears twice in the same mapping (first at line "
                        + earlier.line() + ")", "remove or rename one of them");
            } else {
                entries.add(new YamlNode.Entry(key, keyLocation, value));
            }
        }
        return new YamlNode.Mapping(entries, location);
    }

    private YamlNode sequence(JsonParser parser, Location location) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(parser));
        }
        return new YamlNode.Sequence(items, location);
    }

    private Location at(JsonLocation location) {
        return new Location(fileName, location.getLineNr(), location.getColumnNr());
    }

    private InvalidInputException syntaxError(JsonProcessingException e) {
        // SnakeYAML says what it expected and where the problem is; Jackson's message repeats the whole context.
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new InvalidInputException(new Location(fileName, mark.getLine() + 1, mark.getColumn() + 1),
                    "YAML syntax error: " + marked.getProblem() + context,
                    "check indentation and that every 'key: value' has a space after the colon");
        }
        JsonLocation where = e.getLocation();
        Location location = where == null ? Location.of(fileName) : at(where);
        return new InvalidInputException(location, "YAML syntax error: " + e.getOriginalMessage(),
                "check indentation and that every 'key: value' has a space after the colon");
    }
}
