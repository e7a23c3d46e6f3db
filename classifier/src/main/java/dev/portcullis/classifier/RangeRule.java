package dev.portcullis.classifier;

/**
 * One IPv4 5-tuple rule made of inclusive ranges, as the classifiers see it.
 *
 * <p>Addresses are 32-bit values compared <em>unsigned</em> ({@code 0xFFFFFFFF} is 255.255.255.255), so a
 * prefix {@code a/len} becomes the range {@code [a & mask, a | ~mask]} (see {@link #ofPrefixes}). Ports are
 * 0..65535; the protocol is one value 0..255 or {@link #ANY_PROTOCOL}.
 *
 * <p>{@code priority} orders rules: the matching rule with the lowest priority wins. {@code id} is the
 * caller's payload: what {@link Classifier#firstMatch} returns, and the key for {@link Classifier#delete}.
 * Within one classifier, ids and priorities are each unique.
 */
public record RangeRule(
        int srcLo, int srcHi,
        int dstLo, int dstHi,
        int srcPortLo, int srcPortHi,
        int dstPortLo, int dstPortHi,
        int protocol,
        int priority,
        int id) {

    /** The protocol value that matches every protocol. */
    public static final int ANY_PROTOCOL = -1;

    public RangeRule {
        if (Integer.compareUnsigned(srcLo, srcHi) > 0) {
            throw new IllegalArgumentException("source range is empty: " + u(srcLo) + " > " + u(srcHi));
        }
        if (Integer.compareUnsigned(dstLo, dstHi) > 0) {
            throw new IllegalArgumentException("destination range is empty: " + u(dstLo) + " > " + u(dstHi));
        }
        checkPorts("source", srcPortLo, srcPortHi);
        checkPorts("destination", dstPortLo, dstPortHi);
        if (protocol < ANY_PROTOCOL || protocol > 255) {
            throw new IllegalArgumentException("protocol must be 0..255 or ANY_PROTOCOL (-1): " + protocol);
        }
    }

    /** A rule from address prefixes ({@code len} 0..32), the form ClassBench and most ACLs use. */
    public static RangeRule ofPrefixes(int src, int srcLen, int dst, int dstLen,
                                       int srcPortLo, int srcPortHi, int dstPortLo, int dstPortHi,
                                       int protocol, int priority, int id) {
        int srcMask = prefixMask(srcLen);
        int dstMask = prefixMask(dstLen);
        return new RangeRule(src & srcMask, src | ~srcMask, dst & dstMask, dst | ~dstMask,
                srcPortLo, srcPortHi, dstPortLo, dstPortHi, protocol, priority, id);
    }

    /** The network mask of a prefix length: 0 gives 0 (everything), 32 gives all ones (one address). */
    public static int prefixMask(int len) {
        if (len < 0 || len > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + len);
        }
        return len == 0 ? 0 : -1 << (32 - len);
    }

    /** Whether this rule matches the header; the definition every classifier must agree with. */
    public boolean matches(int src, int dst, int srcPort, int dstPort, int proto) {
        return Integer.compareUnsigned(src, srcLo) >= 0 && Integer.compareUnsigned(src, srcHi) <= 0
                && Integer.compareUnsigned(dst, dstLo) >= 0 && Integer.compareUnsigned(dst, dstHi) <= 0
                && srcPort >= srcPortLo && srcPort <= srcPortHi
                && dstPort >= dstPortLo && dstPort <= dstPortHi
                && (protocol == ANY_PROTOCOL || protocol == proto);
    }

    private static void checkPorts(String which, int lo, int hi) {
        if (lo < 0 || hi > 65535 || lo > hi) {
            throw new IllegalArgumentException(which + " port range must be within 0..65535 and not empty: "
                    + lo + " : " + hi);
        }
    }

    private static long u(int value) {
        return Integer.toUnsignedLong(value);
    }
}
