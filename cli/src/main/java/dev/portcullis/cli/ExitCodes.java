package dev.portcullis.cli;

/**
 * The exit statuses every command documents (in its {@code --help}, under "Exit status"): scripts rely on these.
 */
public final class ExitCodes {
    /** The command did what was asked and found nothing to report. */
    public static final int OK = 0;
    /** The command ran, and found something: analysis findings, drift, a blocked packet asked about with --expect. */
    public static final int FINDINGS = 1;
    /** Bad input or usage: a malformed file or argument. Nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** The system refused: nft failed, permission denied, a lockout guard stopped the apply. Nothing was changed. */
    public static final int FAILURE = 3;
    /** A bug in Portcullis: one line asks to report it; {@code --debug} shows the stack trace. */
    public static final int INTERNAL_ERROR = 4;

    private ExitCodes() {
    }
}
