package dev.portcullis.analysis;

import java.util.Arrays;

/**
 * A small reduced ordered binary decision diagram package: nodes are ints into parallel arrays, a hash table
 * keeps them unique (so two BDDs are the same set exactly when they are the same int) and a direct-mapped cache
 * memoises the binary operations.
 *
 * <p>Why our own: the analyses need only and, or, difference, one satisfying assignment and a walk over the
 * nodes; the Java BDD libraries on Maven Central are either unmaintained (JavaBDD 1.0b2, 2007) or not published
 * there (JDD). About 200 lines of int arrays is faster than a wrapper-object API and has no native code.
 *
 * <p>Garbage is collected only when the owner asks, at a point where it can name every set it still needs
 * ({@link #collect}); surviving nodes keep their numbers. Not thread-safe.
 */
final class Bdd {
    static final int FALSE = 0;
    static final int TRUE = 1;

    private static final int OP_AND = 1;
    private static final int OP_OR = 2;
    private static final int OP_DIFF = 3;
    private static final int OP_SUBSET = 4;
    private static final int OP_DISJOINT = 5;

    private final int varCount;
    private int[] var;
    private int[] low;
    private int[] high;
    private int size;

    /** Freed nodes, linked through {@code low}; their {@code var} is -1. */
    private int freeHead = -1;
    private int freeCount;

    private int[] unique;
    private int uniqueMask;

    private final int[] cacheA;
    private final int[] cacheB;
    private final int[] cacheResult;
    private final int cacheMask;

    Bdd(int varCount) {
        this(varCount, 1 << 20);
    }

    Bdd(int varCount, int cacheSize) {
        this.varCount = varCount;
        int capacity = 1 << 16;
        var = new int[capacity];
        low = new int[capacity];
        high = new int[capacity];
        var[FALSE] = varCount;
        var[TRUE] = varCount;
        size = 2;
        unique = new int[capacity * 2];
        Arrays.fill(unique, -1);
        uniqueMask = unique.length - 1;
        int cache = Integer.highestOneBit(Math.max(1024, cacheSize));
        cacheA = new int[cache];
        cacheB = new int[cache];
        cacheResult = new int[cache];
        Arrays.fill(cacheA, -1);
        cacheMask = cache - 1;
    }

    int varCount() {
        return varCount;
    }

    /** How many nodes were ever made (a measure of the work done). */
    int nodeCount() {
        return size;
    }

    /** Nodes in use (made and not freed). */
    int liveNodes() {
        return size - freeCount;
    }

    /**
     * Frees every node that no root reaches. Call only between operations, with every set still needed among
     * the roots: any other node number held anywhere becomes invalid. The operation cache is cleared.
     */
    void collect(int[]... roots) {
        boolean[] marked = new boolean[size];
        int[] stack = new int[1024];
        for (int[] group : roots) {
            for (int root : group) {
                int top = 0;
                stack[top++] = root;
                while (top > 0) {
                    int node = stack[--top];
                    if (node <= TRUE || marked[node]) {
                        continue;
                    }
                    marked[node] = true;
                    if (top + 2 > stack.length) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[top++] = low[node];
                    stack[top++] = high[node];
                }
            }
        }
        Arrays.fill(unique, -1);
        Arrays.fill(cacheA, -1);
        freeHead = -1;
        freeCount = 0;
        for (int node = size - 1; node >= 2; node--) {
            if (marked[node]) {
                int slot = hash(var[node], low[node], high[node]) & uniqueMask;
                while (unique[slot] >= 0) {
                    slot = (slot + 1) & uniqueMask;
                }
                unique[slot] = node;
            } else {
                var[node] = -1;
                low[node] = freeHead;
                high[node] = FALSE;
                freeHead = node;
                freeCount++;
            }
        }
    }

    int var(int node) {
        return var[node];
    }

    int low(int node) {
        return low[node];
    }

    int high(int node) {
        return high[node];
    }

    /** The single variable {@code v} (true when the bit is 1). */
    int ithVar(int v) {
        return mk(v, FALSE, TRUE);
    }

    int nithVar(int v) {
        return mk(v, TRUE, FALSE);
    }

    /** The node testing {@code v} with the given branches; callers guarantee both branches test only later variables. */
    int mk(int v, int lo, int hi) {
        if (lo == hi) {
            return lo;
        }
        int slot = hash(v, lo, hi) & uniqueMask;
        while (true) {
            int node = unique[slot];
            if (node < 0) {
                break;
            }
            if (var[node] == v && low[node] == lo && high[node] == hi) {
                return node;
            }
            slot = (slot + 1) & uniqueMask;
        }
        int node;
        if (freeHead >= 0) {
            node = freeHead;
            freeHead = low[node];
            freeCount--;
        } else {
            if (size == var.length) {
                grow();
                slot = hash(v, lo, hi) & uniqueMask;
                while (unique[slot] >= 0) {
                    slot = (slot + 1) & uniqueMask;
                }
            }
            node = size++;
        }
        var[node] = v;
        low[node] = lo;
        high[node] = hi;
        unique[slot] = node;
        return node;
    }

