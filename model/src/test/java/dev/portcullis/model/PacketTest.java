package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketTest {

    @Test
    void parsesTheCommandLineForm() {
        Packet packet = Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050");
        assertThat(packet.direction()).isEqualTo(Direction.OUT);
        assertThat(packet.protocol()).isEqualTo(IpProtocols.TCP);
        assertThat(packet.localAddress().toString()).isEqualTo("10.0.0.2");
        assertThat(packet.remotePort()).isEqualTo(5050);
        assertThat(packet.localPort()).isEqualTo(40000);
        assertThat(packet.tcpFlags()).isEqualTo(TcpFlags.SYN);
        assertThat(packet.toString()).isEqualTo("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050");
    }

    @Test
    void inboundPacketsHaveTheirLocalSideAtTheDestination() {
        Packet packet = Packet.parse("in udp 203.0.113.5:4000 -> 10.0.0.2:1234");
        assertThat(packet.localPort()).isEqualTo(1234);
        assertThat(packet.remotePort()).isEqualTo(4000);
        assertThat(packet.remoteAddress().toString()).isEqualTo("203.0.113.5");
    }

    @Test
    void parsesIpv6IcmpAndFlags() {
        Packet v6 = Packet.parse("in tcp [2001:db8::1]:443 -> [2001:db8::2]:50000 flags syn,ack if eth0");
        assertThat(v6.source().isIPv6()).isTrue();
        assertThat(v6.tcpFlags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
        assertThat(v6.interfaceName()).contains("eth0");

        Packet icmp = Packet.parse("in icmp 203.0.113.5 -> 10.0.0.2 type 3 code 1");
        assertThat(icmp.icmpType()).isEqualTo(3);
        assertThat(icmp.icmpCode()).isEqualTo(1);
        assertThat(icmp.hasPorts()).isFalse();
    }

    @Test
    void replySwapsEndsAndDirection() {
        Packet reply = Packet.parse("out tcp 10.0.0.2:40000 -> 203.0.113.5:5050").reply();
        assertThat(reply.toString()).isEqualTo("in tcp 203.0.113.5:5050 -> 10.0.0.2:40000 flags syn,ack");
    }

    @Test
    void rejectsMalformedPackets() {
        assertThatThrownBy(() -> Packet.parse("out tcp 10.0.0.2 -> 203.0.113.5")).hasMessageContaining("needs ports");
        assertThatThrownBy(() -> Packet.parse("both tcp 10.0.0.2:1 -> 203.0.113.5:2")).hasMessageContaining("in, out or fwd");
        assertThatThrownBy(() -> Packet.parse("out tcp 10.0.0.2:1 -> 203.0.113.5:70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> Packet.parse("out tcp 10.0.0.2:1 -> [2001:db8::1]:2")).hasMessageContaining("IPv4 and IPv6");
        assertThatThrownBy(() -> Packet.parse("out tcp 10.0.0.0/8:1 -> 203.0.113.5:2")).hasMessageContaining("single address");
    }
}
