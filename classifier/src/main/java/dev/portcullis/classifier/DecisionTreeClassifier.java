package dev.portcullis.classifier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fast classifier: a few HyperSplit-style decision trees over packed int arrays (see {@link TreeBuilder}),
 * with updates applied in place so they cost microseconds, not a rebuild.
 *
 * <p>Lookup: for each tree whose best priority can still beat the best match so far, start at its root (or at
 * the entry of its root table for the header's address bits, see {@link TreeBuilder#TABLE_BITS}), walk to one
 * leaf (one compare per binary level, one indexed load per bit-cut level, see {@link TreeBuilder#BIT_CUT_BITS})
 * and scan the leaf's packed rules in priority order until the first match ({@link PackedRules}). Then scan the
 * short list of pending rules. No allocation, no locks.
 *
 * <p>Insert: walk the new rule's tree from the root to every leaf whose region it overlaps and replace each such
 * leaf by a copy with the rule added. A rule that overlaps more than {@value #MAX_LEAVES_PER_INSERT} leaves (a
 * wide rule, or one whose tree does not exist yet) goes to the pending list instead, which every lookup scans;
 * when that list reaches {@value #MAX_PENDING} rules the trees are rebuilt from all live rules.
 *
 * <p>Delete: the same walk finds the leaves holding the rule and replaces them by copies without it. A rule held
 * by more leaves than that (a wide rule the builder replicated) is only marked dead in a tombstone array that
 * lookups check when a rule matches; its copies stay until the next {@link #rebuild}, which the owner may call
 * when memory matters. So repeated inserts and deletes of ordinary rules keep the structure the same size.
 *
 * <p>Concurrency: any number of lookup threads, updates serialized by this object's monitor. Leaves are never
 * modified, only replaced (release store, read with acquire), and the rest of the state is republished through a
 * volatile field after each update, so a lookup sees every update that finished before it started.
 */
public final class DecisionTreeClassifier implements Classifier {

    private static final VarHandle LEAF = MethodHandles.arrayElementVarHandle(int[][].class);
    /** Beyond this, copying leaves costs more than scanning the rule as a pending one. */
    static final int MAX_LEAVES_PER_INSERT = 32;
    /** Pending rules are scanned by every lookup, so the list stays short. */
    static final int MAX_PENDING = 32;
    private static final int STRIDE = PackedRules.STRIDE;

    /** What lookups read. Arrays are shared between successive states; see the class comment. */
    private record State(TreeBuilder.Forest forest, int[] pending, byte[] dead) {
    }

    private volatile State state;

    // Writer side, guarded by this.
    private RangeRule[] bySlot;
    private int nextSlot;
    private final Map<Integer, Integer> slotById = new HashMap<>();
    private final Set<Integer> prioritiesInUse = new HashSet<>();
    private int[] freeSlots;
    private int freeSlotCount;
    private final int[] foundLeaves = new int[MAX_LEAVES_PER_INSERT];
    private int foundLeafCount;
    private int pushedDepth;
    private final int[] stack = new int[2 * TreeBuilder.MAX_DEPTH + MAX_LEAVES_PER_INSERT + 4];

    /** Builds the classifier for these rules; ids and priorities must each be unique. */
    public DecisionTreeClassifier(Collection<RangeRule> rules) {
        RangeRule[] initial = rules.toArray(RangeRule[]::new);
        for (RangeRule rule : initial) {
            claim(rule);
        }
        rebuildFrom(initial);
    }

    @Override
    public int firstMatch(int src, int dst, int srcPort, int dstPort, int protocol) {
        State s = state;
        TreeBuilder.Forest forest = s.forest;
        int[] nodes = forest.nodes();
        int[] roots = forest.roots();
        int[] minPriority = forest.minPriority();
        int[][] leaves = forest.leaves();
        byte[] dead = s.dead;
        int flippedSrc = src ^ Integer.MIN_VALUE;
        int flippedDst = dst ^ Integer.MIN_VALUE;
        int bestPriority = Integer.MAX_VALUE;
        int bestId = NO_MATCH;
        for (int t = 0; t < roots.length; t++) {
            if (minPriority[t] >= bestPriority) {
                continue;
            }
            int ref = forest.start(t, src, dst);
            while (ref >= 0) {
                // Branches, not masks: a branch-free version measured slower, since it serializes the loads that
                // speculation would start early.
                int head = nodes[ref];
                int field = head & 7;
                int value = field == 0 ? flippedSrc
                        : field == 1 ? flippedDst
                        : field == 2 ? srcPort
                        : field == 3 ? dstPort
                        : protocol;
                if (head < TreeBuilder.BIT_CUT_FLAG) {
                    ref = value <= nodes[ref + 1] ? nodes[ref + 2] : nodes[ref + 3];
                } else {
                    ref = nodes[ref + 1 + ((value >>> (head >>> 3)) & TreeBuilder.BIT_CUT_MASK)];
                }
            }
            int[] leaf = (int[]) LEAF.getAcquire(leaves, ~ref);
            for (int at = 0; at < leaf.length; at += STRIDE) {
                int priority = leaf[at + PackedRules.PRIORITY];
                if (priority >= bestPriority) {
                    break;
                }
                if (PackedRules.matches(leaf, at, src, dst, srcPort, dstPort, protocol)
                        && !isDead(dead, leaf[at + PackedRules.SLOT])) {
                    bestPriority = priority;
                    bestId = leaf[at + PackedRules.ID];
                    break;
                }
            }
        }
        int[] pending = s.pending;
        for (int at = 0; at < pending.length; at += STRIDE) {
            if (pending[at + PackedRules.PRIORITY] >= bestPriority) {
                break;
            }
            if (PackedRules.matches(pending, at, src, dst, srcPort, dstPort, protocol)
                    && !isDead(dead, pending[at + PackedRules.SLOT])) {
                return pending[at + PackedRules.ID];
            }
        }
        return bestId;
    }

    private static boolean isDead(byte[] dead, int slot) {
        // A slot beyond this state's array belongs to a rule inserted after the state was read: alive.
        return slot < dead.length && dead[slot] != 0;
    }

    @Override
    public synchronized void insert(RangeRule rule) {
        claim(rule);
        State s = state;
        int slot;
        if (freeSlotCount > 0) {
            // Only slots whose rule was removed from every leaf are free, so no stale copy can carry it.
            slot = freeSlots[--freeSlotCount];
        } else {
            slot = nextSlot++;
            if (slot >= bySlot.length) {
                bySlot = Arrays.copyOf(bySlot, bySlot.length * 2);
                freeSlots = Arrays.copyOf(freeSlots, bySlot.length);
                s = new State(s.forest, s.pending, Arrays.copyOf(s.dead, bySlot.length));
            }
        }
        bySlot[slot] = rule;
        slotById.put(rule.id(), slot);
        int tree = s.forest.treeOfGroup()[TreeBuilder.groupOf(rule)];
        if (tree >= 0 && findLeaves(s.forest, tree, rule)) {
            int[][] leaves = s.forest.leaves();
            for (int k = 0; k < foundLeafCount; k++) {
                int leaf = foundLeaves[k];
                LEAF.setRelease(leaves, leaf, PackedRules.withRule(leaves[leaf], rule, slot));
            }
            int[] minPriority = s.forest.minPriority();
            minPriority[tree] = Math.min(minPriority[tree], rule.priority());
            state = s;
        } else if (s.pending.length / STRIDE < MAX_PENDING) {
            state = new State(s.forest, PackedRules.withRule(s.pending, rule, slot), s.dead);
        } else {
            state = s;
            rebuild();
        }
    }

    @Override
    public synchronized boolean delete(int id) {
        Integer boxedSlot = slotById.remove(id);
        if (boxedSlot == null) {
            return false;
        }
        int slot = boxedSlot;
        RangeRule rule = bySlot[slot];
        prioritiesInUse.remove(rule.priority());
        bySlot[slot] = null;
        State s = state;
        int[] pending = PackedRules.withoutSlot(s.pending, slot);
        if (pending != s.pending) {
            s = new State(s.forest, pending, s.dead);
            freeSlots[freeSlotCount++] = slot;
        } else {
            int tree = s.forest.treeOfGroup()[TreeBuilder.groupOf(rule)];
            if (tree >= 0 && findLeaves(s.forest, tree, rule)) {
                int[][] leaves = s.forest.leaves();
                for (int k = 0; k < foundLeafCount; k++) {
                    int leaf = foundLeaves[k];
                    LEAF.setRelease(leaves, leaf, PackedRules.withoutSlot(leaves[leaf], slot));
                }
                freeSlots[freeSlotCount++] = slot;
            } else {
                // Copied into too many leaves to remove cheaply: a tombstone, cleared by the next rebuild.
                s.dead[slot] = 1;
            }
        }
        state = s; // volatile write: publishes the change to lookups that start after this
        return true;
    }

    @Override
    public synchronized int size() {
        return slotById.size();
    }

    /**
     * Rebuilds the trees from the live rules: drops tombstones and pending rules. Costs about as much as
     * constructing the classifier; lookups keep running on the old trees meanwhile.
     */
    public synchronized void rebuild() {
        RangeRule[] live = Arrays.stream(bySlot, 0, nextSlot).filter(r -> r != null).toArray(RangeRule[]::new);
        rebuildFrom(live);
    }

    /**
     * Estimated bytes of the lookup structure: every array's payload plus a 16-byte header, 4-byte references
     * (compressed oops). Excludes the writer-side maps used for updates.
     */
    public long footprintBytes() {
        State s = state;
        TreeBuilder.Forest f = s.forest;
        long bytes = arrayBytes(f.nodes().length, 4) + arrayBytes(f.roots().length, 4)
                + arrayBytes(f.minPriority().length, 4) + arrayBytes(f.treeOfGroup().length, 4)
                + arrayBytes(f.leaves().length, 4) + arrayBytes(s.pending.length, 4) + arrayBytes(s.dead.length, 1)
                + arrayBytes(f.tableField().length, 4) + arrayBytes(f.tableShift().length, 4)
                + arrayBytes(f.tables().length, 4);
        for (int[] table : f.tables()) {
            bytes += table == null ? 0 : arrayBytes(table.length, 4);
        }
        for (int[] leaf : f.leaves()) {
            bytes += arrayBytes(leaf.length, 4);
        }
        return bytes;
    }

    /** Shape of the trees, for tuning and for the benchmark report. */
    public synchronized String describe() {
        State s = state;
        TreeBuilder.Forest f = s.forest;
        long records = 0;
        int largestLeaf = 0;
        for (int[] leaf : f.leaves()) {
            records += leaf.length / STRIDE;
            largestLeaf = Math.max(largestLeaf, leaf.length / STRIDE);
        }
        int rules = Math.max(1, slotById.size());
        return String.format("rules=%d trees=%d nodeInts=%d leaves=%d storedCopies=%d (%.2f per rule) "
                        + "largestLeaf=%d pending=%d bytes=%d (%.1f per rule)",
                slotById.size(), f.roots().length, f.nodes().length, f.leaves().length, records,
                (double) records / rules, largestLeaf, s.pending.length / STRIDE, footprintBytes(),
                (double) footprintBytes() / rules);
    }

    private static long arrayBytes(int length, int elementBytes) {
        return 16 + (long) length * elementBytes;
    }

    private void claim(RangeRule rule) {
        if (slotById.containsKey(rule.id())) {
            throw new IllegalArgumentException("duplicate rule id " + rule.id());
        }
        if (!prioritiesInUse.add(rule.priority())) {
            throw new IllegalArgumentException("duplicate rule priority " + rule.priority());
        }
        slotById.put(rule.id(), -1);
    }

    private void rebuildFrom(RangeRule[] live) {
        RangeRule[] sorted = live.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.priority(), b.priority()));
        int[] slots = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            slots[i] = i;
            slotById.put(sorted[i].id(), i);
        }
        bySlot = Arrays.copyOf(sorted, Math.max(16, sorted.length + sorted.length / 4));
        nextSlot = sorted.length;
        freeSlots = new int[bySlot.length];
        freeSlotCount = 0;
        state = new State(TreeBuilder.build(sorted, slots), new int[0], new byte[bySlot.length]);
    }

    /**
     * Collects into {@link #foundLeaves} every leaf of the tree whose region the rule overlaps: exactly the
     * leaves the builder or an insert put it in. Returns false if there are more than
     * {@link #MAX_LEAVES_PER_INSERT}.
     */
    private boolean findLeaves(TreeBuilder.Forest forest, int tree, RangeRule rule) {
        int[] nodes = forest.nodes();
        foundLeafCount = 0;
        int depth = 0;
        int shift = forest.tableShift()[tree];
        if (shift < 0) {
            stack[depth++] = forest.roots()[tree];
        } else {
            long lo = Integer.toUnsignedLong(forest.tableField()[tree] == 0 ? rule.srcLo() : rule.dstLo()) >>> shift;
            long hi = Integer.toUnsignedLong(forest.tableField()[tree] == 0 ? rule.srcHi() : rule.dstHi()) >>> shift;
            if (hi - lo >= MAX_LEAVES_PER_INSERT) {
                return false;
            }
            int[] table = forest.tables()[tree];
            for (long x = lo; x <= hi; x++) {
                stack[depth++] = table[(int) (x & TreeBuilder.TABLE_MASK)];
            }
        }
        while (depth > 0) {
            int ref = stack[--depth];
            if (ref < 0) {
                if (foundLeafCount == MAX_LEAVES_PER_INSERT) {
                    return false;
                }
                foundLeaves[foundLeafCount++] = ~ref;
                continue;
            }
            int head = nodes[ref];
            if (head >= TreeBuilder.BIT_CUT_FLAG) {
                if (!pushBitCutChildren(nodes, ref, head, rule, depth)) {
                    return false;
                }
                depth = pushedDepth;
                continue;
            }
            int field = head;
            int threshold = nodes[ref + 1];
            if (fieldLo(rule, field) <= threshold) {
                stack[depth++] = nodes[ref + 2];
            }
            if (fieldHi(rule, field) > threshold) {
                stack[depth++] = nodes[ref + 3];
            }
        }
        return true;
    }

    /**
     * Pushes the children of a bit-cut node that the rule overlaps onto {@link #stack}, leaving the new depth in
     * {@link #pushedDepth}. Returns false when the rule is then sure to be in more than
     * {@link #MAX_LEAVES_PER_INSERT} leaves.
     */
    private boolean pushBitCutChildren(int[] nodes, int ref, int head, RangeRule rule, int depth) {
        int field = head & 7;
        int shift = (head >>> 3) & 31;
        // Address bit cuts sit below the sign bit, so plain unsigned bounds give the same bits as the lookup.
        long lo = field <= 1 ? Integer.toUnsignedLong(fieldLo(rule, field) ^ Integer.MIN_VALUE) : fieldLo(rule, field);
        long hi = field <= 1 ? Integer.toUnsignedLong(fieldHi(rule, field) ^ Integer.MIN_VALUE) : fieldHi(rule, field);
        long a = lo >>> shift;
        long b = hi >>> shift;
        int mask = TreeBuilder.BIT_CUT_MASK;
        if (b - a >= mask) {
            a = 0;
            b = mask;
        }
        // Every child on the stack leads to at least one leaf of its own.
        if (foundLeafCount + depth + (b - a + 1) > MAX_LEAVES_PER_INSERT) {
            return false;
        }
        for (long x = a; x <= b; x++) {
            stack[depth++] = nodes[ref + 1 + (int) (x & mask)];
        }
        pushedDepth = depth;
        return true;
    }

    /** The rule's lower bound in a field, encoded like the node thresholds (addresses sign-flipped). */
    private static int fieldLo(RangeRule rule, int field) {
        return switch (field) {
            case 0 -> rule.srcLo() ^ Integer.MIN_VALUE;
            case 1 -> rule.dstLo() ^ Integer.MIN_VALUE;
            case 2 -> rule.srcPortLo();
            case 3 -> rule.dstPortLo();
            default -> rule.protocol() == RangeRule.ANY_PROTOCOL ? 0 : rule.protocol();
        };
    }

    private static int fieldHi(RangeRule rule, int field) {
        return switch (field) {
            case 0 -> rule.srcHi() ^ Integer.MIN_VALUE;
            case 1 -> rule.dstHi() ^ Integer.MIN_VALUE;
            case 2 -> rule.srcPortHi();
            case 3 -> rule.dstPortHi();
            default -> rule.protocol() == RangeRule.ANY_PROTOCOL ? 255 : rule.protocol();
        };
    }
}
