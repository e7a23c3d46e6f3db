package dev.portcullis.engine;

import dev.portcullis.input.InputFiles;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed name table in the format of {@code /etc/hosts}: an address, then the names it belongs to, one
 * address per line, {@code #} starts a comment. A name on several lines has all their addresses. Used by
 * {@code portcullis check --resolve fixed:FILE} and by tests, so that answers do not depend on the network.
 */
public final class HostsFile {
    private HostsFile() {
    }

    public static NameResolver load(Path file) {
        return parse(file.toString(), InputFiles.readText(file, "hosts file"));
    }

    /** Parses the text of a hosts file; every bad address is reported at its line and column. */
    public static NameResolver parse(String fileName, String text) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        List<InputProblem> problems = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = hash < 0 ? line : line.substring(0, hash);
            List<int[]> words = words(content);
            if (words.isEmpty()) {
                continue;
            }
            String address = word(content, words.get(0));
            try {
                Packet.parseAddress(address);
            } catch (IllegalArgumentException e) {
                problems.add(new InputProblem(new Location(fileName, i + 1, words.get(0)[0] + 1), e.getMessage(),
                        "each line is an address followed by its names, as in /etc/hosts: 203.0.113.5 icq.example"));
                continue;
            }
            if (words.size() == 1) {
                problems.add(new InputProblem(new Location(fileName, i + 1, words.get(0)[1] + 1),
                        "address " + address + " has no names", "write the names after the address"));
                continue;
            }
            for (int[] name : words.subList(1, words.size())) {
                table.computeIfAbsent(word(content, name).toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(address);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return NameResolver.fixed(table);
    }

    /** Start and end offsets of the whitespace-separated words of a line. */
    private static List<int[]> words(String line) {
        List<int[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(new int[] {start, i});
            }
        }
        return words;
    }

    private static String word(String line, int[] span) {
        return line.substring(span[0], span[1]);
    }
}
