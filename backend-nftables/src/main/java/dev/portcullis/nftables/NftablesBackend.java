package dev.portcullis.nftables;

import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Applies compiled policies to the kernel safely, through {@link Nft}, remembering in a state directory what to
 * go back to. Every change is one nft transaction that replaces only the {@code inet portcullis} table, checked
 * with {@code nft -c} first, so a failure at any step leaves the previous ruleset in force.
 *
 * <p>State directory (default {@code /var/lib/portcullis}):
 * {@code rollback.nft} restores the table as it was before the last apply (or removes it if there was none);
 * {@code applied.nft} is the table as the kernel listed it right after the last change, for drift detection;
 * {@code policy.sha256} identifies the policy it was compiled from; {@code hostsets.tsv} maps named sets to host
 * names for {@code refresh}; {@code pending-TOKEN} exists while an apply awaits {@code confirm}.
 */
public final class NftablesBackend {
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/portcullis");

    private final Nft nft;
    private final Path stateDir;
    private final NftablesCompiler compiler = new NftablesCompiler();

    public NftablesBackend(Nft nft, Path stateDir) {
        this.nft = nft;
        this.stateDir = stateDir;
    }

    /** How to apply: within how long a confirm must come, and whether to skip the lockout guard. */
    public record ApplyOptions(Optional<Duration> confirmWithin, boolean force, Optional<SshSession> session,
                               List<IPAddress> localAddresses) {
        public ApplyOptions {
            localAddresses = List.copyOf(localAddresses);
        }

        public static ApplyOptions defaults() {
            return new ApplyOptions(Optional.empty(), false, Optional.empty(), List.of());
        }
    }

    /**
     * What an apply did.
     *
     * @param confirmToken present when the apply reverts itself unless confirmed in time
     * @param hadPreviousTable whether a Portcullis table was live before (else revert removes ours)
     */
    public record ApplyResult(int nftRules, boolean hadPreviousTable, Optional<String> confirmToken,
                              Optional<Duration> confirmWithin, List<String> lockoutOverridden) {
        public ApplyResult {
            lockoutOverridden = List.copyOf(lockoutOverridden);
        }
    }

    /**
     * What is live.
     *
     * @param drift lines that differ between the live table and the one the last apply left ("+ " live only,
     *              "- " expected only)
     * @param matchesPolicy for {@code status POLICY}: whether the live table was compiled from that policy
     */
    public record Status(boolean tablePresent, boolean appliedByPortcullis, List<String> drift,
                         Optional<Boolean> matchesPolicy, boolean awaitingConfirmation, Optional<String> liveTable) {
        public Status {
            drift = List.copyOf(drift);
        }

        public boolean hasDrift() {
            return !drift.isEmpty() || matchesPolicy.filter(m -> !m).isPresent();
        }
    }

    /** What a refresh changed: per host name, the addresses now in its sets. */
    public record RefreshResult(Map<String, List<String>> addresses, boolean changed) {
        public RefreshResult {
            addresses = Map.copyOf(addresses);
        }
    }

    /**
     * Compiles, guards, checks and applies a policy in one transaction.
     *
     * @throws dev.portcullis.model.InvalidInputException if the policy cannot be compiled for nftables
     * @throws RefusedException if the lockout guard objects (without force) or an earlier apply awaits confirm
     * @throws NftException if nft refuses; the previous ruleset is still in force
     */
    public ApplyResult apply(Policy policy, NameResolver resolver, ApplyOptions options) {
        CompiledRuleset compiled = compiler.compile(policy, resolver);
        List<String> lockout = LockoutGuard.problems(policy, resolver, options.session(), options.localAddresses());
        if (!lockout.isEmpty() && !options.force()) {
            throw new RefusedException("refusing to apply: " + String.join("; ", lockout)
                    + ". Allow that access in the policy, or pass --force (with --confirm to be safe).");
        }
        if (awaitingConfirmation()) {
            throw new RefusedException("an earlier apply is still waiting for 'portcullis confirm'; confirm or revert"
                    + " it first");
        }
        String script = compiled.replacementScript();
        nft.check(script);
        Optional<String> previous = nft.listTable();
        createStateDir();
        String rollback = previous.map(NftablesCompiler::replaceTableScript)
                .orElse(NftablesCompiler.removeTableScript());
        // The rollback must be checkable before we change anything: if it is not, revert could not work.
        nft.check(rollback);
        write("rollback.next", rollback);
        nft.apply(script);
        // Only now does the rollback describe the table before the live one; a failed apply keeps the old one.
        move("rollback.next", "rollback.nft");
        recordApplied(compiled, policyHash(policy));

        Optional<String> token = Optional.empty();
        if (options.confirmWithin().isPresent()) {
            String t = newToken();
            write("pending-" + t, "apply awaiting confirmation\n");
            startReverter(t, options.confirmWithin().get());
            token = Optional.of(t);
        }
        int rules = (int) compiled.table().lines().filter(l -> l.startsWith("\t\t") && !l.contains("type filter hook"))
                .count();
        return new ApplyResult(rules, previous.isPresent(), token, options.confirmWithin(),
                options.force() ? lockout : List.of());
    }

