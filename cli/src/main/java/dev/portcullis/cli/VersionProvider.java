package dev.portcullis.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = PortcullisCommand.class.getPackage().getImplementationVersion();
        return new String[] {"portcullis " + (version == null ? "development build" : version)};
    }
}
