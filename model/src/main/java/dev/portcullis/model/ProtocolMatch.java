package dev.portcullis.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which IP protocols a rule matches. A closed family: the evaluator, the compilers and the analyses each
 * switch over it, so a new kind cannot be forgotten by one of them.
 */
public sealed interface ProtocolMatch {

    /** Whether a packet of this IP protocol number is matched (ICMP types are checked by {@link #matchesIcmp}). */
    boolean matchesProtocol(int ipProtocol);

    /** Whether port clauses make sense for this protocol (TCP and UDP only). */
    default boolean carriesPorts() {
        return false;
    }

    /** The keyword used in policy files. */
    String keyword();

    /** Whether an ICMP packet of this type and code is matched; non-ICMP matches answer true. */
    default boolean matchesIcmp(int type, int code) {
        return true;
    }

    /** The IP protocol numbers this match selects, or empty for any protocol. */
    List<Integer> protocolNumbers();

    record AnyProtocol() implements ProtocolMatch {
        @Override
        public String toString() {
            return keyword();
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return true;
        }

        @Override
        public String keyword() {
            return "any";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of();
        }
    }

    record Tcp() implements ProtocolMatch {
        @Override
        public String toString() {
            return keyword();
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == IpProtocols.TCP;
        }

        @Override
        public boolean carriesPorts() {
            return true;
        }

        @Override
        public String keyword() {
            return "tcp";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(IpProtocols.TCP);
        }
    }

    record Udp() implements ProtocolMatch {
        @Override
        public String toString() {
            return keyword();
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == IpProtocols.UDP;
        }

        @Override
        public boolean carriesPorts() {
            return true;
        }

        @Override
        public String keyword() {
            return "udp";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(IpProtocols.UDP);
        }
    }

    /** TCP and UDP with the same ports, as the appliance documents write "TCP/UDP 53". */
    record TcpUdp() implements ProtocolMatch {
        @Override
        public String toString() {
            return keyword();
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == IpProtocols.TCP || ipProtocol == IpProtocols.UDP;
        }

        @Override
        public boolean carriesPorts() {
            return true;
        }

        @Override
        public String keyword() {
            return "tcp+udp";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(IpProtocols.TCP, IpProtocols.UDP);
        }
    }

    /** ICMP for IPv4; an empty type list means every type. */
    record Icmp(List<IcmpType> types) implements ProtocolMatch {
        public Icmp {
            types = List.copyOf(types);
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == IpProtocols.ICMP;
        }

        @Override
        public boolean matchesIcmp(int type, int code) {
            return types.isEmpty() || types.stream().anyMatch(t -> t.matches(type, code));
        }

        @Override
        public String keyword() {
            return "icmp";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(IpProtocols.ICMP);
        }

        @Override
        public String toString() {
            return types.isEmpty() ? "icmp"
                    : "icmp type " + types.stream().map(IcmpType::toString).collect(Collectors.joining(","));
        }
    }

    /** ICMPv6; an empty type list means every type. */
    record Icmpv6(List<IcmpType> types) implements ProtocolMatch {
        public Icmpv6 {
            types = List.copyOf(types);
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == IpProtocols.ICMPV6;
        }

        @Override
        public boolean matchesIcmp(int type, int code) {
            return types.isEmpty() || types.stream().anyMatch(t -> t.matches(type, code));
        }

        @Override
        public String keyword() {
            return "icmpv6";
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(IpProtocols.ICMPV6);
        }

        @Override
        public String toString() {
            return types.isEmpty() ? "icmpv6"
                    : "icmpv6 type " + types.stream().map(IcmpType::toString).collect(Collectors.joining(","));
        }
    }

    /** Any other IP protocol by number (47 for GRE, 50 for ESP, ...). */
    record IpProtocol(int number) implements ProtocolMatch {
        public IpProtocol {
            if (number < 0 || number > 255) {
                throw new IllegalArgumentException("IP protocol number " + number + " is out of range 0-255");
            }
        }

        @Override
        public boolean matchesProtocol(int ipProtocol) {
            return ipProtocol == number;
        }

        @Override
        public String toString() {
            return keyword();
        }

        @Override
        public boolean carriesPorts() {
            return number == IpProtocols.TCP || number == IpProtocols.UDP;
        }

        @Override
        public String keyword() {
            return Integer.toString(number);
        }

        @Override
        public List<Integer> protocolNumbers() {
            return List.of(number);
        }
    }

    ProtocolMatch ANY = new AnyProtocol();
    ProtocolMatch TCP = new Tcp();
    ProtocolMatch UDP = new Udp();
    ProtocolMatch TCP_UDP = new TcpUdp();

    /**
     * Parses {@code tcp}, {@code udp}, {@code tcp+udp} (also {@code tcp/udp}, {@code udp/tcp}), {@code icmp},
     * {@code icmpv6}, {@code any} or a protocol number. ICMP types are given separately.
     */
    static ProtocolMatch parse(String text, List<IcmpType> icmpTypes) {
        String word = text.trim().toLowerCase(java.util.Locale.ROOT);
        ProtocolMatch match = switch (word) {
            case "any", "all", "ip" -> ANY;
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "tcp+udp", "tcp/udp", "udp/tcp", "udp+tcp" -> TCP_UDP;
            case "icmp" -> new Icmp(icmpTypes);
            case "icmpv6", "ipv6-icmp" -> new Icmpv6(icmpTypes);
            default -> {
                if (word.chars().allMatch(Character::isDigit) && !word.isEmpty() && word.length() <= 3) {
                    yield new IpProtocol(Integer.parseInt(word));
                }
                throw new IllegalArgumentException("unknown protocol '" + text
                        + "' (expected tcp, udp, tcp+udp, icmp, icmpv6, any or a number 0-255)");
            }
        };
        if (!icmpTypes.isEmpty() && !(match instanceof Icmp) && !(match instanceof Icmpv6)) {
            throw new IllegalArgumentException("ICMP types are given for a " + match.keyword()
                    + " rule; only icmp and icmpv6 rules have types");
        }
        return match;
    }
}