    private static String newToken() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Keeps the last apply: stops its confirm timer from reverting. Returns false if nothing was waiting. */
    public boolean confirm() {
        boolean confirmed = false;
        for (Path pending : pendingFiles()) {
            try {
                // Deleting is the atomic step the reverter races against (it renames the same file).
                Files.delete(pending);
                confirmed = true;
            } catch (NoSuchFileException e) {
                // the reverter got there first
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return confirmed;
    }

    /**
     * Restores the table as it was before the last apply, in one transaction.
     *
     * @throws RefusedException if there is nothing to revert to
     */
    public void revert() {
        Path rollback = stateDir.resolve("rollback.nft");
        if (!Files.exists(rollback)) {
            throw new RefusedException("nothing to revert: no apply recorded in " + stateDir);
        }
        String script = read(rollback);
        nft.check(script);
        nft.apply(script);
        for (Path pending : pendingFiles()) {
            deleteIfExists(pending);
        }
        write("applied.nft", nft.listTable().orElse(""));
        deleteIfExists(stateDir.resolve("policy.sha256"));
    }

    /** Compares the live table with what the last change left, and with {@code policy} when given. */
    public Status status(Optional<Policy> policy) {
        Optional<String> live = nft.listTable();
        Path appliedFile = stateDir.resolve("applied.nft");
        boolean applied = Files.exists(appliedFile);
        List<String> drift = applied ? diff(read(appliedFile), live.orElse("")) : List.of();
        Optional<Boolean> matches = policy.map(p -> {
            Path hash = stateDir.resolve("policy.sha256");
            return Files.exists(hash) && read(hash).strip().equals(policyHash(p));
        });
        return new Status(live.isPresent(), applied, drift, matches, awaitingConfirmation(), live);
    }

    /** Re-resolves the host names of the live table's named sets and replaces their elements atomically. */
    public RefreshResult refresh(NameResolver resolver) {
        Path file = stateDir.resolve("hostsets.tsv");
        if (!Files.exists(file) || nft.listTable().isEmpty()) {
            throw new RefusedException("nothing to refresh: no table applied by portcullis is live");
        }
        List<HostNameSet> sets = new ArrayList<>();
        Map<String, List<String>> addresses = new HashMap<>();
        for (String line : read(file).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            HostNameSet set = new HostNameSet(parts[0], parts[1], resolver.resolve(parts[1]));
            sets.add(set);
            addresses.put(set.hostName(), set.addresses().stream().map(IPAddress::toCanonicalString).toList());
        }
        if (sets.isEmpty()) {
            return new RefreshResult(Map.of(), false);
        }
        String before = nft.listTable().orElse("");
        String script = NftablesCompiler.hostSetUpdateScript(sets);
        nft.check(script);
        nft.apply(script);
        String after = nft.listTable().orElse("");
        write("applied.nft", after);
        return new RefreshResult(addresses, !before.equals(after));
    }

    /** Whether an apply is waiting for {@link #confirm()}. */
    public boolean awaitingConfirmation() {
        return !pendingFiles().isEmpty();
    }

    // ---- state -----------------------------------------------------------------------------------------------

    private void recordApplied(CompiledRuleset compiled, String policyHash) {
        write("applied.nft", nft.listTable().orElse(""));
        write("policy.sha256", policyHash + "\n");
        write("hostsets.tsv", compiled.hostSets().stream().map(s -> s.set() + "\t" + s.hostName() + "\n")
                .collect(Collectors.joining()));
    }

    /** Identifies a policy by its compiled table without resolved addresses, so that DNS changes are not drift. */
    private String policyHash(Policy policy) {
        String table = compiler.compile(policy, NameResolver.NONE).table();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(table.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Starts a detached shell that waits, then restores {@code rollback.nft} unless confirm removed the pending
     * file first. It is plain sh and nft so that it works even if this JVM is gone or the SSH session dropped.
     */
    private void startReverter(String token, Duration within) {
        String dir = shellQuote(stateDir.toAbsolutePath().toString());
        String nftCommand = nft.command().stream().map(NftablesBackend::shellQuote).collect(Collectors.joining(" "));
        String script = "sleep " + Math.max(1, within.toSeconds()) + "\n"
                + "cd " + dir + " || exit 1\n"
                + "if mv pending-" + token + " reverting-" + token + " 2>/dev/null; then\n"
                + "  if " + nftCommand + " -f rollback.nft; then date -u > reverted-" + token + "; fi\n"
                + "  " + nftCommand + " list table inet portcullis > applied.nft 2>/dev/null || : > applied.nft\n"
                + "  rm -f reverting-" + token + " policy.sha256\n"
                + "fi\n";
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            command.add("setsid"); // a new session, so the hangup of a dropped SSH session does not kill it
        }
        command.addAll(List.of("sh", "-c", script));
        try {
            new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // Without a reverter the confirm promise cannot be kept: undo the apply now.
            deleteIfExists(stateDir.resolve("pending-" + token));
            revert();
            throw new NftException("could not start the confirm timer (" + e.getMessage() + "); reverted the apply", e);
        }
    }

    /** Whether the confirm timer of {@code token} has already restored the previous table. */
    public boolean revertedByTimer(String token) {
        return Files.exists(stateDir.resolve("reverted-" + token));
    }

    private List<Path> pendingFiles() {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("pending-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> diff(String expected, String live) {
        List<String> expectedLines = normalizedLines(expected);
        List<String> liveLines = normalizedLines(live);
        List<String> result = new ArrayList<>();
        List<String> remaining = new ArrayList<>(liveLines);
        for (String line : expectedLines) {
            if (!remaining.remove(line)) {
                result.add("- " + line);
            }
        }
        remaining.forEach(line -> result.add("+ " + line));
        return result;
    }

    private static List<String> normalizedLines(String listing) {
        return listing.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("}")).toList();
    }

    private void createStateDir() {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private void write(String name, String content) {
        createStateDir();
        try {
            Path temporary = Files.createTempFile(stateDir, name, ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, stateDir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private void move(String from, String to) {
        try {
            Files.move(stateDir.resolve(from), stateDir.resolve(to), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(to) + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