    private static int hash(int v, int lo, int hi) {
        int h = v * 0x9E3779B1 + lo * 0x85EBCA77 + hi * 0xC2B2AE3D;
        return h ^ (h >>> 15);
    }

    private void grow() {
        int capacity = var.length * 2;
        var = Arrays.copyOf(var, capacity);
        low = Arrays.copyOf(low, capacity);
        high = Arrays.copyOf(high, capacity);
        unique = new int[capacity * 2];
        Arrays.fill(unique, -1);
        uniqueMask = unique.length - 1;
        for (int node = 2; node < size; node++) {
            if (var[node] < 0) {
                continue;
            }
            int slot = hash(var[node], low[node], high[node]) & uniqueMask;
            while (unique[slot] >= 0) {
                slot = (slot + 1) & uniqueMask;
            }
            unique[slot] = node;
        }
    }

    int and(int a, int b) {
        return apply(OP_AND, a, b);
    }

    int or(int a, int b) {
        return apply(OP_OR, a, b);
    }

    /** {@code a} and not {@code b}. */
    int diff(int a, int b) {
        return apply(OP_DIFF, a, b);
    }

    int not(int a) {
        return apply(OP_DIFF, TRUE, a);
    }

    /** Whether every element of {@code a} is in {@code b}; builds no node (answers are cached, not sets). */
    boolean isSubset(int a, int b) {
        if (a == FALSE || b == TRUE || a == b) {
            return true;
        }
        if (a == TRUE || b == FALSE) {
            return false;
        }
        int slot = hash(OP_SUBSET, a, b) & cacheMask;
        int keyB = (b << 3) | OP_SUBSET;
        if (cacheA[slot] == a && cacheB[slot] == keyB) {
            return true; // only "yes" answers are cached: a "no" returns at once all the way up
        }
        int va = var[a];
        int vb = var[b];
        int v = Math.min(va, vb);
        boolean result = isSubset(va == v ? low[a] : a, vb == v ? low[b] : b)
                && isSubset(va == v ? high[a] : a, vb == v ? high[b] : b);
        if (result) {
            cacheA[slot] = a;
            cacheB[slot] = keyB;
            cacheResult[slot] = TRUE;
        }
        return result;
    }

    /** Whether the sets share an element; builds no node. */
    boolean intersects(int a, int b) {
        if (a == FALSE || b == FALSE) {
            return false;
        }
        if (a == TRUE || b == TRUE || a == b) {
            return true;
        }
        if (a > b) {
            int t = a;
            a = b;
            b = t;
        }
        int slot = hash(OP_DISJOINT, a, b) & cacheMask;
        int keyB = (b << 3) | OP_DISJOINT;
        if (cacheA[slot] == a && cacheB[slot] == keyB) {
            return cacheResult[slot] == TRUE;
        }
        int va = var[a];
        int vb = var[b];
        int v = Math.min(va, vb);
        boolean result = intersects(va == v ? low[a] : a, vb == v ? low[b] : b)
                || intersects(va == v ? high[a] : a, vb == v ? high[b] : b);
        // Both answers: a "yes" returns at once all the way up, but the same two sets are asked again (a rule's
        // reach against each example preference, once per finding of that rule), and a "yes" search is not free.
        cacheA[slot] = a;
        cacheB[slot] = keyB;
        cacheResult[slot] = result ? TRUE : FALSE;
        return result;
    }

    private int apply(int op, int a, int b) {
        switch (op) {
            case OP_AND -> {
                if (a == FALSE || b == FALSE) {
                    return FALSE;
                }
                if (a == TRUE || a == b) {
                    return b;
                }
                if (b == TRUE) {
                    return a;
                }
                if (a > b) {
                    int t = a;
                    a = b;
                    b = t;
                }
            }
            case OP_OR -> {
                if (a == TRUE || b == TRUE) {
                    return TRUE;
                }
                if (a == FALSE || a == b) {
                    return b;
                }
                if (b == FALSE) {
                    return a;
                }
                if (a > b) {
                    int t = a;
                    a = b;
                    b = t;
                }
            }
            default -> {
                if (a == FALSE || b == TRUE || a == b) {
                    return FALSE;
                }
                if (b == FALSE) {
                    return a;
                }
            }
        }
        int keyB = (b << 3) | op;
        int slot = (hash(op, a, b)) & cacheMask;
        if (cacheA[slot] == a && cacheB[slot] == keyB) {
            return cacheResult[slot];
        }
        int va = var[a];
        int vb = var[b];
        int v = Math.min(va, vb);
        int aLow = va == v ? low[a] : a;
        int aHigh = va == v ? high[a] : a;
        int bLow = vb == v ? low[b] : b;
        int bHigh = vb == v ? high[b] : b;
        int lo = apply(op, aLow, bLow);
        int hi = apply(op, aHigh, bHigh);
        int result = mk(v, lo, hi);
        cacheA[slot] = a;
        cacheB[slot] = keyB;
        cacheResult[slot] = result;
        return result;
    }

