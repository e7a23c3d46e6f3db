package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Action;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    static final String FULL = """
            name: office-gateway
            mode: block-most
            settings:
              stateful: false
              ephemeral-ports: 1023-65535
              udp-timeout: 45s
              tcp-established-timeout: 5d
              tcp-transitory-timeout: 2m
              icmp-timeout: 10
              management:
                - from: 192.0.2.10/32
                  port: 22
            zones:
              lan: { addresses: [192.168.1.0/24, "fd00::/64"], interfaces: [eth1], description: office LAN }
              internet: {}
            rules:
              - id: ssh-from-lan
                name: SSH from the LAN
                action: allow
                direction: in
                protocol: tcp
                local-ports: [22]
                remote-ports: any
                local-hosts: any
                remote-hosts: [zone:lan, 203.0.113.0/24, smtp.example.net]
                state: new
                application: exe:/usr/sbin/sshd
                log: true
                enabled: false
                purpose: administration
                advice: narrow to the admin workstation
              - id: mail
                action: reject
                direction: out
                protocol: tcp
                remote-ports: "smtp, 6660-6670, 5050"
                session-timeout: 5m
                helper: ftp
              - id: ping
                action: block
                direction: both
                protocol: icmp
                icmp-types: [3, "3/1", 11]
            """;

    @Test
    void readsEveryKeyOfPlainRules() {
        Policy policy = PolicyLoader.load(FULL, "office.yaml");

        assertThat(policy.name()).isEqualTo("office-gateway");
        assertThat(policy.mode()).isEqualTo(Mode.BLOCK_MOST);
        Settings settings = policy.settings();
        assertThat(settings.stateful()).isFalse();
        assertThat(settings.ephemeralPorts()).isEqualTo(PortRange.of(1023, 65535));
        assertThat(settings.udpTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.tcpEstablishedTimeout()).isEqualTo(Duration.ofDays(5));
        assertThat(settings.tcpTransitoryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.icmpTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.management()).singleElement().satisfies(m -> {
            assertThat(m.from().text()).isEqualTo("192.0.2.10/32");
            assertThat(m.port()).isEqualTo(22);
        });

        assertThat(policy.zones()).hasSize(2);
        assertThat(policy.zone("lan")).get().satisfies(lan -> {
            assertThat(lan.addresses()).extracting(HostMatch.AddressBlock::text)
                    .containsExactly("192.168.1.0/24", "fd00::/64");
            assertThat(lan.interfaces()).containsExactly("eth1");
            assertThat(lan.description()).isEqualTo("office LAN");
        });
        assertThat(policy.zone("internet")).get().satisfies(z -> assertThat(z.isCatchAll()).isTrue());

        assertThat(policy.rules()).extracting(Rule::id).containsExactly("ssh-from-lan", "mail", "ping");
        Rule ssh = policy.rules().get(0);
        assertThat(ssh.name()).isEqualTo("SSH from the LAN");
        assertThat(ssh.action()).isEqualTo(Action.ALLOW);
        assertThat(ssh.direction()).isEqualTo(Direction.IN);
        assertThat(ssh.protocol()).isEqualTo(ProtocolMatch.TCP);
        assertThat(ssh.localPorts().ranges()).containsExactly(PortRange.of(22));
        assertThat(ssh.remotePorts().isAny()).isTrue();
        assertThat(ssh.localHosts().isAny()).isTrue();
        assertThat(ssh.remoteHosts().entries()).containsExactly(new HostMatch.ZoneRef("lan"),
                HostMatch.AddressBlock.parse("203.0.113.0/24"), new HostMatch.HostName("smtp.example.net"));
        assertThat(ssh.state()).isEqualTo(StateMatch.NEW);
        assertThat(ssh.application()).contains(new AppSelector.Executable("/usr/sbin/sshd"));
        assertThat(ssh.log()).isTrue();
        assertThat(ssh.enabled()).isFalse();
        assertThat(ssh.purpose()).isEqualTo("administration");
        assertThat(ssh.advice()).isEqualTo("narrow to the admin workstation");
        assertThat(ssh.origin().definedAt()).contains(new Location("office.yaml", 17, 5));
        assertThat(ssh.origin().preset()).isEmpty();

        Rule mail = policy.rules().get(1);
        assertThat(mail.action()).isEqualTo(Action.REJECT);
        assertThat(mail.protocol()).isEqualTo(ProtocolMatch.TCP);
        assertThat(mail.remotePorts().ranges()).containsExactly(PortRange.named("smtp", 25),
                PortRange.of(6660, 6670), PortRange.of(5050));
        assertThat(mail.sessionTimeout()).contains(Duration.ofMinutes(5));
        assertThat(mail.conntrackHelper()).contains("ftp");
        assertThat(mail.name()).isEqualTo("mail");

        Rule ping = policy.rules().get(2);
        assertThat(ping.protocol()).isEqualTo(new ProtocolMatch.Icmp(
                List.of(IcmpType.of(3), IcmpType.of(3, 1), IcmpType.of(11))));
    }

    @Test
    void defaultsApplyWhenKeysAreLeftOut() {
        Policy policy = PolicyLoader.load("mode: allow-most\nrules:\n  - id: any\n    action: allow\n    direction: both\n",
                "dir/minimal.yaml");
        assertThat(policy.name()).isEqualTo("minimal");
        assertThat(policy.settings()).isEqualTo(Settings.DEFAULTS);
        assertThat(policy.zones()).isEmpty();
        Rule rule = policy.rules().get(0);
        assertThat(rule.action()).isEqualTo(Action.ALLOW);
        assertThat(rule.direction()).isEqualTo(Direction.BOTH);
        assertThat(rule.protocol()).isEqualTo(ProtocolMatch.ANY);
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.log()).isFalse();
    }

    @Test
    void readsFromAPathAndNamesItInLocations(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "mode: block-most\nrules:\n  - id: a\n    protocol: tcp\n    local-ports: 70000\n    action: allow\n    direction: out\n");
        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render())
                        .startsWith(file + ":5:18: error: port 70000 is out of range 0-65535"));
    }
}
