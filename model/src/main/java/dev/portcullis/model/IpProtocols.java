package dev.portcullis.model;

/** IANA protocol numbers the product names. */
public final class IpProtocols {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private IpProtocols() {
    }

    public static String name(int number) {
        return switch (number) {
            case ICMP -> "icmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMPV6 -> "icmpv6";
            default -> Integer.toString(number);
        };
    }
}
