package dev.portcullis.cli;

import dev.portcullis.engine.CachingResolver;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.nftables.NftException;
import dev.portcullis.nftables.NftablesCapabilities;
import dev.portcullis.nftables.NftablesBackend;
import dev.portcullis.nftables.ProcessNft;
import dev.portcullis.nftables.RefusedException;
import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What the nftables commands share: the state directory option, the backend, and how refusals are reported. */
final class NftablesSupport {
    private NftablesSupport() {
    }

    /** The {@code --state-dir} option of apply, confirm, revert, status and refresh. */
    static final class StateDirOption {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where Portcullis keeps the rollback and what it applied (default: ${DEFAULT-VALUE}).")
        Path stateDir = NftablesBackend.DEFAULT_STATE_DIR;

        NftablesBackend backend() {
            return new NftablesBackend(new ProcessNft(), stateDir);
        }
    }

    /**
     * Refuses, with every problem at its rule's place, what nftables or this host cannot enforce (exe: selectors,
     * inbound application selectors, users that do not exist): the same check {@code policy validate} runs.
     */
    static void checkEnforceable(Policy policy) {
        List<dev.portcullis.model.InputProblem> problems = NftablesCapabilities.ofThisHost().problems(policy);
        if (!problems.isEmpty()) {
            throw new dev.portcullis.model.InvalidInputException(problems);
        }
    }

    /** Host names are resolved by the system resolver when a policy is compiled or refreshed. */
    static NameResolver systemResolver() {
        return CachingResolver.system(Duration.ofMinutes(5));
    }

    /** Runs a command body; nft failures and backend refusals print one line and exit 3 (nothing changed). */
    static int refusalsAreFailures(CommandLine.Model.CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (RefusedException | NftException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
    }

    /** The host's own addresses, for the lockout guard's management checks. */
    static List<IPAddress> localAddresses() {
        List<IPAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress()) {
                        String text = address.getHostAddress();
                        int scope = text.indexOf('%');
                        addresses.add(Packet.parseAddress(scope < 0 ? text : text.substring(0, scope)));
                    }
                }
            }
        } catch (SocketException e) {
            // Without the list, management checks fall back to the unspecified address.
        }
        return addresses;
    }
}
