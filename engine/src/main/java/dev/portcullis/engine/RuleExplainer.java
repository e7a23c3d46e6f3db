package dev.portcullis.engine;

import dev.portcullis.engine.Mismatch.Field;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.TcpFlags;
import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the first field of a rule that a packet fails, without a second definition of matching: it asks
 * {@link RuleMatcher} about the rule with only its first k fields kept (the others widened to "any"), for
 * k = 1, 2, ...; the first prefix that fails names the field. Slower than matching, which is why explanations
 * are computed only on demand.
 */
final class RuleExplainer {
    private final RuleMatcher matcher;
    private final NameResolver resolver;

    RuleExplainer(RuleMatcher matcher, NameResolver resolver) {
        this.matcher = matcher;
        this.resolver = resolver;
    }

    /** Empty when the rule matches the packet. */
    Optional<Mismatch> firstMismatch(Rule rule, Packet packet) {
        if (matcher.matches(rule, packet)) {
            return Optional.empty();
        }
        for (Field field : Field.values()) {
            if (!matcher.matches(keepingFieldsUpTo(rule, field), packet)) {
                return Optional.of(new Mismatch(field, describe(field, rule, packet)));
            }
        }
        // The last prefix is the whole rule, which does not match, so the loop always returns.
        throw new IllegalStateException("rule " + rule.id() + " does not match, yet every prefix of it does");
    }

    /**
     * The rule with every field after {@code last} widened to "any". When the protocol is kept but its ICMP types
     * are not, the ICMP family stays, so that a wrong type is reported as ICMP_TYPE rather than PROTOCOL.
     */
    private static Rule keepingFieldsUpTo(Rule rule, Field last) {
        Rule.Builder builder = rule.toBuilder();
        for (Field field : Field.values()) {
            if (field.ordinal() <= last.ordinal()) {
                continue;
            }
            switch (field) {
                case ENABLED -> builder.enabled(true);
                case DIRECTION -> builder.direction(Direction.BOTH);
                case PROTOCOL -> builder.protocol(ProtocolMatch.ANY);
                case ICMP_TYPE -> {
                    if (last.ordinal() >= Field.PROTOCOL.ordinal()) {
                        builder.protocol(withoutIcmpTypes(rule.protocol()));
                    }
                }
                case LOCAL_PORT -> builder.localPorts(PortSet.ANY);
                case REMOTE_PORT -> builder.remotePorts(PortSet.ANY);
                case STATE -> builder.state(StateMatch.ANY);
                case LOCAL_HOST -> builder.localHosts(HostSet.ANY);
                case REMOTE_HOST -> builder.remoteHosts(HostSet.ANY);
                case APPLICATION -> builder.application(null);
            }
        }
        return builder.build();
    }

    private static ProtocolMatch withoutIcmpTypes(ProtocolMatch protocol) {
        return switch (protocol) {
            case ProtocolMatch.Icmp icmp -> new ProtocolMatch.Icmp(List.of());
            case ProtocolMatch.Icmpv6 icmpv6 -> new ProtocolMatch.Icmpv6(List.of());
            default -> protocol;
        };
    }

    private String describe(Field field, Rule rule, Packet packet) {
        return switch (field) {
            case ENABLED -> "the rule is disabled";
            case DIRECTION -> "the rule is for " + rule.direction().keyword() + " traffic, the packet travels "
                    + packet.direction().keyword();
            case PROTOCOL -> "the rule is for " + rule.protocol().keyword() + ", the packet is "
                    + IpProtocols.name(packet.protocol());
            case ICMP_TYPE -> "ICMP type " + packet.icmpType() + " code " + packet.icmpCode() + " is not in "
                    + rule.protocol();
            case LOCAL_PORT -> packet.hasPorts()
                    ? "local port " + packet.localPort() + " is not in " + rule.localPorts()
                    : "the rule names local ports, the packet has none";
            case REMOTE_PORT -> packet.hasPorts()
                    ? "remote port " + packet.remotePort() + " is not in " + rule.remotePorts()
                    : "the rule names remote ports, the packet has none";
            case STATE -> "the rule wants state " + rule.state().keyword() + ", the packet is " + stateOf(packet);
            case LOCAL_HOST -> "local address " + packet.localAddress().toCanonicalString() + " is not in "
                    + hostsWithResolution(rule.localHosts());
            case REMOTE_HOST -> "remote address " + packet.remoteAddress().toCanonicalString() + " is not in "
                    + hostsWithResolution(rule.remoteHosts());
            case APPLICATION -> "the rule is for application " + rule.application().map(Object::toString).orElse("?")
                    + ", the packet's application is " + describe(packet);
        };
    }

    private static String stateOf(Packet packet) {
        if (RuleMatcher.isIcmpError(packet)) {
            return "an ICMP error";
        }
        if (packet.protocol() == IpProtocols.TCP) {
            return "TCP with flags " + (packet.tcpFlags() == 0 ? "none" : TcpFlags.format(packet.tcpFlags()));
        }
        return "not an ICMP error";
    }

    private static String describe(Packet packet) {
        var app = packet.application();
        String known = Stream.of(app.executable().map(e -> "exe:" + e), app.user().map(u -> "user:" + u),
                        app.cgroup().map(c -> "cgroup:" + c))
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
        return known.isEmpty() ? "unknown" : known;
    }

    /** Host names are shown with what they resolve to, so "matches nothing" is visible as such. */
    private String hostsWithResolution(HostSet hosts) {
        return hosts.entries().stream().map(host -> switch (host) {
            case HostMatch.HostName name -> {
                List<IPAddress> addresses = resolver.resolve(name.name());
                yield name + (addresses.isEmpty() ? " (resolves to nothing)"
                        : " (= " + addresses.stream().map(IPAddress::toCanonicalString)
                        .collect(Collectors.joining(", ")) + ")");
            }
            default -> host.toString();
        }).collect(Collectors.joining(", "));
    }
}
