package dev.portcullis.nftables;

/** nft refused a script or could not be run; the message carries nft's own error text. */
public final class NftException extends RuntimeException {
    public NftException(String message) {
        super(message);
    }

    public NftException(String message, Throwable cause) {
        super(message, cause);
    }
}
