package dev.portcullis.classifier;

/**
 * First-match packet classification over {@link RangeRule}s: the matching rule with the lowest priority wins.
 *
 * <p>This is the IPv4 fast path: a header is five {@code int}s, so a lookup allocates nothing. IPv6 is not
 * squeezed into it; the engine keeps IPv6 rules in a separate path (today a linear scan over the model's rules;
 * a tree over 128-bit keys would split each address into four 32-bit dimensions with the same builder), so
 * nothing here has to change when that path gets faster.
 *
 * <p>Implementations are safe for any number of concurrent {@link #firstMatch} callers plus updaters:
 * a lookup that runs concurrently with an update sees the rule set either before or after it.
 */
public interface Classifier {

    /** The value {@link #firstMatch} returns when no rule matches. */
    int NO_MATCH = -1;

    /**
     * The id of the lowest-priority rule matching the header, or {@link #NO_MATCH}.
     *
     * @param src      source address, 32 bits, compared unsigned
     * @param dst      destination address, 32 bits, compared unsigned
     * @param srcPort  0..65535
     * @param dstPort  0..65535
     * @param protocol 0..255
     */
    int firstMatch(int src, int dst, int srcPort, int dstPort, int protocol);

    /**
     * Adds a rule. Its id and priority must not be in use by a rule still present.
     *
     * @throws IllegalArgumentException if the id or the priority is already in use
     */
    void insert(RangeRule rule);

    /** Removes the rule with this id; returns whether there was one. */
    boolean delete(int id);

    /** How many rules are present. */
    int size();
}
