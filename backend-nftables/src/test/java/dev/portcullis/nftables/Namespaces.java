package dev.portcullis.nftables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for tests that need the real kernel. Every namespace a test creates is deleted when the test
 * closes it, and by a shutdown hook if the JVM ends first; tests never touch the machine's own namespace.
 */
final class Namespaces {
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Namespaces::deleteQuietly)));
    }

    private Namespaces() {
    }

    /** Used by {@code @EnabledIf}: kernel tests run as root with nft and ip installed. */
    static boolean kernelAvailable() {
        return reason().isEmpty();
    }

    /** Why kernel tests cannot run here, or empty when they can. */
    static String reason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "kernel tests need root (network namespaces and nftables)";
        }
        for (String tool : List.of("nft", "ip")) {
            if (!onPath(tool)) {
                return "kernel tests need '" + tool + "' (apt-get install -y nftables iproute2)";
            }
        }
        return "";
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A fresh namespace {@code pc-<role>-<random>} with loopback up. */
    static String create(String role) {
        String name = "pc-" + role + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        LIVE.add(name);
        run("ip", "netns", "add", name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    static void delete(String name) {
        if (LIVE.remove(name)) {
            deleteQuietly(name);
        }
    }

    private static void deleteQuietly(String name) {
        try {
            new ProcessBuilder("ip", "netns", "delete", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // best effort: the namespace may already be gone
        }
    }

    /** Runs a command whose failure does not matter (cleanup, optional tools). */
    static void runAllowingFailure(String... command) {
        try {
            run(command);
        } catch (IllegalStateException e) {
            // optional
        }
    }

    /** Runs a command and returns its output; throws with the output if it fails. */
    static String run(String... command) {
        return run(List.of(command), "");
    }

    static String run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
