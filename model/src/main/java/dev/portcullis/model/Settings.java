package dev.portcullis.model;

import java.time.Duration;
import java.util.List;

/**
 * Policy-wide settings with the defaults a mature firewall uses.
 *
 * @param stateful           track connections (replies of allowed flows pass); false gives a static packet filter,
 *                           for which {@code StatelessExpansion} derives the explicit return rules
 * @param ephemeralPorts     the client port range replies go back to in a static filter (the anti-spam document
 *                           uses 1023-65535; most systems use 1024-65535)
 * @param udpTimeout         idle timeout of a UDP session unless a rule says otherwise (Linux: 30 s)
 * @param tcpEstablishedTimeout idle timeout of an established TCP connection (Linux: 5 days)
 * @param tcpTransitoryTimeout  timeout of TCP connections while opening or closing (Linux: 120 s for SYN_SENT)
 * @param icmpTimeout        idle timeout of an ICMP echo exchange
 * @param management         address/port pairs the administrator manages the host through; the lockout guard
 *                           refuses a policy that would cut them
 */
public record Settings(
        boolean stateful,
        PortRange ephemeralPorts,
        Duration udpTimeout,
        Duration tcpEstablishedTimeout,
        Duration tcpTransitoryTimeout,
        Duration icmpTimeout,
        List<ManagementAccess> management) {

    public static final Settings DEFAULTS = new Settings(true, PortRange.of(1024, 65535), Duration.ofSeconds(30),
            Duration.ofDays(5), Duration.ofSeconds(120), Duration.ofSeconds(30), List.of());

    public Settings {
        management = List.copyOf(management);
    }

    /** An address (or prefix) and TCP port the administrator must keep reaching, e.g. 192.0.2.10/32 port 22. */
    public record ManagementAccess(HostMatch.AddressBlock from, int port) {
        public ManagementAccess {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("management port " + port + " is out of range 1-65535");
            }
        }
    }
}
