package dev.portcullis.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeRuleTest {

    @Test
    void parsesAClassBenchLine() {
        RangeRule rule = ClassBench.parseRule(
                "@186.11.101.36/32\t20.69.0.0/16\t0 : 65535\t1521 : 1521\t0x06/0xFF\t0x1000/0x1000\t", 7);
        assertThat(rule.srcLo()).isEqualTo(rule.srcHi()).isEqualTo(ClassBench.parseIpv4("186.11.101.36"));
        assertThat(rule.dstLo()).isEqualTo(ClassBench.parseIpv4("20.69.0.0"));
        assertThat(rule.dstHi()).isEqualTo(ClassBench.parseIpv4("20.69.255.255"));
        assertThat(rule.dstPortLo()).isEqualTo(1521);
        assertThat(rule.protocol()).isEqualTo(6);
        assertThat(rule.priority()).isEqualTo(7);
        assertThat(rule.id()).isEqualTo(7);
    }

    @Test
    void protocolMaskZeroIsAWildcard() {
        RangeRule rule = ClassBench.parseRule("@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x00/0x00\t0x0000/0x0000", 0);
        assertThat(rule.protocol()).isEqualTo(RangeRule.ANY_PROTOCOL);
        assertThat(rule.matches(-1, 0, 0, 65535, 255)).isTrue();
    }

    @Test
    void prefixZeroCoversEverythingAndPrefix32OneAddress() {
        RangeRule all = RangeRule.ofPrefixes(0x12345678, 0, 0, 0, 0, 65535, 0, 65535, -1, 0, 0);
        assertThat(all.srcLo()).isZero();
        assertThat(all.srcHi()).isEqualTo(-1);
        RangeRule one = RangeRule.ofPrefixes(-1, 32, 0, 0, 0, 65535, 0, 65535, -1, 0, 0);
        assertThat(one.matches(-1, 5, 0, 0, 0)).isTrue();
        assertThat(one.matches(-2, 5, 0, 0, 0)).isFalse();
    }

    @Test
    void addressesCompareUnsigned() {
        // 128.0.0.0 .. 255.255.255.255 would be an empty range if compared signed.
        RangeRule upperHalf = RangeRule.ofPrefixes(Integer.MIN_VALUE, 1, 0, 0, 0, 65535, 0, 65535, -1, 0, 0);
        assertThat(upperHalf.matches(-1, 0, 0, 0, 0)).isTrue();
        assertThat(upperHalf.matches(Integer.MAX_VALUE, 0, 0, 0, 0)).isFalse();
    }

    @Test
    void rejectsInvalidRanges() {
        assertThatThrownBy(() -> new RangeRule(5, 4, 0, 0, 0, 0, 0, 0, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RangeRule(0, 0, 0, 0, 0, 65536, 0, 0, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RangeRule(0, 0, 0, 0, 0, 0, 0, 0, 256, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifiersRejectDuplicateIdsAndPriorities() {
        RangeRule a = RangeRule.ofPrefixes(0, 0, 0, 0, 0, 65535, 0, 65535, -1, 1, 1);
        RangeRule sameId = RangeRule.ofPrefixes(0, 0, 0, 0, 0, 65535, 0, 65535, -1, 2, 1);
        RangeRule samePriority = RangeRule.ofPrefixes(0, 0, 0, 0, 0, 65535, 0, 65535, -1, 1, 2);
        for (Classifier c : List.of(new DecisionTreeClassifier(List.of(a)), new LinearScanClassifier(List.of(a)))) {
            assertThatThrownBy(() -> c.insert(sameId)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.insert(samePriority)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.firstMatch(1, 2, 3, 4, 5)).isEqualTo(1);
        }
    }

    @Test
    void emptyClassifierMatchesNothingAndGrowsByInserts() {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(List.of());
        assertThat(tree.firstMatch(1, 2, 3, 4, 5)).isEqualTo(Classifier.NO_MATCH);
        for (int i = 0; i < 100; i++) { // more than the pending list holds, so it rebuilds on the way
            tree.insert(RangeRule.ofPrefixes(i << 8, 24, 0, 0, 0, 65535, 0, 65535, -1, i, i));
        }
        assertThat(tree.firstMatch(42 << 8 | 7, 0, 0, 0, 6)).isEqualTo(42);
        assertThat(tree.size()).isEqualTo(100);
    }
}
