package dev.portcullis.cli;

import picocli.CommandLine.Option;

/** The {@code --json} flag every command mixes in. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the answer as JSON for scripts instead of text for people.")
    boolean json;

    public boolean enabled() {
        return json;
    }
}
