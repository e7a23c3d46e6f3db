package dev.portcullis.nftables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the {@code nft} program, optionally behind a prefix such as {@code ip netns exec NAME}. */
public final class ProcessNft implements Nft {
    private static final long TIMEOUT_SECONDS = 60;
    private final List<String> command;

    /** Runs {@code nft} from the PATH. */
    public ProcessNft() {
        this(List.of("nft"));
    }

    /** Runs the given command line, e.g. {@code [ip, netns, exec, pc-host, nft]}. */
    public ProcessNft(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** nft inside a network namespace, for tests that must not touch the machine's own ruleset. */
    public static ProcessNft inNamespace(String namespace) {
        return new ProcessNft(List.of("ip", "netns", "exec", namespace, "nft"));
    }

    @Override
    public void check(String script) {
        run(List.of("-c", "-f", "-"), script);
    }

    @Override
    public void apply(String script) {
        run(List.of("-f", "-"), script);
    }

    @Override
    public Optional<String> listTable() {
        Result result = exec(List.of("list", "table", NftablesCompiler.FAMILY, NftablesCompiler.TABLE), "");
        if (result.status == 0) {
            return Optional.of(result.stdout);
        }
        if (result.stderr.contains("No such file or directory")) {
            return Optional.empty();
        }
        throw new NftException("nft list table failed: " + result.stderr.strip());
    }

    @Override
    public List<String> command() {
        return command;
    }

    private String run(List<String> args, String stdin) {
        Result result = exec(args, stdin);
        if (result.status != 0) {
            throw new NftException("nft " + String.join(" ", args) + " refused the script:\n" + result.stderr.strip());
        }
        return result.stdout;
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result exec(List<String> args, String stdin) {
        List<String> line = new ArrayList<>(command);
        line.addAll(args);
        try {
            Process process = new ProcessBuilder(line).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NftException(String.join(" ", line) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new NftException("cannot run " + String.join(" ", line) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NftException("interrupted while running nft", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
