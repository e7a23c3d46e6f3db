package dev.portcullis.cli;

import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.StateMatch;

/** One-line rule summaries for people: {@code allow out tcp remote smtp.example.net remote-port smtp(25)}. */
final class RuleText {
    private RuleText() {
    }

    /** The protocol as policy files write it, with ICMP types when there are any. */
    static String protocol(ProtocolMatch protocol) {
        return switch (protocol) {
            case ProtocolMatch.Icmp icmp -> icmp.toString();
            case ProtocolMatch.Icmpv6 icmp -> icmp.toString();
            default -> protocol.keyword();
        };
    }

    static String summary(Rule rule) {
        StringBuilder text = new StringBuilder()
                .append(rule.action().keyword()).append(' ')
                .append(rule.direction().keyword()).append(' ')
                .append(protocol(rule.protocol()));
        if (!rule.remoteHosts().isAny()) {
            text.append(" remote ").append(rule.remoteHosts());
        }
        if (!rule.remotePorts().isAny()) {
            text.append(" remote-port ").append(rule.remotePorts());
        }
        if (!rule.localHosts().isAny()) {
            text.append(" local ").append(rule.localHosts());
        }
        if (!rule.localPorts().isAny()) {
            text.append(" local-port ").append(rule.localPorts());
        }
        if (rule.state() != StateMatch.ANY) {
            text.append(" state ").append(rule.state().keyword());
        }
        rule.application().ifPresent(app -> text.append(" app ").append(app));
        return text.toString();
    }
}
