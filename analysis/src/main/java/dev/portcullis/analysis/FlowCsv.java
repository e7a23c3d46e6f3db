package dev.portcullis.analysis;

import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.Direction;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Location;
import dev.portcullis.model.Packet;
import dev.portcullis.model.TcpFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the agreed flow file: {@code time,direction,protocol,src,sport,dst,dport}, one flow per line, a header line
 * and {@code #} comments allowed. Each flow becomes its opening packet (a TCP SYN). For ICMP the port columns hold
 * the type and the code. Every bad line is reported with its location, all at once.
 */
public final class FlowCsv {
    public static final String HEADER = "time,direction,protocol,src,sport,dst,dport";

    private FlowCsv() {
    }

    public static List<Packet> read(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Packet> parse(String fileName, List<String> lines) {
        List<Packet> packets = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#") || (n == 0 && line.toLowerCase(Locale.ROOT).startsWith("time"))) {
                continue;
            }
            try {
                packets.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                problems.add(new InputProblem(new Location(fileName, n + 1, 1), e.getMessage(),
                        "a flow line is " + HEADER + ", e.g. 2024-01-01T10:00:00Z,out,tcp,10.0.0.2,40000,"
                                + "203.0.113.5,443"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return packets;
    }

    private static Packet parseLine(String line) {
        String[] cells = line.split(",", -1);
        if (cells.length != 7) {
            throw new IllegalArgumentException("expected 7 comma-separated fields, found " + cells.length);
        }
        Direction direction = Direction.parse(cells[1]);
        if (direction == Direction.BOTH) {
            throw new IllegalArgumentException("a flow's direction is in or out, not both");
        }
        int protocol = switch (cells[2].strip().toLowerCase(Locale.ROOT)) {
            case "tcp" -> IpProtocols.TCP;
            case "udp" -> IpProtocols.UDP;
            case "icmp" -> IpProtocols.ICMP;
            case "icmpv6", "ipv6-icmp" -> IpProtocols.ICMPV6;
            default -> number(cells[2], "protocol");
        };
        int sport = cells[4].isBlank() ? 0 : number(cells[4], "source port");
        int dport = cells[6].isBlank() ? 0 : number(cells[6], "destination port");
        boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
        boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
        return new Packet(direction, protocol, Packet.parseAddress(cells[3].strip()), ports ? sport : 0,
                Packet.parseAddress(cells[5].strip()), ports ? dport : 0, icmp ? sport : -1, icmp ? dport : -1,
                protocol == IpProtocols.TCP ? TcpFlags.SYN : 0, Optional.empty(), AppIdentity.UNKNOWN);
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text.strip() + "' is not a number");
        }
    }
}
