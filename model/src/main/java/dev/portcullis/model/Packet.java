package dev.portcullis.model;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One packet as the engine sees it. {@code direction} says which way it travels relative to the protected host:
 * {@code OUT} leaves it (the local side is the source), {@code IN} arrives (the local side is the destination).
 * Ports are 0 for protocols without ports; ICMP type and code are -1 for non-ICMP packets.
 */
public record Packet(
        Direction direction,
        int protocol,
        IPAddress source,
        int sourcePort,
        IPAddress destination,
        int destinationPort,
        int icmpType,
        int icmpCode,
        int tcpFlags,
        Optional<String> interfaceName,
        AppIdentity application) {

    public Packet {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (direction == Direction.BOTH) {
            throw new IllegalArgumentException("a packet travels in or out, not both");
        }
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

    public IPAddress localAddress() {
        return direction == Direction.OUT ? source : destination;
    }

    public IPAddress remoteAddress() {
        return direction == Direction.OUT ? destination : source;
    }

    public int localPort() {
        return direction == Direction.OUT ? sourcePort : destinationPort;
    }

    public int remotePort() {
        return direction == Direction.OUT ? destinationPort : sourcePort;
    }

    public boolean isIcmp() {
        return protocol == IpProtocols.ICMP || protocol == IpProtocols.ICMPV6;
    }

    public boolean hasPorts() {
        return protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
    }

    public Packet withTcpFlags(int flags) {
        return new Packet(direction, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                flags, interfaceName, application);
    }

    public Packet withInterface(String name) {
        return new Packet(direction, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                tcpFlags, Optional.of(name), application);
    }

    public Packet withApplication(AppIdentity identity) {
        return new Packet(direction, protocol, source, sourcePort, destination, destinationPort, icmpType, icmpCode,
                tcpFlags, interfaceName, identity);
    }

    /** The reply to this packet: the other direction, addresses and ports swapped. */
    public Packet reply() {
        int flags = protocol == IpProtocols.TCP ? TcpFlags.SYN | TcpFlags.ACK : 0;
        return new Packet(direction.reversed(), protocol, destination, destinationPort, source, sourcePort,
                icmpType, icmpCode, flags, interfaceName, application);
    }

    /**
     * Parses the command-line form {@code DIR PROTO SRC[:PORT] -> DST[:PORT] [flags F,..] [type T [code C]] [if NAME]},
     * e.g. {@code out tcp 10.0.0.2:40000 -> 203.0.113.5:5050} or {@code in icmp 203.0.113.5 -> 10.0.0.2 type 3 code 1}.
     * IPv6 addresses with a port are written in brackets: {@code [2001:db8::1]:443}.
     */
    public static Packet parse(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length < 5 || !words[3].equals("->")) {
            throw new IllegalArgumentException("packet '" + text
                    + "' must look like: out tcp 10.0.0.2:40000 -> 203.0.113.5:5050");
        }
        Direction direction = Direction.parse(words[0]);
        if (direction == Direction.BOTH) {
            throw new IllegalArgumentException("a packet's direction is in or out, not both");
        }
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
                default -> throw new IllegalArgumentException("unknown packet attribute '" + words[i - 1]
                        + "' (expected flags, type, code or if)");
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
        return new Packet(direction, protocol, src.address, src.port.orElse(0), dst.address, dst.port.orElse(0),
                type, code, flags, iface, AppIdentity.UNKNOWN);
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
        StringBuilder text = new StringBuilder(direction.keyword()).append(' ')
                .append(IpProtocols.name(protocol)).append(' ').append(src).append(" -> ").append(dst);
        if (isIcmp()) {
            text.append(" type ").append(icmpType).append(" code ").append(icmpCode);
        }
        if (protocol == IpProtocols.TCP && tcpFlags != TcpFlags.SYN) {
            text.append(" flags ").append(TcpFlags.format(tcpFlags));
        }
        interfaceName.ifPresent(name -> text.append(" if ").append(name));
        return text.toString();
    }

    private static String endpoint(IPAddress address, int port) {
        return address.isIPv6() ? "[" + address.toCanonicalString() + "]:" + port
                : address.toCanonicalString() + ":" + port;
    }
}
