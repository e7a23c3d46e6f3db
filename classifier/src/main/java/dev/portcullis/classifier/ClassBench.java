package dev.portcullis.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads ClassBench filter sets, header traces and first-match answer files (plain or {@code .gz}), the inputs
 * of the classifier's tests and benchmarks. Formats: see {@code shared/classbench/README.txt}.
 *
 * <p>Rule i (0-based line number) gets priority i and id i, so a classifier's answer plus one is the line
 * number the first-match files give.
 */
public final class ClassBench {

    /** A header trace as parallel arrays, so benchmarks can index it without allocating. */
    public record Trace(int[] src, int[] dst, int[] srcPort, int[] dstPort, int[] protocol) {
        public int size() {
            return src.length;
        }
    }

    private ClassBench() {
    }

    /** Reads a filter set; line order is priority. */
    public static List<RangeRule> readRules(Path file) {
        List<RangeRule> rules = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rules.add(parseRule(line, rules.size()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /** Parses one filter line, "@SA/len DA/len SPlo : SPhi DPlo : DPhi proto/mask flags/mask" (tabs). */
    static RangeRule parseRule(String line, int index) {
        if (!line.startsWith("@")) {
            throw new IllegalArgumentException("a filter line starts with '@': " + line);
        }
        String[] f = line.substring(1).split("\t");
        if (f.length < 5) {
            throw new IllegalArgumentException("expected 5 tab-separated fields: " + line);
        }
        String[] src = f[0].trim().split("/");
        String[] dst = f[1].trim().split("/");
        String[] sp = f[2].split(":");
        String[] dp = f[3].split(":");
        String[] proto = f[4].trim().split("/");
        int protoValue = Integer.decode(proto[0]);
        int protoMask = Integer.decode(proto[1]);
        int protocol = switch (protoMask) {
            case 0xFF -> protoValue;
            case 0 -> RangeRule.ANY_PROTOCOL;
            default -> throw new IllegalArgumentException("protocol mask must be 0xFF or 0x00: " + f[4]);
        };
        return RangeRule.ofPrefixes(
                parseIpv4(src[0]), Integer.parseInt(src[1]), parseIpv4(dst[0]), Integer.parseInt(dst[1]),
                Integer.parseInt(sp[0].trim()), Integer.parseInt(sp[1].trim()),
                Integer.parseInt(dp[0].trim()), Integer.parseInt(dp[1].trim()),
                protocol, index, index);
    }

    static int parseIpv4(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not a dotted IPv4 address: " + dotted);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    /** Reads a trace: "SA DA SP DP PROTO FLAGS GEN_IDX", decimal; only the first five fields are kept. */
    public static Trace readTrace(Path file) {
        IntColumns columns = new IntColumns(5);
        long[] fields = new long[5];
        try (BufferedReader in = open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int at = 0;
                for (int k = 0; k < 5; k++) {
                    while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
                        at++;
                    }
                    long value = 0;
                    int start = at;
                    while (at < line.length() && !Character.isWhitespace(line.charAt(at))) {
                        value = value * 10 + Character.digit(line.charAt(at), 10);
                        at++;
                    }
                    if (at == start) {
                        throw new IllegalArgumentException(file + ": short trace line: " + line);
                    }
                    fields[k] = value;
                }
                columns.add((int) fields[0], (int) fields[1], (int) fields[2], (int) fields[3], (int) fields[4]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Trace(columns.column(0), columns.column(1), columns.column(2), columns.column(3),
                columns.column(4));
    }

    /** Reads a first-match file: per trace line, the 1-based number of the first matching rule (0: none). */
    public static int[] readFirstMatch(Path file) {
        IntColumns column = new IntColumns(1);
        try (BufferedReader in = open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    column.add(Integer.parseInt(line.trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return column.column(0);
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    }

    /** Growable int columns, so a million-line trace is read without boxing. */
    private static final class IntColumns {
        private int[][] data;
        private int size;

        IntColumns(int count) {
            data = new int[count][1024];
        }

        void add(int... values) {
            if (size == data[0].length) {
                for (int c = 0; c < data.length; c++) {
                    data[c] = Arrays.copyOf(data[c], size * 2);
                }
            }
            for (int c = 0; c < data.length; c++) {
                data[c][size] = values[c];
            }
            size++;
        }

        int[] column(int c) {
            return Arrays.copyOf(data[c], size);
        }
    }
}
