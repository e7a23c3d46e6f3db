package dev.portcullis.nftables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The test's handle on a {@link FlowAgent} process running inside a namespace. */
final class Agent implements AutoCloseable {
    private final Process process;
    private final PrintStream commands;
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    Agent(String namespace, List<String> addresses) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath(), FlowAgent.class.getName()));
        command.addAll(addresses);
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofVirtual().start(this::readReplies);
        expect("ready");
    }

    private static String classPath() {
        try {
            return Path.of(FlowAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.indexOf(' ');
                if (space > 0 && Character.isDigit(line.charAt(0))) {
                    CompletableFuture<String> future = pending.remove(Integer.parseInt(line.substring(0, space)));
                    if (future != null) {
                        future.complete(line.substring(space + 1));
                        continue;
                    }
                }
                replies.add(line);
            }
        } catch (IOException e) {
            // the agent ended
        }
        pending.values().forEach(f -> f.complete("error:agent ended"));
    }

    private String expect(String prefix) {
        try {
            String line = replies.poll(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith(prefix)) {
                throw new IllegalStateException("agent answered '" + line + "', expected " + prefix);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens TCP and UDP servers on these ports on every address of the agent (once per port). */
    void listen(String protocol, List<Integer> ports) {
        for (int port : ports) {
            commands.println("listen " + protocol + " " + port);
        }
        for (int i = 0; i < ports.size(); i++) {
            expect("listening");
        }
    }

    CompletableFuture<String> probe(int id, Flow flow, int timeoutMs) {
        CompletableFuture<String> future = new CompletableFuture<>();
        pending.put(id, future);
        commands.println(flow.probeCommand(id, timeoutMs));
        return future;
    }

    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
