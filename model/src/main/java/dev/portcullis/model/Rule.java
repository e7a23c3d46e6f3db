package dev.portcullis.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One firewall rule after expansion: what it matches, what it does, and why it exists. Immutable and valid by
 * construction; build one with {@link #builder(String)}.
 *
 * <p>Local and remote are relative to the protected side: for an outbound rule the remote side is the
 * destination, for an inbound rule it is the source. A host rule ({@link Scope#HOST}) protects the machine
 * Portcullis runs on and decides the packets it receives and sends; a forward rule ({@link Scope#FORWARD}, in a
 * gateway policy) decides packets passing through it, and its local side is the protected host or zone behind
 * the gateway (its {@code localHosts}): {@code in} is a connection opened from the remote side toward it,
 * {@code out} one it opens.
 *
 * @param scope          whose traffic the rule decides: the host's own, or traffic forwarded through it
 * @param clauses        further conditions ({@link MatchClause}), all of which must hold
 * @param id             unique within a policy, stable, used in log prefixes and findings (e.g. {@code icq.server-out})
 * @param name           human title, e.g. "ICQ Server connection"
 * @param sessionTimeout how long an idle UDP session opened by this rule stays tracked (ICQ needs at least 300 s)
 * @param conntrackHelper the connection-tracking helper the service needs, e.g. {@code ftp}
 * @param purpose        "What it's for"
 * @param advice         "To optimize": how to narrow the rule
 * @param source         where in the reference documents the rule comes from
 */
public record Rule(
        String id,
        String name,
        Action action,
        Direction direction,
        ProtocolMatch protocol,
        HostSet localHosts,
        PortSet localPorts,
        HostSet remoteHosts,
        PortSet remotePorts,
        StateMatch state,
        Optional<AppSelector> application,
        boolean log,
        boolean enabled,
        Optional<Duration> sessionTimeout,
        Optional<String> conntrackHelper,
        String purpose,
        String advice,
        Optional<SourceRef> source,
        Origin origin,
        Scope scope,
        List<MatchClause> clauses) {

    /** Whose traffic a rule decides. */
    public enum Scope {
        /** The host's own traffic: packets it receives (input) and sends (output). */
        HOST,
        /** Traffic a gateway forwards from one interface to another. */
        FORWARD;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a rule needs a non-empty id");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scope, "scope");
        clauses = List.copyOf(clauses);
        if (!protocol.carriesPorts() && !(localPorts.isAny() && remotePorts.isAny())) {
            throw new IllegalArgumentException("rule '" + id + "' gives ports for protocol " + protocol.keyword()
                    + "; ports need tcp, udp or tcp+udp");
        }
        sessionTimeout.ifPresent(timeout -> {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("rule '" + id + "' has a non-positive session timeout");
            }
        });
        name = name == null || name.isBlank() ? id : name;
        purpose = purpose == null ? "" : purpose;
        advice = advice == null ? "" : advice;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A one-line summary: {@code allow out tcp remote 5050 -> "Yahoo! Messenger Login"}. */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(action.keyword()).append(' ')
                .append(scope == Scope.FORWARD ? "forward " : "")
                .append(direction.keyword()).append(' ')
                .append(protocol);
        if (!remoteHosts.isAny()) {
            text.append(" remote ").append(remoteHosts);
        }
        if (!remotePorts.isAny()) {
            text.append(" remote-port ").append(remotePorts);
        }
        if (!localHosts.isAny()) {
            text.append(" local ").append(localHosts);
        }
        if (!localPorts.isAny()) {
            text.append(" local-port ").append(localPorts);
        }
        if (state != StateMatch.ANY) {
            text.append(" state ").append(state.keyword());
        }
        application.ifPresent(app -> text.append(" app ").append(app));
        clauses.forEach(clause -> text.append(' ').append(clause));
        return text.toString();
    }

    public static final class Builder {
        private String id;
        private String name = "";
        private Action action = Action.ALLOW;
        private Direction direction = Direction.BOTH;
        private ProtocolMatch protocol = ProtocolMatch.ANY;
        private HostSet localHosts = HostSet.ANY;
        private PortSet localPorts = PortSet.ANY;
        private HostSet remoteHosts = HostSet.ANY;
        private PortSet remotePorts = PortSet.ANY;
        private StateMatch state = StateMatch.ANY;
        private Optional<AppSelector> application = Optional.empty();
        private boolean log;
        private boolean enabled = true;
        private Optional<Duration> sessionTimeout = Optional.empty();
        private Optional<String> conntrackHelper = Optional.empty();
        private String purpose = "";
        private String advice = "";
        private Optional<SourceRef> source = Optional.empty();
        private Origin origin = Origin.UNKNOWN;
        private Scope scope = Scope.HOST;
        private List<MatchClause> clauses = List.of();

        private Builder(String id) {
            this.id = id;
        }

        private Builder(Rule rule) {
            id = rule.id;
            name = rule.name;
            action = rule.action;
            direction = rule.direction;
            protocol = rule.protocol;
            localHosts = rule.localHosts;
            localPorts = rule.localPorts;
            remoteHosts = rule.remoteHosts;
            remotePorts = rule.remotePorts;
            state = rule.state;
            application = rule.application;
            log = rule.log;
            enabled = rule.enabled;
            sessionTimeout = rule.sessionTimeout;
            conntrackHelper = rule.conntrackHelper;
            purpose = rule.purpose;
            advice = rule.advice;
            source = rule.source;
            origin = rule.origin;
            scope = rule.scope;
            clauses = rule.clauses;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder action(Action value) { action = value; return this; }
        public Builder direction(Direction value) { direction = value; return this; }
        public Builder protocol(ProtocolMatch value) { protocol = value; return this; }
        public Builder localHosts(HostSet value) { localHosts = value; return this; }
        public Builder localPorts(PortSet value) { localPorts = value; return this; }
        public Builder remoteHosts(HostSet value) { remoteHosts = value; return this; }
        public Builder remotePorts(PortSet value) { remotePorts = value; return this; }
        public Builder state(StateMatch value) { state = value; return this; }
        public Builder application(AppSelector value) { application = Optional.ofNullable(value); return this; }
        public Builder log(boolean value) { log = value; return this; }
        public Builder enabled(boolean value) { enabled = value; return this; }
        public Builder sessionTimeout(Duration value) { sessionTimeout = Optional.ofNullable(value); return this; }
        public Builder conntrackHelper(String value) { conntrackHelper = Optional.ofNullable(value); return this; }
        public Builder purpose(String value) { purpose = value; return this; }
        public Builder advice(String value) { advice = value; return this; }
        public Builder source(SourceRef value) { source = Optional.ofNullable(value); return this; }
        public Builder origin(Origin value) { origin = value; return this; }
        public Builder scope(Scope value) { scope = value; return this; }
        public Builder clauses(List<MatchClause> value) { clauses = List.copyOf(value); return this; }

        public Rule build() {
            return new Rule(id, name, action, direction, protocol, localHosts, localPorts, remoteHosts, remotePorts,
                    state, application, log, enabled, sessionTimeout, conntrackHelper, purpose, advice, source, origin,
                    scope, clauses);
        }
    }
}
