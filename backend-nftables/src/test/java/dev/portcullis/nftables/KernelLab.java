package dev.portcullis.nftables;

import dev.portcullis.model.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair: {@code host} (the protected host, where policies are applied)
 * and {@code peer} (everything else). Addresses come from 10.199.N.0/24 inside the pair only; nothing outside the
 * two namespaces is touched, and closing the lab deletes both.
 */
final class KernelLab implements AutoCloseable {
    final String host;
    final String peer;
    final List<String> hostAddresses;
    final List<String> peerAddresses;
    final String subnet;
    private Agent hostAgent;
    private Agent peerAgent;
    private final boolean conntrackTool;
    private int nextProbe = 1;

    KernelLab() {
        host = Namespaces.create("host");
        peer = Namespaces.create("peer");
        try {
            int n = ThreadLocalRandom.current().nextInt(1, 255);
            subnet = "10.199." + n + ".0/24";
            hostAddresses = List.of("10.199." + n + ".1", "10.199." + n + ".11");
            peerAddresses = List.of("10.199." + n + ".2", "10.199." + n + ".3", "10.199." + n + ".4");
            Namespaces.run("ip", "-n", host, "link", "add", "pc0", "type", "veth", "peer", "name", "pc1",
                    "netns", peer);
            for (String address : hostAddresses) {
                Namespaces.run("ip", "-n", host, "addr", "add", address + "/24", "dev", "pc0");
            }
            for (String address : peerAddresses) {
                Namespaces.run("ip", "-n", peer, "addr", "add", address + "/24", "dev", "pc1");
            }
            Namespaces.run("ip", "-n", host, "link", "set", "pc0", "up");
            Namespaces.run("ip", "-n", peer, "link", "set", "pc1", "up");
            // The kernel rate-limits the ICMP errors a reject sends (per destination, a burst of 6); the test
            // sends hundreds from one host to one peer, so it lifts the limit inside its own namespace.
            Namespaces.run("ip", "netns", "exec", host, "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0",
                    "net.ipv4.icmp_msgs_per_sec=100000", "net.ipv4.icmp_msgs_burst=100000");
            conntrackTool = Namespaces.onPath("conntrack");
            hostAgent = new Agent(host, hostAddresses);
            peerAgent = new Agent(peer, peerAddresses);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** nft inside the host namespace. */
    Nft nft() {
        return ProcessNft.inNamespace(host);
    }

    /** Whether ICMP flows can be told apart between policies (conntrack -F forgets old echo exchanges). */
    boolean canFlushConntrack() {
        return conntrackTool;
    }

    void flushConntrack() {
        if (conntrackTool) {
            Namespaces.runAllowingFailure("ip", "netns", "exec", host, "conntrack", "-F");
        }
    }

    void listen(List<Integer> tcpPorts, List<Integer> udpPorts) {
        hostAgent.listen("tcp", tcpPorts);
        hostAgent.listen("udp", udpPorts);
        peerAgent.listen("tcp", tcpPorts);
        peerAgent.listen("udp", udpPorts);
    }

    /** Sends every flow concurrently and returns what came of each, in order. */
    List<String> send(List<Flow> flows, int timeoutMs) {
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (Flow flow : flows) {
            Agent opener = flow.direction() == Direction.IN ? peerAgent : hostAgent;
            outcomes.add(opener.probe(nextProbe++, flow, timeoutMs));
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        try {
            for (Agent agent : new Agent[] {hostAgent, peerAgent}) {
                if (agent != null) {
                    agent.close();
                }
            }
        } finally {
            Namespaces.delete(host);
            Namespaces.delete(peer);
        }
    }
}
