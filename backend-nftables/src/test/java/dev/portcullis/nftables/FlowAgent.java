package dev.portcullis.nftables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A traffic agent that runs inside one network namespace ({@code ip netns exec NS java ... FlowAgent ADDR...}) and
 * takes line commands on stdin, so that one process serves thousands of flows:
 *
 * <pre>
 * listen tcp|udp PORT                       → "listening PORT" once bound on every ADDR
 * probe ID tcp|udp SRC SPORT DST DPORT MS   → later "ID pass|drop|reject|error:TEXT"
 * probe ID icmp SRC DST MS                  → later "ID pass|fail"
 * </pre>
 *
 * TCP servers answer each connection with a line; UDP servers echo each datagram. A probe passes when the answer
 * comes back, is a drop when nothing comes back in time (or the local stack says EPERM, which is what a drop in
 * the output hook looks like), and a reject when a TCP reset or ICMP error comes back. Uses only the JDK.
 */
public final class FlowAgent {
    private final List<InetAddress> addresses;
    private final PrintStream out;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService pings = Executors.newCachedThreadPool();
    private final Set<String> listening = new HashSet<>();

    private FlowAgent(List<InetAddress> addresses, PrintStream out) {
        this.addresses = addresses;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (String arg : args) {
            addresses.add(InetAddress.getByName(arg));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        new FlowAgent(addresses, out).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    private void serve(BufferedReader in) throws IOException {
        reply("ready");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "listen" -> listen(w[1], Integer.parseInt(w[2]));
                    case "probe" -> {
                        String id = w[1];
                        // The JDK's ping is a native call that would pin a virtual thread's carrier for the whole
                        // timeout and starve the servers, so pings get platform threads of their own.
                        (w[2].equals("icmp") ? pings : threads).submit(() -> reply(id + " " + probe(w)));
                    }
                    case "quit" -> {
                        reply("bye");
                        System.exit(0);
                    }
                    default -> reply("error unknown command " + w[0]);
                }
            } catch (IOException | RuntimeException e) {
                reply("error " + line + ": " + e);
            }
        }
        System.exit(0);
    }

    private synchronized void reply(String line) {
        out.println(line);
    }

    private void listen(String protocol, int port) throws IOException {
        if (listening.add(protocol + port)) {
            for (InetAddress address : addresses) {
                if (protocol.equals("tcp")) {
                    ServerSocket server = new ServerSocket();
                    server.setReuseAddress(true);
                    server.bind(new InetSocketAddress(address, port), 512);
                    threads.submit(() -> acceptLoop(server));
                } else {
                    // One socket per address, so that replies leave from the address the probe was sent to.
                    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port));
                    threads.submit(() -> echoLoop(socket));
                }
            }
        }
        reply("listening " + port);
    }

    private void acceptLoop(ServerSocket server) {
        while (true) {
            try {
                Socket connection = server.accept();
                threads.submit(() -> {
                    try (connection) {
                        connection.getOutputStream().write("pc\n".getBytes(StandardCharsets.US_ASCII));
                        connection.getOutputStream().flush();
                        connection.setSoTimeout(2000);
                        connection.getInputStream().read(); // wait for the client to close first
                    } catch (IOException e) {
                        // the client went away; nothing to report
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
                System.err.println("agent: accept on " + server.getLocalSocketAddress() + " failed: " + e);
            }
        }
    }

    private void echoLoop(DatagramSocket socket) {
        byte[] buffer = new byte[512];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // a reply the firewall refused; keep serving
                if (socket.isClosed()) {
                    return;
                }
                if (!String.valueOf(e.getMessage()).contains("not permitted")) { // EPERM: the filter dropped it
                    System.err.println("agent: echo on " + socket.getLocalSocketAddress() + ": " + e);
                }
            }
        }
    }

    private static String probe(String[] w) {
        try {
            return switch (w[2]) {
                case "tcp" -> tcp(w[3], Integer.parseInt(w[4]), w[5], Integer.parseInt(w[6]), Integer.parseInt(w[7]));
                case "udp" -> udp(w[3], Integer.parseInt(w[4]), w[5], Integer.parseInt(w[6]), Integer.parseInt(w[7]));
                case "icmp" -> ping(w[4], Integer.parseInt(w[5]));
                default -> "error:unknown protocol " + w[2];
            };
        } catch (IOException | RuntimeException e) {
            return "error:" + e.toString().replace('\n', ' ');
        }
    }

    private static final java.util.concurrent.ConcurrentMap<String, Object> PING_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An ICMP echo (the JDK uses a raw socket as root); EPERM means the output hook dropped it. The JDK gives
     * every echo from this process the same identifier and sequence number, so two at once to one destination
     * would be one conntrack entry, and the second reply could be judged invalid: one at a time per destination.
     */
    private static String ping(String dst, int timeoutMs) {
        synchronized (PING_LOCKS.computeIfAbsent(dst, d -> new Object())) {
            try {
                return InetAddress.getByName(dst).isReachable(timeoutMs) ? "pass" : "fail";
            } catch (IOException e) {
                return "fail";
            }
        }
    }

    private static String tcp(String src, int sport, String dst, int dport, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(src), sport));
            try {
                socket.connect(new InetSocketAddress(InetAddress.getByName(dst), dport), timeoutMs);
            } catch (SocketTimeoutException e) {
                return "drop";
            } catch (IOException e) {
                return classify(e);
            }
            socket.setSoTimeout(timeoutMs);
            try {
                int first = socket.getInputStream().read();
                return first == 'p' ? "pass" : "error:connected but no greeting";
            } catch (SocketTimeoutException e) {
                // Connected, but the rest of the exchange never arrived (a stateless filter that lets the SYN-ACK
                // back but not the data): the flow did not get through.
                return "drop";
            }
        }
    }

    private static String udp(String src, int sport, String dst, int dport, int timeoutMs) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(src), sport));
            socket.connect(new InetSocketAddress(InetAddress.getByName(dst), dport));
            socket.setSoTimeout(timeoutMs);
            byte[] data = "probe".getBytes(StandardCharsets.US_ASCII);
            try {
                try {
                    socket.send(new DatagramPacket(data, data.length));
                } catch (IOException e) {
                    if (!"drop".equals(classify(e))) {
                        throw e;
                    }
                    // EPERM: the output hook dropped the datagram. A reject also sends an ICMP error back to
                    // this socket, which the receive below reports; a plain drop sends nothing.
                }
                DatagramPacket answer = new DatagramPacket(new byte[64], 64);
                socket.receive(answer);
                return "pass";
            } catch (SocketTimeoutException e) {
                return "drop";
            } catch (PortUnreachableException e) {
                return "reject";
            } catch (IOException e) {
                return classify(e);
            }
        }
    }

    /** What the local stack reported: EPERM is the output hook dropping, refusals and unreachables are rejects. */
    private static String classify(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("not permitted")) {
            return "drop";
        }
        // ICMPv6 "administratively prohibited" reaches the socket as EACCES ("Permission denied").
        if (message.contains("refused") || message.contains("unreachable") || message.contains("No route")
                || message.contains("Permission denied")
                || e instanceof PortUnreachableException) {
            return "reject";
        }
        return "error:" + e.toString().replace('\n', ' ');
    }
}
