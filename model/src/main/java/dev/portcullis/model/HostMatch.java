package dev.portcullis.model;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a rule's host clause: addresses, a host name resolved later, or a zone defined by the policy.
 * Host names stay names in the model; only an engine or backend resolves them, so a rule naming a host never
 * silently turns into "any".
 */
public sealed interface HostMatch {

    /** An IPv4 or IPv6 address, CIDR prefix or address range, kept with the text it was written as. */
    record AddressBlock(IPAddressSeqRange range, String text) implements HostMatch {
        public boolean contains(IPAddress address) {
            return range.getLower().getIPVersion() == address.getIPVersion() && range.contains(address);
        }

        public boolean isIpv4() {
            return range.getLower().isIPv4();
        }

        @Override
        public String toString() {
            return text;
        }

        /** Parses {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code 2001:db8::/32} or {@code 192.0.2.1-192.0.2.9}. */
        public static AddressBlock parse(String text) {
            String trimmed = text.trim();
            try {
                int dash = trimmed.indexOf('-');
                if (dash > 0 && !trimmed.contains("/")) {
                    IPAddress lower = new IPAddressString(trimmed.substring(0, dash).trim()).toAddress();
                    IPAddress upper = new IPAddressString(trimmed.substring(dash + 1).trim()).toAddress();
                    if (lower.getIPVersion() != upper.getIPVersion()) {
                        throw new IllegalArgumentException("address range '" + text + "' mixes IPv4 and IPv6");
                    }
                    if (lower.compareTo(upper) > 0) {
                        throw new IllegalArgumentException("address range '" + text + "' is reversed");
                    }
                    return new AddressBlock(lower.spanWithRange(upper), trimmed);
                }
                IPAddress address = new IPAddressString(trimmed).toAddress();
                if (address.isMultiple() && !address.isPrefixBlock()) {
                    // A prefix with host bits set (10.0.0.1/8) would silently widen; say so instead.
                    throw new IllegalArgumentException("'" + text + "' has host bits set beyond its prefix; write "
                            + address.toPrefixBlock().toCanonicalWildcardString() + " or the exact address");
                }
                if (address.getNetworkPrefixLength() != null && !address.isPrefixBlock()) {
                    throw new IllegalArgumentException("'" + text + "' has host bits set beyond its prefix; did you mean "
                            + address.toPrefixBlock() + "?");
                }
                return new AddressBlock(address.toSequentialRange(), trimmed);
            } catch (AddressStringException e) {
                // ipaddress's own message names its internals ("IP Address error: ..."); say it in our words.
                throw new IllegalArgumentException("'" + text.trim() + "' is not an IP address, prefix or range", e);
            }
        }
    }

    /** A DNS host name such as {@code icq.mirabilis.com}; resolved by the engine or backend, never here. */
    record HostName(String name) implements HostMatch {
        private static final Pattern LABELS =
                Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\\.?");

        public HostName {
            name = name.trim().toLowerCase(Locale.ROOT);
            if (!LABELS.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid host name");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The addresses (and interfaces) of a zone the policy defines, such as {@code lan} or {@code internet}. */
    record ZoneRef(String zone) implements HostMatch {
        @Override
        public String toString() {
            return "zone:" + zone;
        }
    }

    /**
     * Parses one host entry: {@code zone:NAME}, an address/prefix/range, or else a host name.
     */
    static HostMatch parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("zone:")) {
            return new ZoneRef(trimmed.substring("zone:".length()).trim());
        }
        if (looksLikeAddress(trimmed)) {
            return AddressBlock.parse(trimmed);
        }
        return new HostName(trimmed);
    }

    private static boolean looksLikeAddress(String text) {
        if (text.contains(":")) {
            return true;
        }
        // Host names may contain digits, but never end in a purely numeric label followed by nothing but
        // digits, dots, slashes and dashes.
        return text.matches("[0-9./\\-\\s]+");
    }
}
