package dev.portcullis.model;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One packet as the engine sees it.
 *
 * <p>{@code path} says how it goes through the machine Portcullis runs on: {@code INPUT} arrives at it,
 * {@code OUTPUT} leaves it, {@code FORWARD} passes through it (a gateway) from {@code inInterface} to
 * {@code outInterface}. For the host's own packets, {@link #direction()} is relative to the host: {@code OUT}
 * leaves it (the local side is the source), {@code IN} arrives (the local side is the destination). A forwarded
 * packet has no side of its own: a forward rule's direction says which side it protects (see
 * {@link RuleMatcher}); {@link #direction()} answers {@code IN} for it, the destination being the local side.
 *
 * <p>Ports are 0 for protocols without ports; ICMP type and code are -1 for non-ICMP packets.
 */
public record Packet(
        Path path,
        int protocol,
        IPAddress source,
        int sourcePort,
        IPAddress destination,
        int destinationPort,
        int icmpType,
        int icmpCode,
        int tcpFlags,
        Optional<String> inInterface,
        Optional<String> outInterface,
        AppIdentity application) {

    public Packet {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(inInterface, "inInterface");
        Objects.requireNonNull(outInterface, "outInterface");
        Objects.requireNonNull(application, "application");
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol " + protocol + " is out of range 0-255");
        }
        checkPort(sourcePort);
        checkPort(destinationPort);
        if (source.getIPVersion() != destination.getIPVersion()) {
            throw new IllegalArgumentException("source and destination mix IPv4 and IPv6");
        }
        boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
        if (!icmp) {
            icmpType = -1;
            icmpCode = -1;
        } else if (icmpType < 0 || icmpType > 255 || icmpCode < 0 || icmpCode > 255) {
            throw new IllegalArgumentException("an ICMP packet needs a type and code in 0-255");
        }
        // The kernel knows no out-interface on input nor an in-interface on output.
        if (path == Path.INPUT) {
            outInterface = Optional.empty();
        } else if (path == Path.OUTPUT) {
            inInterface = Optional.empty();
        }
    }

    /**
     * A packet of the host's own traffic: {@code direction} IN arrives, OUT leaves; {@code interfaceName} is the
     * interface it arrives on or leaves by.
     */
    public Packet(Direction direction, int protocol, IPAddress source, int sourcePort, IPAddress destination,
                  int destinationPort, int icmpType, int icmpCode, int tcpFlags, Optional<String> interfaceName,
                  AppIdentity application) {
        this(hostPath(direction), protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                tcpFlags, direction == Direction.IN ? interfaceName : Optional.empty(),
                direction == Direction.OUT ? interfaceName : Optional.empty(), application);
    }

    private static Path hostPath(Direction direction) {
        return switch (direction) {
            case IN -> Path.INPUT;
            case OUT -> Path.OUTPUT;
            case BOTH -> throw new IllegalArgumentException("a packet travels in or out, not both");
        };
    }

    /** {@code IN} for a packet arriving at the host, {@code OUT} for one it sends; {@code IN} for a forwarded one. */
    public Direction direction() {
        return path == Path.OUTPUT ? Direction.OUT : Direction.IN;
    }

    public boolean isForwarded() {
        return path == Path.FORWARD;
    }

    /**
     * The interface of a host packet (the one it arrives on or leaves by); for a forwarded packet, the one it
     * arrived on. Zones use {@link #interfaceOfSource()} and {@link #interfaceOfDestination()} instead.
     */
    public Optional<String> interfaceName() {
        return path == Path.OUTPUT ? outInterface : inInterface;
    }

    /** The interface on the source address's side: where a forwarded packet came in; a host packet's one. */
    public Optional<String> interfaceOfSource() {
        return interfaceName();
    }

    /** The interface on the destination address's side: where a forwarded packet goes out; a host packet's one. */
    public Optional<String> interfaceOfDestination() {
        return path == Path.INPUT ? inInterface : outInterface;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** A TCP or UDP packet without interface or application information. */
    public static Packet of(Direction direction, int protocol, String source, int sourcePort,
                            String destination, int destinationPort) {
        int flags = protocol == IpProtocols.TCP ? TcpFlags.SYN : 0;
        return new Packet(direction, protocol, parseAddress(source), sourcePort, parseAddress(destination), destinationPort,
                -1, -1, flags, Optional.empty(), AppIdentity.UNKNOWN);
    }

    public static Packet icmp(Direction direction, String source, String destination, int type, int code) {
        IPAddress src = parseAddress(source);
        int protocol = src.isIPv4() ? IpProtocols.ICMP : IpProtocols.ICMPV6;
        return new Packet(direction, protocol, src, 0, parseAddress(destination), 0, type, code, 0,
                Optional.empty(), AppIdentity.UNKNOWN);
    }

    /** The host's side of a host packet (the destination of a forwarded one, by the canonical orientation). */
    public IPAddress localAddress() {
        return path == Path.OUTPUT ? source : destination;
    }

    public IPAddress remoteAddress() {
        return path == Path.OUTPUT ? destination : source;
    }

    public int localPort() {
        return path == Path.OUTPUT ? sourcePort : destinationPort;
    }

    public int remotePort() {
        return path == Path.OUTPUT ? destinationPort : sourcePort;
    }

    public boolean isIcmp() {
        return protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
    }

    public boolean hasPorts() {
        return protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
    }

    public Packet withTcpFlags(int flags) {
        return new Packet(path, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                flags, inInterface, outInterface, application);
    }

    /** The same packet on interface {@code name}: the one it arrives on (input, forward) or leaves by (output). */
    public Packet withInterface(String name) {
        return path == Path.OUTPUT ? withInterfaces(Optional.empty(), Optional.of(name))
                : withInterfaces(Optional.of(name), outInterface);
    }

    public Packet withInterfaces(Optional<String> in, Optional<String> out) {
        return new Packet(path, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                tcpFlags, in, out, application);
    }

    public Packet withApplication(AppIdentity identity) {
        return new Packet(path, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                tcpFlags, inInterface, outInterface, identity);
    }

    /** The same header forwarded through the gateway from {@code in} to {@code out}. */
    public Packet forwarded(Optional<String> in, Optional<String> out) {
        return new Packet(Path.FORWARD, protocol, source, sourcePort, destination, destinationPort, icmpType,
                icmpCode, tcpFlags, in, out, application);
    }

    /**
     * The reply to this packet: addresses and ports swapped, the other way through the host (input and output
     * trade places; a forwarded reply goes back out the interface the packet came in on).
     */
    public Packet reply() {
        int flags = protocol == IpProtocols.TCP ? TcpFlags.SYN | TcpFlags.ACK : 0;
        Path back = switch (path) {
            case INPUT -> Path.OUTPUT;
            case OUTPUT -> Path.INPUT;
            case FORWARD -> Path.FORWARD;
        };
        Optional<String> in = path == Path.FORWARD ? outInterface : interfaceName();
        Optional<String> out = path == Path.FORWARD ? inInterface : interfaceName();
        return new Packet(back, protocol, destination, destinationPort, source, sourcePort,
                icmpType, icmpCode, flags, in, out, application);
    }

    /**
     * Parses the command-line form
     * {@code in|out|fwd PROTO SRC[:PORT] -> DST[:PORT] [flags F,..] [type T [code C]] [if NAME] [iif NAME] [oif NAME]},
     * e.g. {@code out tcp 10.0.0.2:40000 -> 203.0.113.5:5050}, {@code in icmp 203.0.113.5 -> 10.0.0.2 type 3 code 1},
     * or, through a gateway, {@code fwd tcp 203.0.113.5:40000 -> 192.0.2.25:25 iif wan oif dmz}. {@code flags none}
     * is a TCP segment with no flag set. IPv6 addresses with a port are written in brackets:
     * {@code [2001:db8::1]:443}.
     */
    public static Packet parse(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length < 5 || !words[3].equals("->")) {
            throw new IllegalArgumentException("packet '" + text
                    + "' must look like: out tcp 10.0.0.2:40000 -> 203.0.113.5:5050");
        }
        Path path = switch (words[0].toLowerCase(Locale.ROOT)) {
            case "fwd", "forward" -> Path.FORWARD;
            default -> {
                Direction direction = Direction.parse(words[0]);
                if (direction == Direction.BOTH) {
                    throw new IllegalArgumentException("a packet's direction is in, out or fwd, not both");
                }
                yield direction == Direction.IN ? Path.INPUT : Path.OUTPUT;
            }
        };
        String proto = words[1].toLowerCase(Locale.ROOT);
        int protocol = switch (proto) {
            case "tcp" -> IpProtocols.TCP;
            case "udp" -> IpProtocols.UDP;
            case "icmp" -> IpProtocols.ICMP;
            case "icmpv6" -> IpProtocols.ICMPV6;
            default -> {
                try {
                    yield Integer.parseInt(proto);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown protocol '" + words[1]
                            + "' (expected tcp, udp, icmp, icmpv6 or a number)");
                }
            }
        };
        Endpoint src = Endpoint.parse(words[2]);
        Endpoint dst = Endpoint.parse(words[4]);
        int flags = protocol == IpProtocols.TCP ? TcpFlags.SYN : 0;
        int type = -1;
        int code = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6 ? 0 : -1;
        Optional<String> iface = Optional.empty();
        Optional<String> in = Optional.empty();
        Optional<String> out = Optional.empty();
        for (int i = 5; i < words.length; i++) {
            if (i + 1 >= words.length) {
                throw new IllegalArgumentException("'" + words[i] + "' needs a value");
            }
            String value = words[++i];
            switch (words[i - 1].toLowerCase(Locale.ROOT)) {
                case "flags" -> flags = TcpFlags.parse(value);
                case "type" -> type = parseSmall(value, "ICMP type");
                case "code" -> code = parseSmall(value, "ICMP code");
                case "if", "iface", "interface" -> iface = Optional.of(value);
                case "iif" -> in = Optional.of(value);
                case "oif" -> out = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown packet attribute '" + words[i - 1]
                        + "' (expected flags, type, code, if, iif or oif)");
            }
        }
        boolean icmp = protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
        if (icmp && type < 0) {
            type = protocol == IpProtocols.ICMP ? 8 : 128; // an echo request unless told otherwise
        }
        if (!icmp && (src.port.isEmpty() || dst.port.isEmpty()) && (protocol == IpProtocols.TCP
                || protocol == IpProtocols.UDP)) {
            throw new IllegalArgumentException("a " + proto + " packet needs ports: ADDRESS:PORT on both sides");
        }
        if (iface.isPresent() && (in.isPresent() || out.isPresent())) {
            throw new IllegalArgumentException("give either 'if NAME' or 'iif NAME'/'oif NAME', not both");
        }
        if (path == Path.INPUT && out.isPresent() || path == Path.OUTPUT && in.isPresent()) {
            throw new IllegalArgumentException("a packet " + (path == Path.INPUT ? "arriving at the host has no oif"
                    : "the host sends has no iif") + "; use 'fwd' for a packet through a gateway");
        }
        if (iface.isPresent()) {
            if (path == Path.FORWARD) {
                throw new IllegalArgumentException("a forwarded packet has two interfaces: write iif NAME and oif NAME");
            }
            in = path == Path.INPUT ? iface : in;
            out = path == Path.OUTPUT ? iface : out;
        }
        return new Packet(path, protocol, src.address, src.port.orElse(0), dst.address, dst.port.orElse(0),
                type, code, flags, in, out, AppIdentity.UNKNOWN);
    }

    private static int parseSmall(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a number");
        }
    }

    private record Endpoint(IPAddress address, Optional<Integer> port) {
        static Endpoint parse(String text) {
            String host = text;
            Optional<Integer> port = Optional.empty();
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "' has an unclosed '['");
                }
                host = text.substring(1, close);
                if (text.length() > close + 1) {
                    if (text.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("'" + text + "' must be [ADDRESS]:PORT");
                    }
                    port = Optional.of(parsePort(text.substring(close + 2)));
                }
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                int colon = text.indexOf(':');
                host = text.substring(0, colon);
                port = Optional.of(parsePort(text.substring(colon + 1)));
            }
            return new Endpoint(parseAddress(host), port);
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + text + "' is not a number");
            }
        }
    }

    public static IPAddress parseAddress(String text) {
        try {
            IPAddress address = new IPAddressString(text).toAddress();
            if (address.isMultiple()) {
                throw new IllegalArgumentException("'" + text + "' is not a single address");
            }
            return address.withoutPrefixLength();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    @Override
    public String toString() {
        String ports = hasPorts() ? "" : null;
        String src = ports == null ? source.toCanonicalString() : endpoint(source, sourcePort);
        String dst = ports == null ? destination.toCanonicalString() : endpoint(destination, destinationPort);
        String way = switch (path) {
            case INPUT -> "in";
            case OUTPUT -> "out";
            case FORWARD -> "fwd";
        };
        StringBuilder text = new StringBuilder(way).append(' ')
                .append(IpProtocols.name(protocol)).append(' ').append(src).append(" -> ").append(dst);
        if (isIcmp()) {
            text.append(" type ").append(icmpType).append(" code ").append(icmpCode);
        }
        if (protocol == IpProtocols.TCP && tcpFlags != TcpFlags.SYN) {
            text.append(" flags ").append(TcpFlags.format(tcpFlags));
        }
        if (path == Path.FORWARD) {
            inInterface.ifPresent(name -> text.append(" iif ").append(name));
            outInterface.ifPresent(name -> text.append(" oif ").append(name));
        } else {
            interfaceName().ifPresent(name -> text.append(" if ").append(name));
        }
        return text.toString();
    }

    private static String endpoint(IPAddress address, int port) {
        return address.isIPv6() ? "[" + address.toCanonicalString() + "]:" + port
                : address.toCanonicalString() + ":" + port;
    }
}
