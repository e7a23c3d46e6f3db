package dev.portcullis.cli;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping and padding for text output, so long purposes and advice read well in an 100-column terminal. */
final class TextLayout {
    static final int WIDTH = 100;

    private TextLayout() {
    }

    /** {@code text} wrapped at {@link #WIDTH}, every line starting with {@code indent}, ending in a newline. */
    static String wrap(String text, String indent) {
        return wrap(text, indent, indent);
    }

    /** Like {@link #wrap(String, String)}, with a different start (e.g. a label) for the first line. */
    static String wrap(String text, String first, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : lines(text.strip(), WIDTH - indent.length(), WIDTH - first.length())) {
            out.append(out.isEmpty() ? first : indent).append(line).append('\n');
        }
        return out.isEmpty() ? first.stripTrailing() + "\n" : out.toString();
    }

    private static List<String> lines(String text, int width, int firstWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int limit = lines.isEmpty() ? firstWidth : width;
            if (!line.isEmpty() && line.length() + 1 + word.length() > limit) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code text} cut to {@code max} characters with an ellipsis. */
    static String cut(String text, int max) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
