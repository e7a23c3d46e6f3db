package dev.portcullis.catalog;

/**
 * The IANA port classes, as the glossary of reference document 002 names them. The document says "Well Known
 * ports (1-1023)" and "65355 virtual software ports"; the catalog follows RFC 6335 instead: port 0 is well known
 * (reserved) and there are 65536 ports, 0-65535 - the document's own ranges end at 65535.
 */
public enum PortClass {
    WELL_KNOWN(0, 1023, "Well Known ports",
            "Assigned by IANA through IETF review; binding one needs privilege on most systems."),
    REGISTERED(1024, 49151, "Registered ports",
            "Registered by IANA on request for a service; usable by ordinary programs."),
    DYNAMIC(49152, 65535, "Dynamic and/or Private ports",
            "Never assigned; used for ephemeral client ports and private services.");

    private final int first;
    private final int last;
    private final String title;
    private final String description;

    PortClass(int first, int last, String title, String description) {
        this.first = first;
        this.last = last;
        this.title = title;
        this.description = description;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    /** The glossary's name for the class. */
    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
