package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.policy.PolicyDocument;
import dev.portcullis.policy.PolicyLoader;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * The one way a command loads a policy: the catalog ({@code --presets-file}) and the name resolver
 * ({@code --resolve}) given on the command line, one {@link PolicyLoader}, the same checks for every command.
 * Every command that reads a policy mixes this in, so the options mean the same everywhere.
 */
public final class PolicyOptions {
    @Mixin
    CatalogOption catalogOption;

    @Mixin
    ResolverOption resolverOption;

    private PolicyLoader loader;
    private NameResolver resolver;

    /** The catalog, built once per command run. */
    public Catalog catalog() {
        return loader().catalog();
    }

    /** Reads, validates and expands a policy file. */
    public Policy load(Path file) {
        return loader().read(file);
    }

    /** Reads a policy file without expanding its preset instances. */
    public PolicyDocument parse(Path file) {
        return loader().parse(file);
    }

    public PolicyLoader loader() {
        if (loader == null) {
            loader = new PolicyLoader(catalogOption.catalog());
        }
        return loader;
    }

    /** How host names become addresses for this command (one cache for the whole run). */
    public NameResolver resolver() {
        if (resolver == null) {
            resolver = resolverOption.resolver();
        }
        return resolver;
    }
}
