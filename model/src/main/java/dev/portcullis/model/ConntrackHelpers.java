package dev.portcullis.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connection-tracking helpers a rule may ask for ({@code helper: ftp}): the Linux kernel's helpers that
 * nftables can attach with {@code ct helper}, each with the transport protocol it tracks. One list, read by the
 * policy parser, the preset files, the nftables compiler and the importers.
 */
public final class ConntrackHelpers {
    private static final Map<String, String> TRANSPORT = Map.of(
            "ftp", "tcp", "tftp", "udp", "irc", "tcp", "sip", "udp", "pptp", "tcp",
            "sane", "tcp", "amanda", "udp", "snmp", "udp", "netbios-ns", "udp");

    /** The helper names, sorted, for messages. */
    public static final String NAMES = String.join(", ", new TreeMap<>(TRANSPORT).keySet());

    private ConntrackHelpers() {
    }

    /** The canonical name of a helper, or IllegalArgumentException naming the known ones. */
    public static String parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (!TRANSPORT.containsKey(name)) {
            throw new IllegalArgumentException("unknown connection-tracking helper '" + text.strip()
                    + "' (known: " + NAMES + ")");
        }
        return name;
    }

    /** {@code tcp} or {@code udp}: the protocol a helper tracks. */
    public static Optional<String> transport(String helper) {
        return Optional.ofNullable(TRANSPORT.get(helper));
    }
}
