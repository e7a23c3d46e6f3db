package dev.portcullis.nftables;

import java.util.List;

/**
 * A policy compiled for nftables.
 *
 * @param table     the {@code table inet portcullis { ... }} block, as {@code compile} prints it
 * @param hostSets  the named sets that hold resolved host names, for {@code refresh}
 */
public record CompiledRuleset(String table, List<HostNameSet> hostSets) {
    public CompiledRuleset {
        hostSets = List.copyOf(hostSets);
    }

    /**
     * The script that replaces Portcullis's table and nothing else, in one transaction: declaring the table
     * first makes the delete valid when it does not exist yet, and {@code nft -f} applies the whole file
     * atomically, so the old table stays in force if any line fails.
     */
    public String replacementScript() {
        return NftablesCompiler.replaceTableScript(table);
    }
}
