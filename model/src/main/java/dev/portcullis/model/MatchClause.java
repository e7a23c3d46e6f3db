package dev.portcullis.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A condition a rule adds to its classic fields (direction, protocol, hosts, ports, state, application): the
 * interfaces a packet uses, its TCP flags, a protocol it is not. A closed family, so that the matcher, the BDD
 * encoder, every compiler and every exporter must each answer every kind (and refuse what they cannot express).
 * A rule's clauses must all hold.
 */
public sealed interface MatchClause {

    /** Whether a packet satisfies the clause; {@link RuleMatcher} is the only caller that decides verdicts. */
    boolean matches(Packet packet);

    /**
     * The packet arrived on an interface matching one of {@code patterns} ({@link Zone#interfaceMatches}: a
     * trailing {@code *} is a prefix); negated, it did not (a packet with no in-interface, as on output, does not
     * match a positive clause and does match a negated one).
     */
    record InInterface(List<String> patterns, boolean negated) implements MatchClause {
        public InInterface {
            patterns = List.copyOf(patterns);
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException("an interface clause needs at least one interface");
            }
        }

        @Override
        public boolean matches(Packet packet) {
            boolean on = packet.inInterface().filter(name -> anyMatches(patterns, name)).isPresent();
            return on != negated;
        }

        @Override
        public String toString() {
            return (negated ? "not " : "") + "iif " + String.join(",", patterns);
        }
    }

    /** Like {@link InInterface}, for the interface the packet leaves by. */
    record OutInterface(List<String> patterns, boolean negated) implements MatchClause {
        public OutInterface {
            patterns = List.copyOf(patterns);
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException("an interface clause needs at least one interface");
            }
        }

        @Override
        public boolean matches(Packet packet) {
            boolean on = packet.outInterface().filter(name -> anyMatches(patterns, name)).isPresent();
            return on != negated;
        }

        @Override
        public String toString() {
            return (negated ? "not " : "") + "oif " + String.join(",", patterns);
        }
    }

    /**
     * A TCP segment whose flags, under {@code mask}, equal {@code value} (iptables' {@code --tcp-flags MASK COMP},
     * nftables' {@code tcp flags & MASK == VALUE}); negated, they differ. Never matches a packet that is not TCP.
     * {@code --syn} is mask SYN|RST|ACK|FIN, value SYN.
     */
    record TcpFlagsMatch(int mask, int value, boolean negated) implements MatchClause {
        public TcpFlagsMatch {
            if (mask <= 0 || mask > 0xff || (value & ~mask) != 0) {
                throw new IllegalArgumentException("TCP flags " + TcpFlags.format(value) + " are not within the mask "
                        + TcpFlags.format(mask));
            }
        }

        @Override
        public boolean matches(Packet packet) {
            return packet.protocol() == IpProtocols.TCP && ((packet.tcpFlags() & mask) == value) != negated;
        }

        @Override
        public String toString() {
            return "tcp flags " + TcpFlags.format(mask) + (negated ? " != " : " == ")
                    + (value == 0 ? "none" : TcpFlags.format(value));
        }
    }

    /** Any IP protocol but these numbers (iptables' {@code ! -p tcp}). */
    record ProtocolNot(List<Integer> numbers) implements MatchClause {
        public ProtocolNot {
            numbers = List.copyOf(numbers);
            if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n < 0 || n > 255)) {
                throw new IllegalArgumentException("a protocol exclusion needs protocol numbers 0-255");
            }
        }

        @Override
        public boolean matches(Packet packet) {
            return !numbers.contains(packet.protocol());
        }

        @Override
        public String toString() {
            return "protocol not " + numbers.stream().map(IpProtocols::name).collect(Collectors.joining(","));
        }
    }

    private static boolean anyMatches(List<String> patterns, String name) {
        for (String pattern : patterns) {
            if (Zone.interfaceMatches(pattern, name)) {
                return true;
            }
        }
        return false;
    }
}
