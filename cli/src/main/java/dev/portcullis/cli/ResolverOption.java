package dev.portcullis.cli;

import dev.portcullis.engine.CachingResolver;
import dev.portcullis.engine.HostsFile;
import dev.portcullis.model.NameResolver;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --resolve} option of the commands that decide packets: how host names in rules become addresses. */
public final class ResolverOption {
    /** Long enough that a replay or a burst of checks asks DNS once per name, short enough to follow DNS changes. */
    private static final Duration SYSTEM_CACHE_TIME = Duration.ofMinutes(5);

    @Option(names = "--resolve", paramLabel = "system|fixed:FILE", defaultValue = "system",
            description = {"How host names in rules are resolved: 'system' asks the system resolver (answers cached"
                    + " for 5 minutes); 'fixed:FILE' reads a table in /etc/hosts format (address, then names), so the"
                    + " answer does not depend on the network. A name that does not resolve matches nothing.",
                    "Default: ${DEFAULT-VALUE}."})
    String resolve;

    NameResolver resolver() {
        if (resolve.equals("system")) {
            return CachingResolver.system(SYSTEM_CACHE_TIME);
        }
        if (resolve.startsWith("fixed:") && resolve.length() > "fixed:".length()) {
            return HostsFile.load(Path.of(resolve.substring("fixed:".length())));
        }
        throw Arguments.invalid("--resolve", "'" + resolve + "' is neither 'system' nor 'fixed:FILE'",
                "write --resolve system, or --resolve fixed:/etc/hosts for a fixed table in /etc/hosts format");
    }
}
