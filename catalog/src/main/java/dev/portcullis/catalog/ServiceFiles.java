package dev.portcullis.catalog;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the three service-registry formats a user may name. */
final class ServiceFiles {
    enum Format { ETC_SERVICES, IANA_CSV, NMAP_SERVICES }

    private static final Pattern PORT_PROTO = Pattern.compile("(\\d+)/([A-Za-z0-9-]+)");
    private static final Pattern FREQUENCY = Pattern.compile("\\d*\\.\\d+|\\d+(\\.\\d*)?(e-?\\d+)?");

    private ServiceFiles() {
    }

    /** IANA's CSV starts with its header; nmap-services has a frequency in the third column; else /etc/services. */
    static Format detect(String text) {
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("Service Name,")) {
                return Format.IANA_CSV;
            }
            String[] fields = stripComment(trimmed).split("\\s+");
            if (fields.length >= 3 && PORT_PROTO.matcher(fields[1]).matches() && fields[2].contains(".")
                    && FREQUENCY.matcher(fields[2]).matches()) {
                return Format.NMAP_SERVICES;
            }
            return Format.ETC_SERVICES;
        }
        return Format.ETC_SERVICES;
    }

    /** {@code name port/proto [aliases...] [# comment]}; aliases become entries of their own. */
    static List<ServiceEntry> parseEtcServices(String file, String text) {
        List<ServiceEntry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.lines().toList()) {
            lineNumber++;
            String body = stripComment(line).strip();
            if (body.isEmpty()) {
                continue;
            }
            String comment = comment(line);
            String[] fields = body.split("\\s+");
            PortProto portProto = portProto(file, lineNumber, line, fields);
            String description = comment.isEmpty() ? "" : comment;
            entries.add(new ServiceEntry(fields[0], portProto.port, portProto.transport, description, file));
            for (int i = 2; i < fields.length; i++) {
                entries.add(new ServiceEntry(fields[i], portProto.port, portProto.transport,
                        description.isEmpty() ? "alias of " + fields[0] : description, file));
            }
        }
        return entries;
    }

    /** {@code name port/proto frequency [# comment]}; nmap's "unknown" placeholders are skipped. */
    static List<ServiceEntry> parseNmapServices(String file, String text) {
        List<ServiceEntry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.lines().toList()) {
            lineNumber++;
            String body = stripComment(line).strip();
            if (body.isEmpty()) {
                continue;
            }
            String[] fields = body.split("\\s+");
            PortProto portProto = portProto(file, lineNumber, line, fields);
            if (fields[0].equals("unknown")) {
                continue;
            }
            entries.add(new ServiceEntry(fields[0], portProto.port, portProto.transport, comment(line), file));
        }
        return entries;
    }

    /**
     * IANA's {@code service-names-port-numbers.csv}: RFC 4180 quoting, descriptions and notes that span lines,
     * port ranges ({@code 6000-6063}), and rows without a name or port (reserved or unassigned) that are skipped.
     */
    static List<ServiceEntry> parseIanaCsv(String file, String text) {
        List<ServiceEntry> entries = new ArrayList<>();
        List<CsvRecord> records = csv(file, text);
        if (records.isEmpty() || !records.get(0).fields().get(0).equals("Service Name")) {
            throw new InvalidInputException(new Location(file, 1, 1), "not an IANA service registry CSV",
                    "the first line must be IANA's header: Service Name,Port Number,Transport Protocol,...");
        }
        for (CsvRecord row : records.subList(1, records.size())) {
            List<String> f = row.fields();
            // Rows without a name or port are reserved or unassigned. A few old named ranges have no transport;
            // they are kept with an empty transport so that look-ups by port still find them.
            if (f.size() < 3 || f.get(0).isBlank() || f.get(1).isBlank()) {
                continue;
            }
            String description = f.size() > 3 ? f.get(3).strip().replaceAll("\\s+", " ") : "";
            String ports = f.get(1).strip();
            int first;
            int last;
            try {
                int dash = ports.indexOf('-');
                first = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
                last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(new Location(file, row.line(), 1),
                        "port '" + ports + "' is not a number or range", "IANA writes ports as 25 or 6000-6063");
            }
            checkPort(file, row.line(), first);
            checkPort(file, row.line(), last);
            for (int port = first; port <= last; port++) {
                entries.add(new ServiceEntry(f.get(0).strip(), port, f.get(2).strip().toLowerCase(Locale.ROOT),
                        description, file));
            }
        }
        return entries;
    }

    record CsvRecord(int line, List<String> fields) {
    }

    /** RFC 4180: fields in double quotes may contain commas, doubled quotes and line breaks. */
    static List<CsvRecord> csv(String file, String text) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inQuotes = true;
                    quoteLine = line;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                }
                case '\n' -> {
                    if (any || field.length() > 0) {
                        fields.add(field.toString());
                        records.add(new CsvRecord(recordLine, List.copyOf(fields)));
                    }
                    fields.clear();
                    field.setLength(0);
                    any = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (inQuotes) {
            throw new InvalidInputException(new Location(file, quoteLine, 1), "quoted field is never closed",
                    "a field that starts with \" must end with \"; write a literal quote as \"\"");
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(new CsvRecord(recordLine, List.copyOf(fields)));
        }
        return records;
    }

    private record PortProto(int port, String transport) {
    }

    private static PortProto portProto(String file, int lineNumber, String line, String[] fields) {
        int column = line.indexOf(fields.length > 1 ? fields[1] : fields[0]) + 1;
        if (fields.length < 2) {
            throw new InvalidInputException(new Location(file, lineNumber, column),
                    "service '" + fields[0] + "' has no port/protocol", "write e.g. 'smtp 25/tcp'");
        }
        Matcher m = PORT_PROTO.matcher(fields[1]);
        if (!m.matches()) {
            throw new InvalidInputException(new Location(file, lineNumber, column),
                    "'" + fields[1] + "' is not port/protocol", "write e.g. 'smtp 25/tcp'");
        }
        int port;
        try {
            port = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            port = Integer.MAX_VALUE;
        }
        checkPort(file, lineNumber, column, port);
        return new PortProto(port, m.group(2).toLowerCase(Locale.ROOT));
    }

    private static void checkPort(String file, int line, int port) {
        checkPort(file, line, 1, port);
    }

    private static void checkPort(String file, int line, int column, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(new Location(file, line, column),
                    "port " + port + " is out of range 0-65535", "TCP and UDP ports are 0-65535");
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String comment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? "" : line.substring(hash + 1).strip();
    }
}
