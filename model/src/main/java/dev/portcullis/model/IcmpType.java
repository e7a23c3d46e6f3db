package dev.portcullis.model;

import java.util.OptionalInt;

/** An ICMP (or ICMPv6) message type, optionally narrowed to one code. */
public record IcmpType(int type, OptionalInt code) {
    public IcmpType {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("ICMP type " + type + " is out of range 0-255");
        }
        if (code.isPresent() && (code.getAsInt() < 0 || code.getAsInt() > 255)) {
            throw new IllegalArgumentException("ICMP code " + code.getAsInt() + " is out of range 0-255");
        }
    }

    /** The one grammar of ICMP types: a type number ({@code 3}) or type/code ({@code 3/1}), each 0-255. */
    public static IcmpType parse(String text) {
        String trimmed = text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(?:\\s*/\\s*(\\d{1,9}))?").matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an ICMP type (write a number such as 3,"
                    + " or type/code such as 3/1)");
        }
        int type = Integer.parseInt(m.group(1));
        return m.group(2) == null ? of(type) : of(type, Integer.parseInt(m.group(2)));
    }

    public static IcmpType of(int type) {
        return new IcmpType(type, OptionalInt.empty());
    }

    public static IcmpType of(int type, int code) {
        return new IcmpType(type, OptionalInt.of(code));
    }

    public boolean matches(int packetType, int packetCode) {
        return type == packetType && (code.isEmpty() || code.getAsInt() == packetCode);
    }

    /** ICMPv4 error messages that belong to an existing flow: unreachable, source quench, time exceeded, parameter problem. */
    public static boolean isIcmpV4Error(int type) {
        return type == 3 || type == 4 || type == 11 || type == 12;
    }

    /** ICMPv6 error messages: unreachable, packet too big, time exceeded, parameter problem. */
    public static boolean isIcmpV6Error(int type) {
        return type >= 1 && type <= 4;
    }

    @Override
    public String toString() {
        return code.isPresent() ? type + "/" + code.getAsInt() : Integer.toString(type);
    }
}
