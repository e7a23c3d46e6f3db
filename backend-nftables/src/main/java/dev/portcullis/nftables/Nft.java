package dev.portcullis.nftables;

import java.util.List;
import java.util.Optional;

/**
 * The nft operations the backend needs. {@link ProcessNft} runs the real {@code nft}; unit tests of control flow
 * may use a fake, and the kernel tests run the real one inside a network namespace.
 */
public interface Nft {
    /** Checks a script without changing anything ({@code nft -c -f -}); throws {@link NftException} if nft refuses. */
    void check(String script);

    /** Applies a script as one transaction ({@code nft -f -}): all of it or, on any error, none of it. */
    void apply(String script);

    /** Our table as nft prints it ({@code nft list table inet portcullis}), or empty if it does not exist. */
    Optional<String> listTable();

    /** The command line that runs nft, for the detached confirm-timeout reverter (e.g. {@code [nft]}). */
    List<String> command();
}
