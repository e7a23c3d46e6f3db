package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostMatchTest {

    @Test
    void parsesAddressesPrefixesRangesNamesAndZones() {
        assertThat(HostMatch.parse("192.0.2.7")).isInstanceOf(HostMatch.AddressBlock.class);
        assertThat(HostMatch.parse("2001:db8::/32")).isInstanceOf(HostMatch.AddressBlock.class);
        assertThat(HostMatch.parse("icq.mirabilis.com")).isEqualTo(new HostMatch.HostName("icq.mirabilis.com"));
        assertThat(HostMatch.parse("zone:lan")).isEqualTo(new HostMatch.ZoneRef("lan"));
        HostMatch.AddressBlock range = (HostMatch.AddressBlock) HostMatch.parse("192.0.2.10-192.0.2.20");
        assertThat(range.contains(Packet.parseAddress("192.0.2.10"))).isTrue();
        assertThat(range.contains(Packet.parseAddress("192.0.2.20"))).isTrue();
        assertThat(range.contains(Packet.parseAddress("192.0.2.21"))).isFalse();
    }

    @Test
    void prefixContainsItsEdgesAndNothingOfTheOtherFamily() {
        HostMatch.AddressBlock block = HostMatch.AddressBlock.parse("10.1.0.0/16");
        assertThat(block.contains(Packet.parseAddress("10.1.0.0"))).isTrue();
        assertThat(block.contains(Packet.parseAddress("10.1.255.255"))).isTrue();
        assertThat(block.contains(Packet.parseAddress("10.2.0.0"))).isFalse();
        assertThat(block.contains(Packet.parseAddress("::a01:0"))).isFalse();
        assertThat(HostMatch.AddressBlock.parse("0.0.0.0/0").contains(Packet.parseAddress("255.255.255.255"))).isTrue();
    }

    @Test
    void refusesPrefixesWithHostBitsAndReversedRanges() {
        assertThatThrownBy(() -> HostMatch.parse("10.0.0.1/8")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> HostMatch.parse("192.0.2.9-192.0.2.1")).hasMessageContaining("reversed");
        assertThatThrownBy(() -> HostMatch.parse("bad..name")).hasMessageContaining("not a valid host name");
    }
}
