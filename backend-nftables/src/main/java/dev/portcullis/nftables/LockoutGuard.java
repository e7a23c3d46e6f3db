package dev.portcullis.nftables;

import dev.portcullis.engine.FirstMatchEvaluator;
import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.Direction;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Settings.ManagementAccess;
import dev.portcullis.model.TcpFlags;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a policy that would cut the administrator off: the SSH session the command runs over, or any
 * management address/port the policy's settings list. A connection counts as kept when the policy allows a new
 * inbound TCP connection from that client to that port (after an apply the administrator must be able to log in
 * again), and, for a stateless policy, the packets of the established connection in both directions, all as the
 * engine's {@link FirstMatchEvaluator} decides them.
 */
public final class LockoutGuard {
    /** A client port to stand for the ephemeral port a management client would use. */
    private static final int CLIENT_PORT = 50000;

    private LockoutGuard() {
    }

    /**
     * What the policy would cut, one sentence each; empty when nothing.
     *
     * @param localAddresses the host's own addresses, for management entries (which name only the client side)
     */
    public static List<String> problems(Policy policy, NameResolver resolver, Optional<SshSession> session,
                                        List<IPAddress> localAddresses) {
        List<String> problems = new ArrayList<>();
        session.ifPresent(ssh -> {
            if (!keeps(policy, resolver, ssh.client(), ssh.clientPort(), ssh.server(), ssh.serverPort())) {
                problems.add("the policy would cut this SSH session (" + ssh + ")" + modeNote(policy));
            }
        });
        for (ManagementAccess access : policy.settings().management()) {
            IPAddress client = access.from().range().getLower().withoutPrefixLength();
            List<IPAddress> servers = localAddresses.stream()
                    .filter(a -> a.getIPVersion() == client.getIPVersion()).toList();
            if (servers.isEmpty()) {
                servers = List.of(client.isIPv4() ? Packet.parseAddress("0.0.0.0") : Packet.parseAddress("::"));
            }
            boolean kept = servers.stream().anyMatch(server ->
                    keeps(policy, resolver, client, CLIENT_PORT, server, access.port()));
            if (!kept) {
                problems.add("the policy would block management access from " + access.from() + " to TCP port "
                        + access.port() + modeNote(policy));
            }
        }
        return problems;
    }

    private static String modeNote(Policy policy) {
        return policy.mode() == Mode.STOP_ALL ? " (mode stop-all drops everything, established sessions included)"
                : "";
    }

    private static boolean keeps(Policy policy, NameResolver resolver, IPAddress client, int clientPort,
                                 IPAddress server, int serverPort) {
        if (policy.mode() == Mode.STOP_ALL) {
            return false;
        }
        Packet syn = new Packet(Direction.IN, IpProtocols.TCP, client, clientPort, server, serverPort, -1, -1,
                TcpFlags.SYN, Optional.empty(), AppIdentity.UNKNOWN);
        FirstMatchEvaluator evaluator = new FirstMatchEvaluator(policy, resolver);
        if (!evaluator.decide(syn).permits()) {
            return false;
        }
        if (policy.settings().stateful()) {
            return true; // conntrack lets the rest of the connection through
        }
        Packet ack = syn.withTcpFlags(TcpFlags.ACK);
        Packet synAck = syn.reply();
        Packet replyData = synAck.withTcpFlags(TcpFlags.ACK | TcpFlags.PSH);
        return evaluator.decide(ack).permits() && evaluator.decide(synAck).permits()
                && evaluator.decide(replyData).permits();
    }
}
