package dev.portcullis.engine;

import dev.portcullis.input.InputFiles;
import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.Direction;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Location;
import dev.portcullis.model.Packet;
import dev.portcullis.model.RuleMatcher;
import dev.portcullis.model.TcpFlags;
import inet.ipaddr.IPAddress;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a time-ordered flow file for {@code portcullis replay}: CSV with a header line naming the columns, in
 * any order.
 * <pre>
 * time,direction,protocol,src,sport,dst,dport[,flags][,icmp_type,icmp_code][,interface][,related]
 * 0.0,out,tcp,10.0.0.2,40000,203.0.113.5,5050,syn
 * 0.1,in,tcp,203.0.113.5,5050,10.0.0.2,40000,syn+ack
 * 2.5,in,icmp,192.0.2.254,,10.0.0.2,,,3,3,,udp 10.0.0.2:40001 -> 198.51.100.53:53
 * </pre>
 * {@code time} is seconds since the start (decimals allowed) and never decreases. Ports are required for TCP
 * and UDP and left empty otherwise. {@code flags} are TCP flags joined by {@code +} (a TCP packet without flags
 * is a SYN, as on the command line). An ICMP packet without a type is an echo request; the code defaults to 0.
 * {@code related}, for an ICMP error, is the packet the error quotes, written {@code PROTO SRC:PORT -> DST:PORT}.
 * Blank lines and lines starting with {@code #} are skipped; fields are not quoted. Every problem is reported at
 * its file:line:column.
 */
public final class FlowFile {
    private static final List<String> REQUIRED = List.of("time", "direction", "protocol", "src", "sport", "dst", "dport");
    private static final Set<String> OPTIONAL = Set.of("flags", "icmp_type", "icmp_code", "interface", "related");

    /** Flow files are read whole; a quarter of a gigabyte is some two million flows. */
    static final long FLOW_LIMIT = 256L << 20;

    private FlowFile() {
    }

    public static List<FlowRecord> load(Path file) {
        return parse(file.toString(), InputFiles.readText(file, "flow file", FLOW_LIMIT));
    }

    public static List<FlowRecord> parse(String fileName, String text) {
        String[] lines = text.split("\\R", -1);
        List<InputProblem> problems = new ArrayList<>();
        Map<String, Integer> columns = null;
        List<FlowRecord> records = new ArrayList<>();
        Duration previous = Duration.ZERO;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Row row = Row.split(fileName, i + 1, line);
            if (columns == null) {
                columns = header(row, problems);
                if (columns == null) {
                    break;
                }
                continue;
            }
            try {
                FlowRecord record = new RowReader(row, columns).read();
                if (record.time().compareTo(previous) < 0) {
                    throw row.problem(columns.get("time"), "time " + seconds(record.time())
                            + " is before the previous line's " + seconds(previous),
                            "a flow file is in time order; sort it by its first column");
                }
                previous = record.time();
                records.add(record);
            } catch (ProblemAt problem) {
                problems.add(problem.problem);
            }
        }
        if (columns == null && problems.isEmpty()) {
            problems.add(new InputProblem(Location.of(fileName), "the flow file is empty",
                    "the first line names the columns: " + String.join(",", REQUIRED)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return List.copyOf(records);
    }

    private static Map<String, Integer> header(Row row, List<InputProblem> problems) {
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < row.cells.size(); c++) {
            String name = row.cells.get(c).trim().toLowerCase(Locale.ROOT);
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                problems.add(row.problem(c, "unknown column '" + row.cells.get(c).trim() + "'",
                        "columns are " + String.join(",", REQUIRED) + " and optionally flags, icmp_type, icmp_code,"
                                + " interface, related").problem);
            } else if (columns.put(name, c) != null) {
                problems.add(row.problem(c, "column '" + name + "' appears twice", "").problem);
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                problems.add(new InputProblem(new Location(row.file, row.line, 1), "the header lacks column '"
                        + required + "'", "the first line names the columns: " + String.join(",", REQUIRED)));
            }
        }
        return problems.isEmpty() ? columns : null;
    }

    private static String seconds(Duration time) {
        return BigDecimal.valueOf(time.getSeconds()).add(BigDecimal.valueOf(time.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** A problem already placed at its location, thrown to leave the line being read. */
    private static final class ProblemAt extends RuntimeException {
        final InputProblem problem;

        ProblemAt(InputProblem problem) {
            super(problem.render(), null, false, false);
            this.problem = problem;
        }
    }

    /** One line split at commas, remembering where each cell starts. */
    private record Row(String file, int line, List<String> cells, List<Integer> starts) {
        static Row split(String file, int line, String text) {
            List<String> cells = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == ',') {
                    cells.add(text.substring(start, i));
                    starts.add(start);
                    start = i + 1;
                }
            }
            return new Row(file, line, cells, starts);
        }

        ProblemAt problem(int column, String message, String hint) {
            int at = column < starts.size() ? starts.get(column) + 1 : 1;
            return new ProblemAt(new InputProblem(new Location(file, line, at), message, hint));
        }
    }

    private record RowReader(Row row, Map<String, Integer> columns) {
        FlowRecord read() {
            if (row.cells.size() > columns.size()) {
                throw row.problem(columns.size(), "this line has " + row.cells.size() + " fields, the header "
                        + columns.size(), "fields are not quoted; a comma always separates fields");
            }
            Duration time = time();
            Direction direction = direction();
            int protocol = protocol();
            IPAddress source = address("src");
            IPAddress destination = address("dst");
            boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
            int sourcePort = port("sport", ports, protocol);
            int destinationPort = port("dport", ports, protocol);
            if (source.getIPVersion() != destination.getIPVersion()) {
                throw row.problem(columns.get("dst"), "src and dst mix IPv4 and IPv6", "");
            }
            boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
            int flags = protocol == IpProtocols.TCP ? flags() : 0;
            int type = icmp ? small("icmp_type", protocol == IpProtocols.ICMP ? 8 : 128) : -1;
            int code = icmp ? small("icmp_code", 0) : -1;
            if (!icmp) {
                for (String name : List.of("icmp_type", "icmp_code")) {
                    if (!cell(name).isEmpty()) {
                        throw row.problem(columns.get(name), name + " is given for a " + IpProtocols.name(protocol)
                                + " packet", "only icmp and icmpv6 packets have a type and code");
                    }
                }
            }
            Optional<String> iface = Optional.of(cell("interface")).filter(s -> !s.isEmpty());
            Packet packet = new Packet(direction, protocol, source, sourcePort, destination, destinationPort, type,
                    code, flags, iface, AppIdentity.UNKNOWN);
            return new FlowRecord(new Location(row.file, row.line, 1), time, packet, quoted(packet));
        }

        private String cell(String name) {
            Integer column = columns.get(name);
            return column == null || column >= row.cells.size() ? "" : row.cells.get(column).trim();
        }

        private ProblemAt problem(String name, String message, String hint) {
            return row.problem(columns.getOrDefault(name, 0), message, hint);
        }

        private Duration time() {
            String text = cell("time");
            try {
                BigDecimal seconds = new BigDecimal(text);
                if (seconds.signum() < 0) {
                    throw problem("time", "time " + text + " is negative", "time is seconds since the start");
                }
                BigDecimal nanos = seconds.movePointRight(9);
                return Duration.ofNanos(nanos.longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw problem("time", "time '" + text + "' is not a number of seconds",
                        "write seconds since the start, e.g. 0, 1.5 or 300");
            }
        }

        private Direction direction() {
            String text = cell("direction").toLowerCase(Locale.ROOT);
            return switch (text) {
                case "in" -> Direction.IN;
                case "out" -> Direction.OUT;
                default -> throw problem("direction", "direction '" + cell("direction") + "' is not in or out",
                        "in: the packet arrives at the protected host; out: it leaves it");
            };
        }

        private int protocol() {
            String text = cell("protocol").toLowerCase(Locale.ROOT);
            switch (text) {
                case "tcp" -> { return IpProtocols.TCP; }
                case "udp" -> { return IpProtocols.UDP; }
                case "icmp" -> { return IpProtocols.ICMP; }
                case "icmpv6" -> { return IpProtocols.ICMPV6; }
                default -> {
                    try {
                        int number = Integer.parseInt(text);
                        if (number >= 0 && number <= 255) {
                            return number;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw problem("protocol", "protocol '" + cell("protocol") + "' is unknown",
                            "write tcp, udp, icmp, icmpv6 or a protocol number 0-255");
                }
            }
        }

        private IPAddress address(String name) {
            try {
                return Packet.parseAddress(cell(name));
            } catch (IllegalArgumentException e) {
                throw problem(name, name + " '" + cell(name) + "' is not an IP address", "");
            }
        }

        private int port(String name, boolean required, int protocol) {
            String text = cell(name);
            if (text.isEmpty()) {
                if (required) {
                    throw problem(name, "a " + IpProtocols.name(protocol) + " packet needs " + name, "");
                }
                return 0;
            }
            if (!required) {
                throw problem(name, "an " + IpProtocols.name(protocol) + " packet has no ports",
                        "leave " + name + " empty");
            }
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(name, name + " '" + text + "' is not a port 0-65535", "");
        }

        private int flags() {
            String text = cell("flags");
            if (text.isEmpty()) {
                return TcpFlags.SYN;
            }
            try {
                return TcpFlags.parse(text);
            } catch (IllegalArgumentException e) {
                throw problem("flags", e.getMessage(), "join flags with +, e.g. syn+ack");
            }
        }

        private int small(String name, int missing) {
            String text = cell(name);
            if (text.isEmpty()) {
                return missing;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= 0 && value <= 255) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(name, name + " '" + text + "' is not a number 0-255", "");
        }

        private Optional<Packet> quoted(Packet packet) {
            String text = cell("related");
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (!RuleMatcher.isIcmpError(packet)) {
                throw problem("related", "only an ICMP error quotes a packet, this is " + packet,
                        "leave related empty, or give the ICMP error type (3, 4, 11, 12; v6 1-4)");
            }
            // The quoted packet travelled the other way: it is what the error's receiver sent.
            try {
                return Optional.of(Packet.parse(packet.direction().reversed().keyword() + " " + text));
            } catch (IllegalArgumentException e) {
                throw problem("related", "related packet: " + e.getMessage(),
                        "write the quoted packet as PROTO SRC:PORT -> DST:PORT, e.g. udp 10.0.0.2:40001 -> 198.51.100.53:53");
            }
        }
    }
}
