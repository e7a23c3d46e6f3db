package dev.portcullis.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Action;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Apply, confirm, revert, status and refresh against the real kernel, inside a throwaway network namespace. */
@EnabledIf(value = "dev.portcullis.nftables.Namespaces#kernelAvailable",
        disabledReason = "kernel test: needs root, nft and ip (apt-get install -y nftables iproute2)")
class NftablesBackendKernelTest {
    private static final String OTHER_TABLE = "table inet somebody_else {\n\tchain input {\n"
            + "\t\ttype filter hook input priority 10; policy accept;\n\t\ttcp dport 9 counter accept\n\t}\n}\n";

    @TempDir
    Path stateDir;
    private String namespace;
    private Nft nft;
    private NftablesBackend backend;

    @BeforeEach
    void namespace() {
        namespace = Namespaces.create("backend");
        nft = ProcessNft.inNamespace(namespace);
        nft.apply(OTHER_TABLE); // Docker, libvirt and friends: must survive everything we do
        backend = new NftablesBackend(nft, stateDir);
    }

    @AfterEach
    void cleanUp() {
        Namespaces.delete(namespace);
    }

    private static Policy policy(Mode mode, Rule... rules) {
        return new Policy("p", mode, List.of(), List.of(rules), Settings.DEFAULTS);
    }

    private static Rule allowIn(String id, int port) {
        return Rule.builder(id).direction(Direction.IN).protocol(ProtocolMatch.TCP).localPorts(PortSet.of(port)).build();
    }

    private static final NftablesBackend.ApplyOptions PLAIN = NftablesBackend.ApplyOptions.defaults();

    private String otherTable() {
        return Namespaces.run("ip", "netns", "exec", namespace, "nft", "list", "table", "inet", "somebody_else");
    }

    @Test
    void applyThenRevertRestoresThePreviousTableAndLeavesOthersAlone() {
        String others = otherTable();
        Policy first = policy(Mode.BLOCK_MOST, allowIn("ssh", 22),
                Rule.builder("icq").direction(Direction.OUT).protocol(ProtocolMatch.UDP)
                        .remotePorts(PortSet.of(4000)).sessionTimeout(Duration.ofSeconds(300)).build(),
                Rule.builder("ftp").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                        .remotePorts(PortSet.of(21)).conntrackHelper("ftp").build());
        NftablesBackend.ApplyResult result = backend.apply(first, NameResolver.NONE, PLAIN);
        assertThat(result.hadPreviousTable()).isFalse();
        String firstListing = nft.listTable().orElseThrow();
        assertThat(firstListing).contains("tcp dport 22 accept").contains("ct timeout set \"udp_300s\"");

        backend.apply(policy(Mode.ALLOW_MOST, allowIn("web", 80)), NameResolver.NONE, PLAIN);
        assertThat(nft.listTable().orElseThrow()).contains("tcp dport 80 accept").doesNotContain("dport 22");

        backend.revert();
        assertThat(nft.listTable()).contains(firstListing);
        assertThat(otherTable()).isEqualTo(others);

        // Reverting the first apply of all removes our table entirely.
        NftablesBackend fresh = new NftablesBackend(nft, stateDir.resolve("fresh"));
        nft.apply(NftablesCompiler.removeTableScript());
        fresh.apply(first, NameResolver.NONE, PLAIN);
        fresh.revert();
        assertThat(nft.listTable()).isEmpty();
        assertThat(otherTable()).isEqualTo(others);
    }

    @Test
    void aScriptTheKernelRefusesLeavesThePreviousRulesetInForce() {
        backend.apply(policy(Mode.BLOCK_MOST, allowIn("ssh", 22)), NameResolver.NONE, PLAIN);
        String before = nft.listTable().orElseThrow();
        // A user that does not exist passes our syntax check but fails in nft.
        Policy broken = policy(Mode.BLOCK_MOST, Rule.builder("ghost").direction(Direction.OUT)
                .application(new AppSelector.User("no_such_user_pc")).build());
        assertThatThrownBy(() -> backend.apply(broken, NameResolver.NONE, PLAIN)).isInstanceOf(NftException.class)
                .hasMessageContaining("no_such_user_pc");
        assertThat(nft.listTable()).contains(before);
        // The rollback still points at the state before the last successful apply: no table at all.
        backend.revert();
        assertThat(nft.listTable()).isEmpty();
    }

    @Test
    void anUnconfirmedApplyRevertsItselfAndAConfirmedOneStays() throws InterruptedException {
        backend.apply(policy(Mode.BLOCK_MOST, allowIn("ssh", 22)), NameResolver.NONE, PLAIN);
        String safe = nft.listTable().orElseThrow();

        NftablesBackend.ApplyResult risky = backend.apply(policy(Mode.BLOCK_MOST, allowIn("web", 80)),
                NameResolver.NONE, new NftablesBackend.ApplyOptions(Optional.of(Duration.ofSeconds(1)), false,
                        Optional.empty(), List.of()));
        assertThat(backend.awaitingConfirmation()).isTrue();
        assertThat(nft.listTable().orElseThrow()).contains("dport 80");
        waitUntil(() -> backend.revertedByTimer(risky.confirmToken().orElseThrow()), Duration.ofSeconds(10));
        assertThat(nft.listTable()).contains(safe);
        assertThat(backend.awaitingConfirmation()).isFalse();
        assertThat(backend.confirm()).as("too late to confirm").isFalse();

        NftablesBackend.ApplyResult kept = backend.apply(policy(Mode.BLOCK_MOST, allowIn("web", 80)),
                NameResolver.NONE, new NftablesBackend.ApplyOptions(Optional.of(Duration.ofSeconds(2)), false,
                        Optional.empty(), List.of()));
        assertThat(backend.confirm()).isTrue();
        Thread.sleep(3000);
        assertThat(backend.revertedByTimer(kept.confirmToken().orElseThrow())).isFalse();
        assertThat(nft.listTable().orElseThrow()).contains("dport 80");
    }

