package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Allow rules that open more than a service needs, after the reference documents' own "To optimize" advice:
 * any-to-any allows, service ports spanning a whole port class, open peer ranges, proxy and auxiliary HTTP ports.
 *
 * <p>The service side of a rule is the side the connection goes to: the remote port of an outbound rule and the
 * local port of an inbound one (both for a rule in both directions). The other side is the client's ephemeral
 * port, which is wide by nature and not reported.
 */
final class OverbroadRules {
    /** IANA port classes: well-known, registered, dynamic/private. */
    static final List<PortRange> PORT_CLASSES =
            List.of(PortRange.of(0, 1023), PortRange.of(1024, 49151), PortRange.of(49152, 65535));
    static final PortRange UNPRIVILEGED = PortRange.of(1024, 65535);
    /** SOCKS, Squid, the usual HTTP proxies and AOL's browser proxy, as the web-browsing presets list them. */
    static final List<Integer> PROXY_PORTS = List.of(1080, 3128, 8080, 8088, 11523);
    static final List<Integer> AUXILIARY_HTTP_PORTS = List.of(81, 82, 83);
    static final List<Integer> WEB_PORTS = List.of(80, 443);

    private OverbroadRules() {
    }

    static List<Finding> find(CompiledPolicy c) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < c.rules.size(); i++) {
            Rule rule = c.rules.get(i);
            if (rule.action() != Action.ALLOW || c.match[i] == Bdd.FALSE) {
                continue;
            }
            check(c, i, rule, findings);
        }
        return findings;
    }

    private static void check(CompiledPolicy c, int i, Rule rule, List<Finding> findings) {
        PacketSpace space = c.space;
        Bdd bdd = space.bdd;
        int shown = c.reach[i] != Bdd.FALSE ? c.reach[i] : c.match[i];
        if (rule.localHosts().isAny() && rule.remoteHosts().isAny()
                && rule.localPorts().isAny() && rule.remotePorts().isAny()) {
            findings.add(new Finding(Finding.Kind.ANY_TO_ANY, List.of(rule.id()), Optional.of(space.example(shown, c.match[i])),
                    "rule " + rule.id() + " allows " + rule.protocol() + " " + rule.direction().keyword()
                            + " from any host to any host on any port"));
        } else if (rule.protocol().carriesPorts()) {
            for (PacketSpace.Field side : serviceSides(rule.direction(), space)) {
                PortSet ports = side == space.localPort ? rule.localPorts() : rule.remotePorts();
                wideRanges(c, i, rule, side, ports, shown, findings);
            }
        }
        if (rule.protocol().carriesPorts() && !rule.remotePorts().isAny()
                && WEB_PORTS.stream().anyMatch(rule.remotePorts()::contains)) {
            extraPorts(c, rule, shown, PROXY_PORTS, Finding.Kind.PROXY_PORTS,
                    "if no proxy is used, remove remote ports ", findings);
            extraPorts(c, rule, shown, AUXILIARY_HTTP_PORTS, Finding.Kind.AUXILIARY_HTTP_PORTS,
                    "unless a site needs them, remove the auxiliary HTTP ports ", findings);
        }
        if (!rule.advice().isBlank()) {
            findings.add(new Finding(Finding.Kind.OPTIMIZE_ADVICE, List.of(rule.id()),
                    Optional.of(space.example(shown, c.match[i])), "rule " + rule.id() + ": " + rule.advice().strip()));
        }
    }

    private static List<PacketSpace.Field> serviceSides(Direction direction, PacketSpace space) {
        return switch (direction) {
            case OUT -> List.of(space.remotePort);
            case IN -> List.of(space.localPort);
            case BOTH -> List.of(space.localPort, space.remotePort);
        };
    }

    private static void wideRanges(CompiledPolicy c, int i, Rule rule, PacketSpace.Field side, PortSet ports,
                                   int shown, List<Finding> findings) {
        PacketSpace space = c.space;
        String sideName = side == space.localPort ? "local" : "remote";
        for (PortRange range : ports.normalized()) {
            boolean peer = range.first() <= UNPRIVILEGED.first() && range.last() >= UNPRIVILEGED.last();
            List<PortRange> spanned = PORT_CLASSES.stream()
                    .filter(cls -> range.first() <= cls.first() && range.last() >= cls.last()).toList();
            if (spanned.isEmpty()) {
                continue;
            }
            int inRange = space.bdd.and(c.match[i], space.range(side, range.first(), range.last()));
            // Prefer a packet the rule actually decides; if those ports are all taken earlier, one it matches.
            Optional<Example> example = inRange == Bdd.FALSE ? Optional.empty()
                    : Optional.of(space.bdd.intersects(shown, inRange) ? space.example(shown, inRange)
                    : space.example(inRange));
            String span = ports.isAny() ? "any " + sideName + " port" : sideName + " ports " + range;
            if (peer) {
                findings.add(new Finding(Finding.Kind.OPEN_PEER_RANGE, List.of(rule.id()), example,
                        "rule " + rule.id() + " allows " + span + ", every unprivileged port: an open peer range; "
                                + "narrow it to the ports the application is configured to use"));
            } else {
                findings.add(new Finding(Finding.Kind.WIDE_PORT_RANGE, List.of(rule.id()), example,
                        "rule " + rule.id() + " allows " + span + ", spanning the whole "
                                + spanned.stream().map(OverbroadRules::className).toList() + " port class"
                                + (spanned.size() > 1 ? "es" : "")));
            }
        }
    }

    private static String className(PortRange cls) {
        return switch (cls.first()) {
            case 0 -> "well-known (0-1023)";
            case 1024 -> "registered (1024-49151)";
            default -> "dynamic (49152-65535)";
        };
    }

    private static void extraPorts(CompiledPolicy c, Rule rule, int shown, List<Integer> candidates,
                                   Finding.Kind kind, String advice, List<Finding> findings) {
        List<Integer> present = candidates.stream().filter(rule.remotePorts()::contains).toList();
        if (present.isEmpty()) {
            return;
        }
        PacketSpace space = c.space;
        int set = Bdd.FALSE;
        for (int port : present) {
            set = space.bdd.or(set, space.equalTo(space.remotePort, port));
        }
        int inPorts = space.bdd.and(c.match[c.rules.indexOf(rule)], set);
        // Prefer a packet the rule actually decides; if those ports are all taken earlier, one it matches.
        Optional<Example> example = inPorts == Bdd.FALSE ? Optional.empty()
                : Optional.of(space.bdd.intersects(shown, inPorts) ? space.example(shown, inPorts)
                : space.example(inPorts));
        findings.add(new Finding(kind, List.of(rule.id()), example,
                "rule " + rule.id() + " opens remote ports " + present + " beside web ports; " + advice + present));
    }
}
