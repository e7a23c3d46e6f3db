package dev.portcullis.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The BDD operations the analyses rely on, against truth tables over a few variables (seeded random sets). */
class BddTest {
    private static final int VARS = 9;
    private static final int ASSIGNMENTS = 1 << VARS;

    static IntStream seeds() {
        return IntStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void firstCommonAssignmentIsTheSmallestSharedAssignment(int seed) {
        Random random = new Random(seed);
        Bdd bdd = new Bdd(VARS, 1 << 10);
        boolean[][] tables = new boolean[3][];
        int[] sets = new int[3];
        for (int s = 0; s < 3; s++) {
            tables[s] = new boolean[ASSIGNMENTS];
            // Sparse for some seeds, so that the three sets often share nothing.
            sets[s] = randomSet(bdd, random, tables[s], 1 + random.nextInt(seed % 3 == 0 ? 2 : 6));
        }
        boolean[] found = bdd.firstCommonAssignment(sets[0], sets[1], sets[2]);
        int expected = -1;
        for (int value = 0; value < ASSIGNMENTS && expected < 0; value++) {
            if (tables[0][value] && tables[1][value] && tables[2][value]) {
                expected = value;
            }
        }
        if (expected < 0) {
            assertThat(found).isNull();
        } else {
            assertThat(found).isNotNull();
            assertThat(valueOf(found)).isEqualTo(expected);
            // The same answer as building the intersection and taking its first assignment.
            int meet = bdd.and(bdd.and(sets[0], sets[1]), sets[2]);
            assertThat(valueOf(bdd.anyAssignment(meet))).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void notIsTheComplement(int seed) {
        Random random = new Random(seed);
        Bdd bdd = new Bdd(VARS, 1 << 10);
        boolean[] table = new boolean[ASSIGNMENTS];
        int set = randomSet(bdd, random, table, 1 + random.nextInt(6));
        int complement = bdd.not(set);
        for (int value = 0; value < ASSIGNMENTS; value++) {
            assertThat(bdd.contains(complement, bits(value))).isEqualTo(!table[value]);
        }
        assertThat(bdd.not(complement)).isEqualTo(set);
        assertThat(bdd.diff(Bdd.TRUE, set)).isEqualTo(complement);
    }

    /** A union of random cubes (each variable fixed to 0, fixed to 1 or free), with its truth table. */
    private static int randomSet(Bdd bdd, Random random, boolean[] table, int cubes) {
        int set = Bdd.FALSE;
        for (int c = 0; c < cubes; c++) {
            int cube = Bdd.TRUE;
            int[] literal = new int[VARS];
            for (int v = VARS - 1; v >= 0; v--) {
                literal[v] = random.nextInt(3); // 0: must be 0, 1: must be 1, 2: free
                if (literal[v] == 0) {
                    cube = bdd.and(bdd.nithVar(v), cube);
                } else if (literal[v] == 1) {
                    cube = bdd.and(bdd.ithVar(v), cube);
                }
            }
            set = bdd.or(set, cube);
            for (int value = 0; value < ASSIGNMENTS; value++) {
                boolean[] bits = bits(value);
                boolean in = true;
                for (int v = 0; v < VARS && in; v++) {
                    in = literal[v] == 2 || bits[v] == (literal[v] == 1);
                }
                table[value] |= in;
            }
        }
        return set;
    }

    /** Variable 0 is the most significant bit, so numeric order is the order the searches prefer. */
    private static boolean[] bits(int value) {
        boolean[] bits = new boolean[VARS];
        for (int v = 0; v < VARS; v++) {
            bits[v] = ((value >>> (VARS - 1 - v)) & 1) != 0;
        }
        return bits;
    }

    private static int valueOf(boolean[] bits) {
        int value = 0;
        for (boolean bit : bits) {
            value = (value << 1) | (bit ? 1 : 0);
        }
        return value;
    }
}
