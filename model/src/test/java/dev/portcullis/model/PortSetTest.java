package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortSetTest {

    @Test
    void emptySetMeansAnyPort() {
        assertThat(PortSet.ANY.contains(0)).isTrue();
        assertThat(PortSet.ANY.contains(65535)).isTrue();
        assertThat(PortSet.ANY.toString()).isEqualTo("any");
    }

    @Test
    void containsOnlyListedPortsAndRangeEnds() {
        PortSet http = new PortSet(List.of(PortRange.named("http", 80), PortRange.of(81, 83), PortRange.of(443)));
        assertThat(http.contains(80)).isTrue();
        assertThat(http.contains(81)).isTrue();
        assertThat(http.contains(83)).isTrue();
        assertThat(http.contains(84)).isFalse();
        assertThat(http.contains(79)).isFalse();
        assertThat(http.toString()).isEqualTo("http(80),81-83,443");
    }

    @Test
    void normalizedMergesOverlappingAndAdjacentRanges() {
        PortSet ports = PortSet.of(PortRange.of(8080), PortRange.of(80, 83), PortRange.of(84, 90), PortRange.of(85));
        assertThat(ports.normalized()).containsExactly(PortRange.of(80, 90), PortRange.of(8080));
    }

    @Test
    void rejectsOutOfRangeAndReversedPortsWithAHint() {
        assertThatThrownBy(() -> PortRange.of(70000)).hasMessageContaining("70000").hasMessageContaining("0-65535");
        assertThatThrownBy(() -> PortRange.of(6670, 6660)).hasMessageContaining("did you mean 6660-6670");
    }
}
