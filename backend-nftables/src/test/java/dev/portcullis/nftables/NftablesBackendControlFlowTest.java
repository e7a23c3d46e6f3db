package dev.portcullis.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Direction;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's control flow with a fake nft, so that it is tested without root too: which step runs when one
 * fails, and what the state directory says afterwards. The real kernel is exercised by NftablesBackendKernelTest.
 */
class NftablesBackendControlFlowTest {
    @TempDir
    Path stateDir;

    /** Keeps "the table" as the last applied replacement script; can be told to refuse checks or applies. */
    private static final class FakeNft implements Nft {
        final List<String> calls = new ArrayList<>();
        Optional<String> table = Optional.empty();
        boolean refuseCheck;
        boolean refuseApply;

        @Override
        public void check(String script) {
            calls.add("check");
            if (refuseCheck) {
                throw new NftException("Error: syntax error");
            }
        }

        @Override
        public void apply(String script) {
            calls.add("apply");
            if (refuseApply) {
                throw new NftException("Error: Could not process rule");
            }
            int start = script.indexOf("table inet portcullis {");
            table = start < 0 ? Optional.empty() : Optional.of(script.substring(start));
        }

        @Override
        public Optional<String> listTable() {
            return table;
        }

        @Override
        public List<String> command() {
            return List.of("true");
        }
    }

    private static Policy allowIn(int port) {
        return Policy.of(Mode.BLOCK_MOST, List.of(Rule.builder("r" + port).direction(Direction.IN)
                .protocol(ProtocolMatch.TCP).localPorts(PortSet.of(port)).build()));
    }

    @Test
    void aRefusedCheckAppliesNothingAndWritesNoRollback() {
        FakeNft nft = new FakeNft();
        nft.refuseCheck = true;
        NftablesBackend backend = new NftablesBackend(nft, stateDir);
        assertThatThrownBy(() -> backend.apply(allowIn(22), NameResolver.NONE, NftablesBackend.ApplyOptions.defaults()))
                .isInstanceOf(NftException.class);
        assertThat(nft.calls).containsExactly("check");
        assertThat(stateDir.resolve("rollback.nft")).doesNotExist();
    }

    @Test
    void aFailedApplyKeepsTheRollbackOfTheLastGoodOne() throws Exception {
        FakeNft nft = new FakeNft();
        NftablesBackend backend = new NftablesBackend(nft, stateDir);
        backend.apply(allowIn(22), NameResolver.NONE, NftablesBackend.ApplyOptions.defaults());
        String rollback = Files.readString(stateDir.resolve("rollback.nft"));
        String applied = Files.readString(stateDir.resolve("applied.nft"));

        nft.refuseApply = true;
        assertThatThrownBy(() -> backend.apply(allowIn(80), NameResolver.NONE, NftablesBackend.ApplyOptions.defaults()))
                .isInstanceOf(NftException.class);
        assertThat(Files.readString(stateDir.resolve("rollback.nft"))).isEqualTo(rollback);
        assertThat(Files.readString(stateDir.resolve("applied.nft"))).isEqualTo(applied);
        assertThat(backend.status(Optional.of(allowIn(22))).matchesPolicy()).contains(true);
    }

    @Test
    void anApplyAwaitingConfirmationBlocksTheNextUntilConfirmed() {
        FakeNft nft = new FakeNft();
        NftablesBackend backend = new NftablesBackend(nft, stateDir);
        NftablesBackend.ApplyOptions confirm = new NftablesBackend.ApplyOptions(Optional.of(Duration.ofSeconds(1)),
                false, Optional.empty(), List.of());
        backend.apply(allowIn(22), NameResolver.NONE, confirm);
        assertThat(backend.awaitingConfirmation()).isTrue();
        assertThatThrownBy(() -> backend.apply(allowIn(80), NameResolver.NONE, NftablesBackend.ApplyOptions.defaults()))
                .isInstanceOf(RefusedException.class).hasMessageContaining("confirm");
        assertThat(backend.confirm()).isTrue();
        assertThat(backend.confirm()).isFalse();
        backend.apply(allowIn(80), NameResolver.NONE, NftablesBackend.ApplyOptions.defaults());
    }

    @Test
    void revertWithoutAnyApplyIsRefused() {
        NftablesBackend backend = new NftablesBackend(new FakeNft(), stateDir);
        assertThatThrownBy(backend::revert).isInstanceOf(RefusedException.class).hasMessageContaining("nothing to revert");
    }
}
