package dev.portcullis.classifier;

/**
 * The flat int layout the decision tree scans in its leaves: {@link #STRIDE} ints per rule, rules of a leaf
 * stored back to back in priority order.
 *
 * <p>Each field is stored as {@code lo} and {@code (hi - lo) ^ MIN_VALUE}, so one signed comparison,
 * {@code ((value - lo) ^ MIN_VALUE) <= widthFlipped}, tests {@code lo <= value <= hi} with unsigned
 * arithmetic. That is one compare per field for addresses (unsigned 32-bit), ports and protocol alike.
 * Keeping whole rules inline in the leaf (rather than indexes into a rule table) costs memory for
 * replicated rules but makes a leaf scan one sequential read.
 */
final class PackedRules {

    static final int SRC = 0;
    static final int DST = 2;
    static final int SRC_PORT = 4;
    static final int DST_PORT = 6;
    static final int PROTO = 8;
    static final int PRIORITY = 10;
    /** Index into the classifier's tombstone array; see {@link DecisionTreeClassifier#delete}. */
    static final int SLOT = 11;
    static final int ID = 12;
    static final int STRIDE = 13;

    private PackedRules() {
    }

    static void write(int[] into, int at, RangeRule rule, int slot) {
        into[at + SRC] = rule.srcLo();
        into[at + SRC + 1] = (rule.srcHi() - rule.srcLo()) ^ Integer.MIN_VALUE;
        into[at + DST] = rule.dstLo();
        into[at + DST + 1] = (rule.dstHi() - rule.dstLo()) ^ Integer.MIN_VALUE;
        into[at + SRC_PORT] = rule.srcPortLo();
        into[at + SRC_PORT + 1] = (rule.srcPortHi() - rule.srcPortLo()) ^ Integer.MIN_VALUE;
        into[at + DST_PORT] = rule.dstPortLo();
        into[at + DST_PORT + 1] = (rule.dstPortHi() - rule.dstPortLo()) ^ Integer.MIN_VALUE;
        boolean anyProtocol = rule.protocol() == RangeRule.ANY_PROTOCOL;
        into[at + PROTO] = anyProtocol ? 0 : rule.protocol();
        into[at + PROTO + 1] = (anyProtocol ? 255 : 0) ^ Integer.MIN_VALUE;
        into[at + PRIORITY] = rule.priority();
        into[at + SLOT] = slot;
        into[at + ID] = rule.id();
    }

    static boolean matches(int[] rules, int at, int src, int dst, int srcPort, int dstPort, int protocol) {
        return ((src - rules[at + SRC]) ^ Integer.MIN_VALUE) <= rules[at + SRC + 1]
                && ((dst - rules[at + DST]) ^ Integer.MIN_VALUE) <= rules[at + DST + 1]
                && ((dstPort - rules[at + DST_PORT]) ^ Integer.MIN_VALUE) <= rules[at + DST_PORT + 1]
                && ((srcPort - rules[at + SRC_PORT]) ^ Integer.MIN_VALUE) <= rules[at + SRC_PORT + 1]
                && ((protocol - rules[at + PROTO]) ^ Integer.MIN_VALUE) <= rules[at + PROTO + 1];
    }

    /** A copy of {@code rules} with one packed rule added at its place in priority order. */
    static int[] withRule(int[] rules, RangeRule rule, int slot) {
        int at = 0;
        while (at < rules.length && rules[at + PRIORITY] < rule.priority()) {
            at += STRIDE;
        }
        int[] next = new int[rules.length + STRIDE];
        System.arraycopy(rules, 0, next, 0, at);
        write(next, at, rule, slot);
        System.arraycopy(rules, at, next, at + STRIDE, rules.length - at);
        return next;
    }

    /** A copy of {@code rules} without the packed rule of this slot, or {@code rules} itself if it has none. */
    static int[] withoutSlot(int[] rules, int slot) {
        for (int at = 0; at < rules.length; at += STRIDE) {
            if (rules[at + SLOT] == slot) {
                int[] next = new int[rules.length - STRIDE];
                System.arraycopy(rules, 0, next, 0, at);
                System.arraycopy(rules, at + STRIDE, next, at, rules.length - at - STRIDE);
                return next;
            }
        }
        return rules;
    }
}