    @Test
    void statusReportsDriftAndWhichPolicyIsLive() {
        Policy policy = policy(Mode.BLOCK_MOST, allowIn("ssh", 22));
        backend.apply(policy, NameResolver.NONE, PLAIN);
        NftablesBackend.Status clean = backend.status(Optional.of(policy));
        assertThat(clean.tablePresent()).isTrue();
        assertThat(clean.drift()).isEmpty();
        assertThat(clean.matchesPolicy()).contains(true);
        assertThat(backend.status(Optional.of(policy(Mode.BLOCK_MOST, allowIn("ssh", 2222)))).matchesPolicy())
                .contains(false);

        nft.apply("add rule inet portcullis input tcp dport 9999 accept\n");
        NftablesBackend.Status drifted = backend.status(Optional.of(policy));
        assertThat(drifted.drift()).containsExactly("+ tcp dport 9999 accept");
        assertThat(drifted.hasDrift()).isTrue();
    }

    @Test
    void refreshReplacesOnlyTheHostNameSetElements() {
        Policy policy = policy(Mode.BLOCK_MOST, Rule.builder("icq").direction(Direction.OUT)
                .protocol(ProtocolMatch.TCP).remoteHosts(HostSet.of(new HostMatch.HostName("login.icq.test")))
                .remotePorts(PortSet.of(5190)).build());
        backend.apply(policy, NameResolver.fixed(Map.of("login.icq.test", List.of("192.0.2.1", "2001:db8::1"))),
                PLAIN);
        assertThat(nft.listTable().orElseThrow()).contains("192.0.2.1").contains("2001:db8::1");
        NftablesBackend.RefreshResult refreshed = backend.refresh(
                NameResolver.fixed(Map.of("login.icq.test", List.of("192.0.2.2"))));
        assertThat(refreshed.changed()).isTrue();
        String listing = nft.listTable().orElseThrow();
        assertThat(listing).contains("192.0.2.2").doesNotContain("192.0.2.1").doesNotContain("2001:db8::1");
        assertThat(backend.status(Optional.of(policy)).hasDrift()).isFalse();
    }

    @Test
    void theLockoutGuardRefusesToCutTheCurrentSshSessionUnlessForced() {
        Optional<SshSession> ssh = SshSession.fromEnvironment(Map.of("SSH_CONNECTION", "198.51.100.7 50123 10.0.0.1 22"));
        NftablesBackend.ApplyOptions guarded = new NftablesBackend.ApplyOptions(Optional.empty(), false, ssh, List.of());
        Policy webOnly = policy(Mode.BLOCK_MOST, allowIn("web", 80));
        assertThatThrownBy(() -> backend.apply(webOnly, NameResolver.NONE, guarded))
                .isInstanceOf(RefusedException.class).hasMessageContaining("cut this SSH session")
                .hasMessageContaining("--force");
        assertThat(nft.listTable()).isEmpty();

        backend.apply(policy(Mode.BLOCK_MOST, allowIn("ssh", 22)), NameResolver.NONE, guarded);
        assertThatThrownBy(() -> backend.apply(policy(Mode.STOP_ALL), NameResolver.NONE, guarded))
                .hasMessageContaining("stop-all");

        NftablesBackend.ApplyResult forced = backend.apply(webOnly, NameResolver.NONE,
                new NftablesBackend.ApplyOptions(Optional.empty(), true, ssh, List.of()));
        assertThat(forced.lockoutOverridden()).isNotEmpty();
    }

    @Test
    void managementAccessFromSettingsIsGuarded() {
        Settings settings = new Settings(true, Settings.DEFAULTS.ephemeralPorts(), Settings.DEFAULTS.udpTimeout(),
                Settings.DEFAULTS.tcpEstablishedTimeout(), Settings.DEFAULTS.tcpTransitoryTimeout(),
                Settings.DEFAULTS.icmpTimeout(), List.of(new Settings.ManagementAccess(
                        HostMatch.AddressBlock.parse("192.0.2.0/24"), 8443)));
        Policy blocked = new Policy("p", Mode.BLOCK_MOST, List.of(), List.of(
                Rule.builder("admin").action(Action.BLOCK).direction(Direction.IN).protocol(ProtocolMatch.TCP)
                        .localPorts(PortSet.of(8443)).build()), settings);
        assertThat(LockoutGuard.problems(blocked, NameResolver.NONE, Optional.empty(),
                List.of(Packet.parseAddress("10.0.0.1")))).singleElement().asString().contains("8443");
        Policy allowed = blocked.withRules(List.of(Rule.builder("admin").direction(Direction.IN)
                .protocol(ProtocolMatch.TCP).remoteHosts(HostSet.of(HostMatch.AddressBlock.parse("192.0.2.0/24")))
                .localPorts(PortSet.of(8443)).build()));
        assertThat(LockoutGuard.problems(allowed, NameResolver.NONE, Optional.empty(),
                List.of(Packet.parseAddress("10.0.0.1")))).isEmpty();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
