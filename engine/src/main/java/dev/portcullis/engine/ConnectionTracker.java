package dev.portcullis.engine;

import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.TcpFlags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connection table: which flows the policy let open, and where each is in its life. Time comes from the
 * injected clock, so tests and the replay command control it.
 *
 * <ul>
 *   <li>A flow is opened only by a packet that can open one: a TCP SYN without ACK (no mid-stream pickup), a
 *   UDP packet, an ICMP/ICMPv6 echo request, or a packet of another protocol. ICMP errors and other ICMP
 *   messages never open flows.</li>
 *   <li>Every packet of a flow, either way, refreshes it. TCP flows time out after the policy's established
 *   timeout once the handshake completes and after its transitory timeout while opening or closing; a reset
 *   closes one at once. Connectionless flows time out after the opening rule's session timeout, else the
 *   policy's UDP timeout (ICMP echo: ICMP timeout). A flow idle for its whole timeout is gone: at exactly the
 *   timeout it no longer passes.</li>
 *   <li>A TCP SYN without ACK for a flow in TIME_WAIT starts a new connection, which the rules decide again.</li>
 * </ul>
 *
 * <p>Not thread-safe: one engine, one thread, as a packet path would run it.
 */
public final class ConnectionTracker {
    private static final int SWEEP_EVERY_OPENS = 1024;

    private final Settings settings;
    private final Clock clock;
    private final Map<FlowKey, TrackedFlow> table = new HashMap<>();
    private int opensSinceSweep;

