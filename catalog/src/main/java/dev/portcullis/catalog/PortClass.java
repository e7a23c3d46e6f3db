package dev.portcullis.catalog;

/**
 * The IANA port classes. Reference document 002 says "Well Known ports (1-1023)" and "65355 virtual software
 * ports"; the catalog follows RFC 6335 instead: port 0 is well known (reserved) and there are 65536 ports.
 */
public enum PortClass {
    /** 0-1023: assigned by IANA through IETF review; binding needs privilege on most systems. */
    WELL_KNOWN(0, 1023),
    /** 1024-49151: registered by IANA on request. */
    REGISTERED(1024, 49151),
    /** 49152-65535: dynamic and/or private, never assigned; used for ephemeral client ports. */
    DYNAMIC(49152, 65535);

    private final int first;
    private final int last;

    PortClass(int first, int last) {
        this.first = first;
        this.last = last;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }
}