    /**
     * One assignment in the set, as bits indexed by variable; variables the set does not constrain are 0, and
     * at each node the 0 branch is preferred, so examples use the smallest values that work.
     */
    boolean[] anyAssignment(int node) {
        if (node == FALSE) {
            throw new IllegalArgumentException("the empty set has no element");
        }
        boolean[] bits = new boolean[varCount];
        while (node != TRUE) {
            if (low[node] != FALSE) {
                node = low[node];
            } else {
                bits[var[node]] = true;
                node = high[node];
            }
        }
        return bits;
    }

    /**
     * The first assignment, in variable order with 0 before 1 (unconstrained variables 0), that lies in all three
     * sets, or {@code null} when they share none; builds no node. The same assignment as {@link #anyAssignment(int)}
     * on their intersection, found by one depth-first walk of the three diagrams together that remembers the
     * triples it has seen fail, so it visits each at most once. Why not build the intersection, or test each
     * step's low branch for a common element before taking it (the former way): the report asks for one example
     * per finding, millions on large rule sets, and that made examples most of the conflict listing's time
     * (fw1_10k: 35 s for 1.37 M examples, now about 5 s).
     */
    boolean[] firstCommonAssignment(int a, int b, int c) {
        boolean[] bits = new boolean[varCount];
        return firstCommon(a, b, c, bits, new TripleSet()) ? bits : null;
    }

    private boolean firstCommon(int a, int b, int c, boolean[] bits, TripleSet failed) {
        if (a == FALSE || b == FALSE || c == FALSE) {
            return false;
        }
        if (a == TRUE && b == TRUE && c == TRUE) {
            return true;
        }
        if (failed.contains(a, b, c)) {
            return false;
        }
        int va = var[a];
        int vb = var[b];
        int vc = var[c];
        int v = Math.min(va, Math.min(vb, vc));
        if (firstCommon(va == v ? low[a] : a, vb == v ? low[b] : b, vc == v ? low[c] : c, bits, failed)) {
            return true;
        }
        bits[v] = true;
        if (firstCommon(va == v ? high[a] : a, vb == v ? high[b] : b, vc == v ? high[c] : c, bits, failed)) {
            return true;
        }
        bits[v] = false;
        failed.add(a, b, c);
        return false;
    }

    /** A growable open-addressing set of node triples. */
    private static final class TripleSet {
        // Allocated on the first failure: most searches succeed at once and should cost no table.
        private int[] keys;
        private int count;

        boolean contains(int a, int b, int c) {
            if (keys == null) {
                return false;
            }
            int mask = keys.length / 3 - 1;
            for (int slot = hash(a, b, c) & mask; ; slot = (slot + 1) & mask) {
                int at = 3 * slot;
                if (keys[at] == 0) {
                    return false; // node 0 is FALSE, never stored: an empty slot
                }
                if (keys[at] == a && keys[at + 1] == b && keys[at + 2] == c) {
                    return true;
                }
            }
        }

        void add(int a, int b, int c) {
            if (keys == null) {
                keys = new int[3 * 64];
            }
            if (2 * (count + 1) > keys.length / 3) {
                int[] old = keys;
                keys = new int[old.length * 2];
                count = 0;
                for (int at = 0; at < old.length; at += 3) {
                    if (old[at] != 0) {
                        add(old[at], old[at + 1], old[at + 2]);
                    }
                }
            }
            int mask = keys.length / 3 - 1;
            int slot = hash(a, b, c) & mask;
            while (keys[3 * slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[3 * slot] = a;
            keys[3 * slot + 1] = b;
            keys[3 * slot + 2] = c;
            count++;
        }
    }

    /** Whether the assignment is in the set. */
    boolean contains(int node, boolean[] bits) {
        while (node > TRUE) {
            node = bits[var[node]] ? high[node] : low[node];
        }
        return node == TRUE;
    }
}