    public ConnectionTracker(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A packet found in the table: its flow, and whether it travels against the way the flow was opened. */
    public record FlowMatch(TrackedFlow flow, boolean reply) {
    }

    /** The live flow this packet belongs to, either way; changes nothing. */
    public Optional<FlowMatch> find(Packet packet) {
        Instant now = clock.instant();
        FlowKey key = FlowKey.of(packet);
        TrackedFlow opened = table.get(key);
        if (opened != null && belongs(opened, packet, false, now)) {
            return Optional.of(new FlowMatch(opened, false));
        }
        TrackedFlow answered = table.get(key.reversed());
        if (answered != null && belongs(answered, packet, true, now)) {
            return Optional.of(new FlowMatch(answered, true));
        }
        return Optional.empty();
    }

    /**
     * The live flow an ICMP error is about. {@code offending} is the packet the error quotes (the packet that
     * caused it, as it was sent), which the model's packet cannot carry inside the error itself.
     */
    public Optional<TrackedFlow> relatedFlow(Packet offending) {
        Instant now = clock.instant();
        FlowKey key = FlowKey.of(offending);
        for (FlowKey candidate : new FlowKey[] {key, key.reversed()}) {
            TrackedFlow flow = table.get(candidate);
            if (flow != null && flow.isAliveAt(now)) {
                return Optional.of(flow);
            }
        }
        return Optional.empty();
    }

    /** Every live flow, oldest first. */
    public List<TrackedFlow> flows() {
        Instant now = clock.instant();
        return table.values().stream().filter(flow -> flow.isAliveAt(now))
                .sorted(Comparator.comparing(TrackedFlow::openedAt).thenComparing(flow -> flow.key().toString()))
                .toList();
    }

    /** Forgets flows that have timed out. Lookups ignore them anyway; this only frees memory. */
    public void removeExpired() {
        Instant now = clock.instant();
        table.values().removeIf(flow -> !flow.isAliveAt(now));
    }

    /** Whether a packet, once allowed, starts a tracked flow. */
    public static boolean opensFlow(Packet packet) {
        return switch (packet.protocol()) {
            case IpProtocols.TCP -> TcpFlags.isInitialSyn(packet.tcpFlags());
            case IpProtocols.UDP -> true;
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> isEchoRequest(packet);
            default -> true;
        };
    }

    /** Records a flow opened by an allowed packet; {@code rule} is the allowing rule, empty for a mode default. */
    TrackedFlow open(Packet packet, Optional<Rule> rule) {
        if (++opensSinceSweep >= SWEEP_EVERY_OPENS) {
            removeExpired();
            opensSinceSweep = 0;
        }
        Instant now = clock.instant();
        FlowState state = packet.protocol() == IpProtocols.TCP ? FlowState.SYN_SENT : FlowState.SESSION;
        Duration sessionTimeout = switch (packet.protocol()) {
            case IpProtocols.TCP -> settings.tcpEstablishedTimeout();
            case IpProtocols.ICMP, IpProtocols.ICMPV6 -> rule.flatMap(Rule::sessionTimeout).orElse(settings.icmpTimeout());
            default -> rule.flatMap(Rule::sessionTimeout).orElse(settings.udpTimeout());
        };
        TrackedFlow flow = new TrackedFlow(FlowKey.of(packet), state, rule, now, now,
                now.plus(timeout(state, sessionTimeout)), sessionTimeout, Optional.empty());
        table.put(flow.key(), flow);
        return flow;
    }

    /** Moves a found flow on with this packet; the answer is the flow after it (a reset closes it). */
    FlowMatch advance(FlowMatch match, Packet packet) {
        Instant now = clock.instant();
        TrackedFlow flow = match.flow();
        if (flow.key().protocol() == IpProtocols.TCP && (packet.tcpFlags() & TcpFlags.RST) != 0) {
            table.remove(flow.key());
            return match;
        }
        FlowState state = flow.state();
        Optional<Boolean> finFromOriginator = flow.finFromOriginator();
        if (flow.key().protocol() == IpProtocols.TCP) {
            int flags = packet.tcpFlags();
            boolean syn = (flags & TcpFlags.SYN) != 0;
            boolean ack = (flags & TcpFlags.ACK) != 0;
            boolean fin = (flags & TcpFlags.FIN) != 0;
            boolean fromOriginator = !match.reply();
            switch (state) {
                case SYN_SENT -> {
                    if (!fromOriginator && syn && ack) {
                        state = FlowState.SYN_RECEIVED;
                    }
                }
                case SYN_RECEIVED -> {
                    if (fromOriginator && ack && !syn) {
                        state = FlowState.ESTABLISHED;
                    }
                }
                default -> {
                }
            }
            // A FIN may ride on the handshake's last ACK, so it is looked at after the handshake moves on.
            switch (state) {
                case ESTABLISHED -> {
                    if (fin) {
                        state = FlowState.FIN_WAIT;
                        finFromOriginator = Optional.of(fromOriginator);
                    }
                }
                case FIN_WAIT -> {
                    if (fin && finFromOriginator.orElseThrow() != fromOriginator) {
                        state = FlowState.LAST_ACK;
                    }
                }
                case LAST_ACK -> {
                    // The side that closed first acknowledges the other side's FIN.
                    if (ack && !fin && finFromOriginator.orElseThrow() == fromOriginator) {
                        state = FlowState.TIME_WAIT;
                    }
                }
                default -> {
                }
            }
        }
        TrackedFlow next = new TrackedFlow(flow.key(), state, flow.openedBy(), flow.openedAt(), now,
                now.plus(timeout(state, flow.sessionTimeout())), flow.sessionTimeout(), finFromOriginator);
        table.put(next.key(), next);
        return new FlowMatch(next, match.reply());
    }

    private Duration timeout(FlowState state, Duration sessionTimeout) {
        return switch (state) {
            case ESTABLISHED -> settings.tcpEstablishedTimeout();
            case SYN_SENT, SYN_RECEIVED, FIN_WAIT, LAST_ACK, TIME_WAIT -> settings.tcpTransitoryTimeout();
            case SESSION -> sessionTimeout;
        };
    }

    private static boolean belongs(TrackedFlow flow, Packet packet, boolean reply, Instant now) {
        if (!flow.isAliveAt(now)) {
            return false;
        }
        if (packet.isIcmp()) {
            // Echo flows are keyed by addresses only: the opener sends requests, the responder replies.
            return reply ? isEchoReply(packet) : isEchoRequest(packet);
        }
        if (packet.protocol() == IpProtocols.TCP && TcpFlags.isInitialSyn(packet.tcpFlags())
                && flow.state() == FlowState.TIME_WAIT) {
            return false;
        }
        return true;
    }

    static boolean isEchoRequest(Packet packet) {
        return (packet.protocol() == IpProtocols.ICMP && packet.icmpType() == 8)
                || (packet.protocol() == IpProtocols.ICMPV6 && packet.icmpType() == 128);
    }

    static boolean isEchoReply(Packet packet) {
        return (packet.protocol() == IpProtocols.ICMP && packet.icmpType() == 0)
                || (packet.protocol() == IpProtocols.ICMPV6 && packet.icmpType() == 129);
    }
}
