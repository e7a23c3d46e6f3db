package dev.portcullis.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the decision trees of a {@link DecisionTreeClassifier}: HyperSplit-style binary cuts on one field at a
 * time, one tree per group of rules with similar address specificity.
 *
 * <p>Why groups: a rule that is wide in a field is copied into every subtree a cut in that field creates. Putting
 * rules with wide source addresses and rules with narrow ones in the same tree makes the narrow ones force cuts
 * that replicate the wide ones (CutSplit's observation). Four groups (source narrow or wide × destination narrow
 * or wide) keep replication low; the rules narrow in both addresses then join the group narrow in only the source
 * or only the destination, whichever table spreads them better (see {@link #mergeTarget}), so a lookup walks at most
 * three trees. Trees are visited in order of their best priority so a good early match skips the rest.
 *
 * <p>Why bit cuts: see {@link #BIT_CUT_BITS}.
 *
 * <p>Why root tables: see {@link #TABLE_BITS}; they replace the top levels of the trees over rules narrow in an
 * address, which were most of a lookup's dependent loads and mispredicted branches.
 *
 * <p>Why these cuts: at each node, each field proposes seven quantiles of a sample of the rule endpoints inside the
 * node's region; the cut with the smallest (larger child + 4 × rules copied to both children) wins. Sampling keeps the
 * build near O(n log n) (the target is under 200 ms for 100,000 rules); the scoring favours balanced trees without
 * letting wide rules multiply.
 */
final class TreeBuilder {

    /**
     * Leaves hold at most this many rules unless no cut separates them. Measured on the ClassBench 10k sets: 4
     * instead of 8 scans 30-40% fewer rules per lookup for one or two more tree levels; lookup time came out the
     * same within noise, so the smaller leaves stay for their shorter worst case.
     */
    static final int LEAF_SIZE = 4;
    static final int MAX_DEPTH = 40;
    /** Fields, in node encoding: 0 source, 1 destination, 2 source port, 3 destination port, 4 protocol. */
    static final int FIELDS = 5;
    /** An address range of at most 2^16 addresses counts as narrow when grouping. */
    private static final long NARROW_ADDRESS_RANGE = 1L << 16;
    static final int GROUPS = 4;
    private static final int SAMPLE = 128;
    /** Candidate cuts per field: the 1/8 .. 7/8 quantiles of the sampled endpoints. */
    private static final int QUANTILES = 8;
    /**
     * How much a rule copied into both children costs against imbalance. Measured on ClassBench: weight 1
     * copies ipc1_100k's rules 100 times over (560 MB); 4 keeps it near 12 copies per rule for the same lookups.
     */
    private static final long REPLICATION_WEIGHT = 4;
    private static final long[] FIELD_MAX = {0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF, 0xFFFF, 0xFF};

    /**
     * The built trees. Node layout in {@code nodes}: a binary node is 4 ints, {field, threshold, left, right}; a
     * header goes left when its field value is &lt;= threshold. Address thresholds are stored with the sign bit
     * flipped so a signed compare orders them unsigned. A bit-cut node is 1 + {@value #BIT_CUT_CHILDREN} ints,
     * {head, children...}, head as {@link #bitCutHead} makes it (always {@code >= BIT_CUT_FLAG}, so above any
     * field); child {@code (value >>> shift) & BIT_CUT_MASK} is taken. A child or root reference {@code >= 0} is a
     * node offset, a negative one is {@code ~leafIndex}. Trees are listed in order of their best (lowest)
     * priority. {@code treeOfGroup} maps each of the {@value #GROUPS} groups to its tree (or -1); two groups may
     * share one.
     */
    record Forest(int[] nodes, int[] roots, int[] minPriority, int[] treeOfGroup, int[][] leaves,
            int[] tableField, int[] tableShift, int[][] tables) {

        /** The reference a lookup starts from in tree {@code t}: its root, or its table's entry for the header. */
        int start(int t, int src, int dst) {
            int shift = tableShift[t];
            if (shift < 0) {
                return roots[t];
            }
            return tables[t][((tableField[t] == 0 ? src : dst) >>> shift) & TABLE_MASK];
        }
    }

    /**
     * Root tables: a tree over rules narrow in an address field starts with a table indexed by
     * {@value #TABLE_BITS} bits of that address (the bits chosen per tree to spread its rules most evenly),
     * each entry the root of a subtree for the rules overlapping it. One indexed load replaces the top levels
     * of the tree, i.e. several dependent loads and hard-to-predict branches per lookup, as the first stride
     * of DPDK's multi-bit trie does. Only for narrow address fields (ranges under 2^16 addresses), where a
     * rule spans at most a few entries, so replication stays low. 12 bits measured best of 8/10/12 on the
     * ClassBench 10k sets (geometric mean 86 / 77 / 73 ns per lookup in one run, the firewall sets gaining
     * most) and also halves the 100k build time (fewer, smaller subtrees); the price is up to 16 KB of
     * table and mostly empty leaves per tree (10k sets: ~85 instead of ~66 bytes per rule).
     */
    static final int TABLE_BITS = 12;
    static final int TABLE_MASK = (1 << TABLE_BITS) - 1;
    /** A group smaller than this gets a plain tree. */
    private static final int TABLE_MIN_RULES = 64;

    private final RangeRule[] rules;
    private final int[] slots;
    private final long[][] lo = new long[FIELDS][];
    private final long[][] hi = new long[FIELDS][];
    private int[] nodes = new int[1024];
    private int nodeCount;
    private final List<int[]> leaves = new ArrayList<>();
    /** Set while building the tree of rules wide in both addresses; see {@link #split}. */
    private boolean wideAddresses;
    private final long[] candidates = new long[4 * SAMPLE + 4];
    private final long[] childCounts = new long[BIT_CUT_CHILDREN];

    /**
     * Bit cuts: an inner node that indexes 16 children by 4 bits of one field, like a root table in small, so one
     * load replaces several binary levels and their hard-to-predict branches. Tried at nodes of at least
     * {@value #BIT_CUT_MIN_RULES} rules. On the ClassBench 10k acl and ipc sets they take 0.8-1.5 of the 4.7-8.4
     * nodes a lookup visits and replace about twice as many binary ones (acl1 4.7 -> 3.4 nodes per lookup, acl4
     * 8.4 -> 5.9), for 1.3-1.5 stored copies per rule instead of 1.0-1.1. Cuts of 6 or 8 bits were hardly ever
     * worth their size (at most 5% fewer nodes per lookup) and tripled the time spent choosing cuts.
     */
    static final int BIT_CUT_BITS = 4;
    static final int BIT_CUT_CHILDREN = 1 << BIT_CUT_BITS;
    static final int BIT_CUT_MASK = BIT_CUT_CHILDREN - 1;
    /** Set in the first int of a bit-cut node; a binary node's first int is its field, 0..4. */
    static final int BIT_CUT_FLAG = 1 << 30;
    private static final int BIT_CUT_MIN_RULES = 16;
    /**
     * A bit cut may copy the node's rules at most twice over in all, and must leave a header at most half the
     * node's rules (as good as one binary level) to be chosen over a binary cut. Measured on acl1_10k: with these,
     * 3.4 nodes per lookup; with at most 1.5 copies and a quarter left (two binary levels), 4.4 (binary only: 4.7).
     */
    private static final long BIT_CUT_MAX_COPIES_PER_RULE_X4 = 8;
    private static final long BIT_CUT_GAIN = 2;
    private static final int NO_CUT = Integer.MIN_VALUE;

    private TreeBuilder(RangeRule[] rules, int[] slots) {
        this.rules = rules;
        this.slots = slots;
        int n = rules.length;
        for (int f = 0; f < FIELDS; f++) {
            lo[f] = new long[n];
            hi[f] = new long[n];
        }
        for (int i = 0; i < n; i++) {
            RangeRule r = rules[i];
            lo[0][i] = Integer.toUnsignedLong(r.srcLo());
            hi[0][i] = Integer.toUnsignedLong(r.srcHi());
            lo[1][i] = Integer.toUnsignedLong(r.dstLo());
            hi[1][i] = Integer.toUnsignedLong(r.dstHi());
            lo[2][i] = r.srcPortLo();
            hi[2][i] = r.srcPortHi();
            lo[3][i] = r.dstPortLo();
            hi[3][i] = r.dstPortHi();
            boolean any = r.protocol() == RangeRule.ANY_PROTOCOL;
            lo[4][i] = any ? 0 : r.protocol();
            hi[4][i] = any ? 255 : r.protocol();
        }
    }

    /**
     * Builds the trees for rules sorted by ascending priority; {@code slots[i]} is the tombstone slot of
     * {@code rules[i]}.
     */
    static Forest build(RangeRule[] rules, int[] slots) {
        return new TreeBuilder(rules, slots).buildForest();
    }

    /** Which tree a rule belongs in; inserts use it to find the tree a new rule goes to. */
    static int groupOf(RangeRule rule) {
        boolean narrowSrc = Integer.toUnsignedLong(rule.srcHi()) - Integer.toUnsignedLong(rule.srcLo())
                < NARROW_ADDRESS_RANGE;
        boolean narrowDst = Integer.toUnsignedLong(rule.dstHi()) - Integer.toUnsignedLong(rule.dstLo())
                < NARROW_ADDRESS_RANGE;
        return (narrowSrc ? 0 : 2) + (narrowDst ? 0 : 1);
    }

    private Forest buildForest() {
        int n = rules.length;
        int[] groupSizes = new int[GROUPS];
        int[] groupOfRule = new int[n];
        for (int i = 0; i < n; i++) {
            groupOfRule[i] = groupOf(rules[i]);
            groupSizes[groupOfRule[i]]++;
        }
        int[][] members = new int[GROUPS][];
        for (int g = 0; g < GROUPS; g++) {
            members[g] = new int[groupSizes[g]];
        }
        int[] filled = new int[GROUPS];
        for (int i = 0; i < n; i++) {
            int g = groupOfRule[i];
            members[g][filled[g]++] = i;
        }
        // One tree fewer to visit per lookup: ClassBench 10k, 2.0-3.1 trees per lookup become 1.0-2.4 (the acl,
        // fw and ipc sets alike), for a few more nodes on some (acl4: 8.4 -> 7.8 nodes per lookup, fw: same).
        int mergeInto = mergeTarget(members);
        members[mergeInto] = union(members[0], members[mergeInto]);
        members[0] = new int[0];
        // Rules are in priority order, so a group's first member has its best priority.
        Integer[] order = new Integer[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(firstPriority(members[a]), firstPriority(members[b])));

        int trees = 0;
        for (int[] m : members) {
            trees += m.length > 0 ? 1 : 0;
        }
        int[] roots = new int[trees];
        int[] minPriority = new int[trees];
        int[] treeOfGroup = new int[GROUPS];
        Arrays.fill(treeOfGroup, -1);
        int[] tableField = new int[trees];
        int[] tableShift = new int[trees];
        int[][] tables = new int[trees][];
        int t = 0;
        for (int g : order) {
            if (members[g].length == 0) {
                continue;
            }
            long[] regionLo = new long[FIELDS];
            long[] regionHi = FIELD_MAX.clone();
            wideAddresses = g == 3;
            tableShift[t] = -1;
            int[] m = members[g];
            if (m.length >= TABLE_MIN_RULES && g != 3) {
                long[] table = chooseTable(m, g);
                tableField[t] = (int) table[1];
                tableShift[t] = (int) table[2];
            }
            if (tableShift[t] >= 0) {
                tables[t] = buildTable(m, tableField[t], tableShift[t], regionLo, regionHi);
            } else {
                roots[t] = split(m, regionLo, regionHi, 0);
            }
            minPriority[t] = rules[members[g][0]].priority();
            treeOfGroup[g] = t;
            t++;
        }
        treeOfGroup[0] = treeOfGroup[mergeInto];
        return new Forest(Arrays.copyOf(nodes, nodeCount), roots, minPriority, treeOfGroup,
                leaves.toArray(int[][]::new), tableField, tableShift, tables);
    }

    /**
     * Picks the field (source or destination address, whichever the group is narrow in) and the shift of the
     * table bits that minimize the sum over entries of (rules in the entry)^2, the expected rules left per lookup
     * times the number of rules. Returns {cost, field, shift}.
     */
    private long[] chooseTable(int[] m, int group) {
        long[] best = {Long.MAX_VALUE, -1, -1};
        long[] counts = new long[1 << TABLE_BITS];
        for (int f = 0; f <= 1; f++) {
            boolean narrow = f == 0 ? group < 2 : group % 2 == 0;
            if (!narrow) {
                continue;
            }
            for (int shift = 32 - TABLE_BITS; shift >= 16; shift--) {
                Arrays.fill(counts, 0);
                for (int i : m) {
                    long a = lo[f][i] >>> shift;
                    long b = hi[f][i] >>> shift;
                    for (long x = a; x <= b; x++) {
                        counts[(int) (x & TABLE_MASK)]++;
                    }
                }
                long cost = 0;
                for (long c : counts) {
                    cost += c * c;
                }
                if (cost < best[0]) {
                    best[0] = cost;
                    best[1] = f;
                    best[2] = shift;
                }
            }
        }
        return best;
    }

    /**
     * Expected rules a lookup meets in the table entry of a tree over these rules (the table's sum of squares
     * over the rules); a group too small for a table counts all its rules.
     */
    private double entryCost(int[] m, int group) {
        if (m.length < TABLE_MIN_RULES) {
            return m.length;
        }
        return (double) chooseTable(m, group)[0] / m.length;
    }

    /**
     * The group that rules narrow in both addresses (group 0) join, 1 (narrow source) or 2 (narrow destination):
     * whichever leaves fewer rules per table entry over the two trees.
     */
    private int mergeTarget(int[][] members) {
        int[] withSource = union(members[0], members[1]);
        int[] withDestination = union(members[0], members[2]);
        double costSource = entryCost(withSource, 1) + entryCost(members[2], 2);
        double costDestination = entryCost(members[1], 1) + entryCost(withDestination, 2);
        return costSource <= costDestination ? 1 : 2;
    }

    /** The sorted union of two disjoint ascending index lists. */
    private static int[] union(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length || j < b.length) {
            out[k++] = j == b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    private int[] buildTable(int[] m, int field, int shift, long[] regionLo, long[] regionHi) {
        int entries = 1 << TABLE_BITS;
        int[] counts = new int[entries];
        for (int i : m) {
            for (long x = lo[field][i] >>> shift; x <= hi[field][i] >>> shift; x++) {
                counts[(int) (x & TABLE_MASK)]++;
            }
        }
        int[][] byEntry = new int[entries][];
        for (int e = 0; e < entries; e++) {
            byEntry[e] = new int[counts[e]];
        }
        int[] filled = new int[entries];
        for (int i : m) {
            // Ascending i, so each entry's list stays in priority order.
            for (long x = lo[field][i] >>> shift; x <= hi[field][i] >>> shift; x++) {
                int e = (int) (x & TABLE_MASK);
                byEntry[e][filled[e]++] = i;
            }
        }
        int[] table = new int[entries];
        for (int e = 0; e < entries; e++) {
            // The entry is not one interval of the field (other bits above and below vary), so each subtree
            // starts from the whole region.
            table[e] = split(byEntry[e], regionLo, regionHi.clone(), 0);
        }
        return table;
    }

    private int firstPriority(int[] members) {
        return members.length == 0 ? Integer.MAX_VALUE : rules[members[0]].priority();
    }

    /** Builds the subtree for the rules {@code idx} (ascending, so in priority order) and returns its reference. */
    private int split(int[] idx, long[] regionLo, long[] regionHi, int depth) {
        int n = idx.length;
        if (n <= LEAF_SIZE || depth >= MAX_DEPTH) {
            return leaf(idx);
        }
        if (n >= BIT_CUT_MIN_RULES) {
            int ref = bitCut(idx, regionLo, regionHi, depth);
            if (ref != NO_CUT) {
                return ref;
            }
        }
        int bestField = -1;
        long bestThreshold = 0;
        long bestCost = Long.MAX_VALUE;
        int bestLeft = 0;
        int bestRight = 0;
        for (int f = 0; f < FIELDS; f++) {
            if (regionLo[f] == regionHi[f]) {
                continue;
            }
            int c = sampleEndpoints(idx, f, regionLo[f], regionHi[f]);
            if (c == 0) {
                continue;
            }
            Arrays.sort(candidates, 0, c);
            long previous = -1;
            for (int q = 1; q < QUANTILES; q++) {
                long threshold = candidates[Math.min(c - 1, c * q / QUANTILES)];
                if (threshold == previous) {
                    continue;
                }
                previous = threshold;
                long[] fieldLo = lo[f];
                long[] fieldHi = hi[f];
                int left = 0;
                int right = 0;
                for (int i : idx) {
                    left += fieldLo[i] <= threshold ? 1 : 0;
                    right += fieldHi[i] > threshold ? 1 : 0;
                }
                if (wideAddresses && f <= 1 && left + right > n) {
                    // Rules wide in both addresses nest (/1 inside /0 inside ...): address cuts would copy
                    // them into most leaves (ClassBench acl2_10k: ~800 copies per rule). Their ports and
                    // protocol separate them at little cost instead.
                    continue;
                }
                long cost = Math.max(left, right) + REPLICATION_WEIGHT * (left + right - n);
                if (cost < bestCost) {
                    bestCost = cost;
                    bestField = f;
                    bestThreshold = threshold;
                    bestLeft = left;
                    bestRight = right;
                }
            }
        }
        if (bestField < 0 || Math.max(bestLeft, bestRight) >= n) {
            return leaf(idx);
        }
        int[] leftRules = new int[bestLeft];
        int[] rightRules = new int[bestRight];
        int l = 0;
        int r = 0;
        for (int i : idx) {
            if (lo[bestField][i] <= bestThreshold) {
                leftRules[l++] = i;
            }
            if (hi[bestField][i] > bestThreshold) {
                rightRules[r++] = i;
            }
        }
        int node = allocateNode();
        nodes[node] = bestField;
        nodes[node + 1] = bestField <= 1 ? (int) bestThreshold ^ Integer.MIN_VALUE : (int) bestThreshold;

        long[] leftHi = regionHi.clone();
        leftHi[bestField] = bestThreshold;
        int leftRef = split(leftRules, regionLo, leftHi, depth + 1);
        long[] rightLo = regionLo.clone();
        rightLo[bestField] = bestThreshold + 1;
        int rightRef = split(rightRules, rightLo, regionHi, depth + 1);
        nodes[node + 2] = leftRef;
        nodes[node + 3] = rightRef;
        return node;
    }

    /**
     * Fills {@link #candidates} with cut points from a sample of the rules: for a rule clipped to the region as
     * [a, b], cutting at a - 1 or at b separates it from its neighbours. Returns how many.
     */
    private int sampleEndpoints(int[] idx, int field, long regionLo, long regionHi) {
        int n = idx.length;
        int step = Math.max(1, n / SAMPLE);
        int c = 0;
        for (int k = 0; k < n && c < candidates.length - 1; k += step) {
            int i = idx[k];
            long a = Math.max(lo[field][i], regionLo);
            long b = Math.min(hi[field][i], regionHi);
            if (a > regionLo) {
                candidates[c++] = a - 1;
            }
            if (b < regionHi) {
                candidates[c++] = b;
            }
        }
        return c;
    }

    private int allocateNode() {
        return allocateNode(4);
    }

    private int allocateNode(int size) {
        while (nodeCount + size > nodes.length) {
            nodes = Arrays.copyOf(nodes, nodes.length * 2);
        }
        int node = nodeCount;
        nodeCount += size;
        return node;
    }

    /**
     * Tries a bit cut at this node: {@value #BIT_CUT_BITS} bits of one field pick one of
     * {@value #BIT_CUT_CHILDREN} children. Returns the node's reference, or {@link #NO_CUT} when no field and bit
     * position spreads the rules well enough without copying too many.
     */
    private int bitCut(int[] idx, long[] regionLo, long[] regionHi, int depth) {
        int n = idx.length;
        int step = Math.max(1, n / SAMPLE);
        int sampled = (n + step - 1) / step;
        int bestField = -1;
        int bestShift = 0;
        long bestCost = Long.MAX_VALUE;
        for (int f = 0; f < FIELDS - 1; f++) {
            if (regionLo[f] == regionHi[f] || (wideAddresses && f <= 1)) {
                continue; // wide rules nest in both addresses; see the same test in split
            }
            // Address cuts stay below the sign bit, where the lookup's sign-flipped value has the same bits.
            int width = f <= 1 ? 31 : 16;
            for (int shift = width - BIT_CUT_BITS; shift >= 0; shift--) {
                if (regionLo[f] >>> shift == regionHi[f] >>> shift) {
                    break; // this and every lower position puts the whole region in one child
                }
                long copies = countChildren(idx, step, f, shift, regionLo[f], regionHi[f]);
                if (copies * 4 > sampled * BIT_CUT_MAX_COPIES_PER_RULE_X4) {
                    continue;
                }
                long sumOfSquares = 0;
                for (long c : childCounts) {
                    sumOfSquares += c * c;
                }
                if (sumOfSquares < bestCost) {
                    bestCost = sumOfSquares;
                    bestField = f;
                    bestShift = shift;
                }
            }
        }
        // Expected rules left in the child a header reaches: sum of squares / sampled.
        if (bestField < 0 || bestCost * BIT_CUT_GAIN > (long) sampled * sampled) {
            return NO_CUT;
        }
        int f = bestField;
        int shift = bestShift;
        int bits = BIT_CUT_BITS;
        int children = BIT_CUT_CHILDREN;
        countChildren(idx, 1, f, shift, regionLo[f], regionHi[f]);
        int[][] byChild = new int[children][];
        for (int c = 0; c < children; c++) {
            byChild[c] = new int[(int) childCounts[c]];
        }
        int[] filled = new int[children];
        for (int i : idx) {
            long a = Math.max(lo[f][i], regionLo[f]) >>> shift;
            long b = Math.min(hi[f][i], regionHi[f]) >>> shift;
            if (b - a >= children - 1) {
                a = 0;
                b = children - 1;
            }
            for (long x = a; x <= b; x++) {
                int c = (int) (x & (children - 1));
                byChild[c][filled[c]++] = i;
            }
        }
        int node = allocateNode(1 + children);
        nodes[node] = bitCutHead(f, shift);
        // Children are intervals of the field when the bits above the cut are the same over the whole region.
        boolean intervals = regionLo[f] >>> (shift + bits) == regionHi[f] >>> (shift + bits);
        for (int c = 0; c < children; c++) {
            long[] childLo = regionLo.clone();
            long[] childHi = regionHi.clone();
            if (intervals) {
                long base = ((regionLo[f] >>> (shift + bits) << bits) | c) << shift;
                childLo[f] = Math.max(regionLo[f], base);
                childHi[f] = Math.min(regionHi[f], base + (1L << shift) - 1);
                if (childLo[f] > childHi[f]) {
                    childLo[f] = regionLo[f]; // no header reaches this child; any region will do
                    childHi[f] = regionHi[f];
                }
            }
            int ref = split(byChild[c], childLo, childHi, depth + 1);
            nodes[node + 1 + c] = ref;
        }
        return node;
    }

    /**
     * Fills {@link #childCounts} with how many of every {@code step}-th rule of {@code idx} each child of a bit
     * cut at {@code shift} in field {@code f} would hold; returns their sum.
     */
    private long countChildren(int[] idx, int step, int f, int shift, long regionLo, long regionHi) {
        Arrays.fill(childCounts, 0);
        long everywhere = 0;
        long copies = 0;
        for (int k = 0; k < idx.length; k += step) {
            int i = idx[k];
            long a = Math.max(lo[f][i], regionLo) >>> shift;
            long b = Math.min(hi[f][i], regionHi) >>> shift;
            if (b - a >= BIT_CUT_MASK) {
                everywhere++;
                continue;
            }
            for (long x = a; x <= b; x++) {
                childCounts[(int) (x & BIT_CUT_MASK)]++;
            }
            copies += b - a + 1;
        }
        for (int c = 0; c < BIT_CUT_CHILDREN; c++) {
            childCounts[c] += everywhere;
        }
        return copies + everywhere * BIT_CUT_CHILDREN;
    }

    /** The first int of a bit-cut node: {@link #BIT_CUT_FLAG}, the shift from bit 3, the field in bits 0-2. */
    static int bitCutHead(int field, int shift) {
        return BIT_CUT_FLAG | shift << 3 | field;
    }

    private int leaf(int[] idx) {
        int[] packed = new int[idx.length * PackedRules.STRIDE];
        for (int k = 0; k < idx.length; k++) {
            PackedRules.write(packed, k * PackedRules.STRIDE, rules[idx[k]], slots[idx[k]]);
        }
        leaves.add(packed);
        return ~(leaves.size() - 1);
    }
}
