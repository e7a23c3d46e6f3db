package dev.portcullis.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with a location on every node, using Jackson's streaming parser
 * (SnakeYAML underneath). The one YAML reader of the project: policies and preset files both go through it.
 *
 * <p>What it refuses, each with a location: syntax errors (reading stops there, nothing after them can be
 * trusted), aliases ({@code *name}: never expanded, so no "billion laughs"), more than one document, nesting
 * deeper than {@link #MAX_DEPTH}. Duplicate keys are recorded in the {@link Problems} and reading goes on.
 */
public final class YamlReader {
    /** Policies and preset files are a few levels deep; anything deeper is a mistake or an attack. */
    public static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = factory();

    private final String fileName;
    private final Problems problems;
    private final List<String> lines;
    private int depth;

    private YamlReader(String fileName, Problems problems, String text) {
        this.fileName = fileName;
        this.problems = problems;
        this.lines = text.lines().toList();
    }

    private static YAMLFactory factory() {
        LoaderOptions loader = new LoaderOptions();
        // SnakeYAML's own default caps documents at 3 MB, which a 100,000-rule policy exceeds; the size cap that
        // matters is InputFiles' (the whole file is read before it is parsed).
        loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, InputFiles.TEXT_LIMIT));
        loader.setAllowDuplicateKeys(true); // reported by us, with both lines
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(loader).build();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 1)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, InputFiles.TEXT_LIMIT))
                .build());
        return factory;
    }

    /**
     * Parses one YAML document. An empty text is a null scalar at 1:1 (the caller says whether that is allowed).
     *
     * @throws InvalidInputException for a syntax error, an alias, several documents or too deep nesting
     */
    public static YamlNode read(String text, String fileName, Problems problems) {
        YamlReader reader = new YamlReader(fileName, problems, text);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, new Location(fileName, 1, 1));
            }
            YamlNode root = reader.node(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException(reader.at(parser.currentTokenLocation()),
                        "the file holds more than one YAML document", "keep one document per file; remove the '---'");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(reader.at(e.getLocation()),
                    "the YAML is nested deeper than " + MAX_DEPTH + " levels", "check the indentation");
        } catch (JsonProcessingException e) {
            throw reader.syntaxError(e);
        } catch (IOException e) {
            // Reading from a String cannot fail for I/O reasons; anything here is a parser error without location.
            throw new InvalidInputException(Location.of(fileName), "cannot parse the YAML",
                    "check that the file is YAML text");
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
            case START_OBJECT -> nested(() -> mapping(parser, location), location);
            case START_ARRAY -> nested(() -> sequence(parser, location), location);
            case VALUE_STRING -> located(parser.getText(), YamlNode.ScalarType.STRING, location);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.NUMBER, location);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.BOOLEAN, location);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, location);
            default -> throw new InvalidInputException(location, "unexpected YAML content",
                    "these files hold mappings, lists and plain values only");
        };
    }

    private interface NodeRead {
        YamlNode read() throws IOException;
    }

    private YamlNode nested(NodeRead read, Location location) throws IOException {
        if (++depth > MAX_DEPTH) {
            throw new InvalidInputException(location, "the YAML is nested deeper than " + MAX_DEPTH + " levels",
                    "check the indentation");
        }
        try {
            return read.read();
        } finally {
            depth--;
        }
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
        if (location == null) {
            return Location.of(fileName);
        }
        return new Location(fileName, Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
    }

    private InvalidInputException syntaxError(JsonProcessingException e) {
        String hint = "check the indentation, and that every 'key: value' has a space after the colon;"
                + " values containing ': ' or ' #' need quotes";
        // SnakeYAML says what it expected and where the problem is; Jackson's message repeats the whole context.
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null
                && marked.getProblem() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new InvalidInputException(new Location(fileName, mark.getLine() + 1, mark.getColumn() + 1),
                    "YAML syntax error: " + marked.getProblem() + context, hint);
        }
        return new InvalidInputException(at(e.getLocation()), "YAML syntax error: " + firstLine(e.getOriginalMessage()),
                hint);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed document";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.isBlank() ? "malformed document" : line;
    }
}
