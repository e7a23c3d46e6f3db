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
    /** IPv4 addresses; the first is the one the interface sends from by default (pings use it). */
    final List<String> hostAddresses;
    final List<String> peerAddresses;
    /** IPv6 addresses (unique local, fd00:199:N::/64), the same way round. */
    final List<String> hostAddresses6;
    final List<String> peerAddresses6;
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
            String prefix6 = "fd00:199:" + Integer.toHexString(n) + "::";
            hostAddresses6 = List.of(prefix6 + "1", prefix6 + "11");
            peerAddresses6 = List.of(prefix6 + "2", prefix6 + "3", prefix6 + "4");
            // No duplicate address detection in the lab (link-local addresses included): a tentative address
            // would delay neighbour discovery past the probes' timeout.
            for (String namespace : List.of(host, peer)) {
                setSysctl(namespace, "net/ipv6/conf/all/accept_dad", "0");
                setSysctl(namespace, "net/ipv6/conf/default/accept_dad", "0");
            }
            Namespaces.run("ip", "-n", host, "link", "add", "pc0", "type", "veth", "peer", "name", "pc1",
                    "netns", peer);
            for (String address : hostAddresses) {
                Namespaces.run("ip", "-n", host, "addr", "add", address + "/24", "dev", "pc0");
            }
            for (String address : peerAddresses) {
                Namespaces.run("ip", "-n", peer, "addr", "add", address + "/24", "dev", "pc1");
            }
            addIpv6(host, "pc0", hostAddresses6);
            addIpv6(peer, "pc1", peerAddresses6);
            Namespaces.run("ip", "-n", host, "link", "set", "pc0", "up");
            Namespaces.run("ip", "-n", peer, "link", "set", "pc1", "up");
            // The kernel rate-limits the ICMP errors a reject sends (per destination, a burst of 6); the test
            // sends hundreds from one host to one peer, so it lifts the limit inside its own namespace.
            setSysctl(host, "net/ipv4/icmp_ratelimit", "0");
            setSysctl(host, "net/ipv4/icmp_msgs_per_sec", "100000");
            setSysctl(host, "net/ipv4/icmp_msgs_burst", "100000");
            setSysctl(host, "net/ipv6/icmp/ratelimit", "0");
            conntrackTool = Namespaces.onPath("conntrack");
            hostAgent = new Agent(host, concat(hostAddresses, hostAddresses6));
            peerAgent = new Agent(peer, concat(peerAddresses, peerAddresses6));
            awaitConnectivity();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * nodad: usable at once, without duplicate address detection. The secondaries are deprecated
     * (preferred_lft 0) so that the kernel never picks them as a source: the JDK's ping cannot choose one, and
     * the test must know which address a ping comes from. Explicit binds still use them.
     */
    private static void addIpv6(String namespace, String device, List<String> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            List<String> command = new ArrayList<>(List.of("ip", "-n", namespace, "-6", "addr", "add",
                    addresses.get(i) + "/64", "dev", device, "nodad"));
            if (i > 0) {
                command.addAll(List.of("preferred_lft", "0"));
            }
            Namespaces.run(command.toArray(String[]::new));
        }
    }

    /**
     * Sets a per-namespace sysctl by writing /proc/sys from inside the namespace (no procps needed). These
     * settings are per network namespace: the machine's own values are untouched.
     */
    private static void setSysctl(String namespace, String key, String value) {
        Namespaces.run("ip", "netns", "exec", namespace, "sh", "-c", "echo " + value + " > /proc/sys/" + key);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Waits until both families work both ways: a fresh veth needs a moment before IPv6 carries traffic. */
    private void awaitConnectivity() {
        List<Flow> pings = new ArrayList<>();
        for (List<List<String>> family : List.of(List.of(hostAddresses, peerAddresses),
                List.of(hostAddresses6, peerAddresses6))) {
            for (String peerAddress : family.get(1)) {
                pings.add(new Flow(Direction.OUT, "icmp", family.get(0).get(0), 0, peerAddress, 0));
            }
            for (String hostAddress : family.get(0)) {
                pings.add(new Flow(Direction.IN, "icmp", family.get(1).get(0), 0, hostAddress, 0));
            }
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!send(pings, 500).stream().allMatch("pass"::equals)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the lab's veth pair does not carry IPv4 and IPv6 pings");
            }
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
            // conntrack's commands default to IPv4; flush both families.
            Namespaces.runAllowingFailure("ip", "netns", "exec", host, "conntrack", "-F", "-f", "ipv4");
            Namespaces.runAllowingFailure("ip", "netns", "exec", host, "conntrack", "-F", "-f", "ipv6");
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
