package dev.portcullis.nftables;

/**
 * The backend declined to change anything: the lockout guard objected, an apply awaits confirmation, or there is
 * nothing to revert. The message says what to do instead.
 */
public final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
