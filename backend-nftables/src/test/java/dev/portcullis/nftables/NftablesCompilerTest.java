package dev.portcullis.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Action;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Zone;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NftablesCompilerTest {
    private static final NftablesCompiler COMPILER = new NftablesCompiler();
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of(
            "icq.example.net", List.of("192.0.2.10", "2001:db8::10")));
    private static String namespace;

    @BeforeAll
    static void namespace() {
        if (Namespaces.kernelAvailable()) {
            namespace = Namespaces.create("compile");
        }
    }

    @AfterAll
    static void cleanUp() {
        if (namespace != null) {
            Namespaces.delete(namespace);
        }
    }

    private static Rule.Builder rule(String id) {
        return Rule.builder(id);
    }

    private static Policy policy(Mode mode, Rule... rules) {
        List<Zone> zones = List.of(
                new Zone("lan", List.of(HostMatch.AddressBlock.parse("192.168.0.0/16"),
                        HostMatch.AddressBlock.parse("fd00::/8")), List.of("eth1"), "local network"),
                new Zone("internet", List.of(), List.of(), "everything else"));
        return new Policy("test", mode, zones, List.of(rules), Settings.DEFAULTS);
    }

    private static Policy everyFeature() {
        return policy(Mode.BLOCK_MOST,
                rule("ssh-in").direction(Direction.IN).protocol(ProtocolMatch.TCP).localPorts(PortSet.of(22))
                        .remoteHosts(HostSet.of(new HostMatch.ZoneRef("lan"))).log(true).build(),
                rule("web-in").direction(Direction.IN).protocol(ProtocolMatch.TCP).localPorts(PortSet.of(80, 443)).build(),
                rule("telnet-in").action(Action.BLOCK).direction(Direction.IN).protocol(ProtocolMatch.TCP)
                        .localPorts(PortSet.of(23)).build(),
                rule("dns").direction(Direction.OUT).protocol(ProtocolMatch.TCP_UDP).remotePorts(PortSet.of(53)).build(),
                rule("icq").direction(Direction.OUT).protocol(ProtocolMatch.UDP).remotePorts(PortSet.of(4000))
                        .remoteHosts(HostSet.of(new HostMatch.HostName("icq.example.net")))
                        .sessionTimeout(Duration.ofSeconds(300)).build(),
                rule("ftp").direction(Direction.OUT).protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(21))
                        .conntrackHelper("ftp").build(),
                rule("ping").direction(Direction.BOTH).protocol(new ProtocolMatch.Icmp(List.of(IcmpType.of(8),
                        IcmpType.of(3, 4)))).build(),
                rule("ping6").direction(Direction.BOTH).protocol(new ProtocolMatch.Icmpv6(List.of(IcmpType.of(128))))
                        .build(),
                rule("smb-reject").action(Action.REJECT).direction(Direction.IN).protocol(ProtocolMatch.TCP_UDP)
                        .localPorts(PortSet.of(PortRange.of(137, 139), PortRange.of(445))).build(),
                rule("internet-any").action(Action.REJECT).direction(Direction.IN)
                        .remoteHosts(HostSet.of(new HostMatch.ZoneRef("internet"))).build(),
                rule("acks").direction(Direction.IN).protocol(ProtocolMatch.TCP).state(StateMatch.ESTABLISHED).build(),
                rule("backup").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                        .application(new AppSelector.User("backup")).build(),
                rule("gre").direction(Direction.BOTH).protocol(new ProtocolMatch.IpProtocol(47))
                        .localHosts(HostSet.of(HostMatch.AddressBlock.parse("10.0.0.1-10.0.0.9"),
                                HostMatch.AddressBlock.parse("10.0.0.0/30"))).build());
    }

    @Test
    void compilesEveryFeatureIntoOneTable() {
        CompiledRuleset compiled = COMPILER.compile(everyFeature(), RESOLVER);
        String table = compiled.table();
        assertThat(table).startsWith("table inet portcullis {\n")
                .contains("type filter hook input priority filter; policy drop;")
                .contains("type filter hook output priority filter; policy drop;")
                .contains("ct state established,related accept")
                .contains("log prefix \"pc:ssh-in \" accept")
                .contains("meta l4proto tcp tcp dport vmap { 23 : drop, 80 : accept, 443 : accept }")
                .contains("meta l4proto { tcp, udp } th dport 53 accept")
                .contains("ct timeout set \"udp_300s\" accept")
                .contains("policy = { unreplied : 300, replied : 300 }")
                .contains("ct helper set \"helper_ftp\" accept")
                .contains("ip daddr @host_0_v4")
                .contains("elements = { 192.0.2.10 }")
                .contains("icmp type 8 accept")
                .contains("icmp type 3 icmp code 4 accept")
                .contains("meta l4proto tcp th dport { 137-139, 445 } reject with tcp reset")
                .contains("th dport { 137-139, 445 } reject with icmpx type admin-prohibited")
                .contains("ip saddr != 192.168.0.0/16 reject")
                .contains("ip6 saddr != fd00::/8 reject")
                .contains("iifname \"eth1\" tcp dport 22")
                .contains("tcp flags & (ack | rst) != 0 accept")
                .contains("meta skuid \"backup\"")
                .contains("ip daddr 10.0.0.0-10.0.0.9");
        assertThat(compiled.hostSets()).singleElement()
                .satisfies(set -> assertThat(set.hostName()).isEqualTo("icq.example.net"));
        // An outbound rule is not in the input chain.
        String input = table.substring(table.indexOf("chain input"), table.indexOf("chain output"));
        assertThat(input).doesNotContain("dport 53").doesNotContain("skuid");
    }

    @Test
    void modesSetTheChainPolicyAndStopAllHasNoExceptions() {
        Rule allow = rule("a").direction(Direction.IN).protocol(ProtocolMatch.TCP).localPorts(PortSet.of(22)).build();
        assertThat(COMPILER.compile(policy(Mode.ALLOW_MOST, allow), RESOLVER).table()).contains("policy accept;");
        String stopAll = COMPILER.compile(policy(Mode.STOP_ALL, allow), RESOLVER).table();
        assertThat(stopAll).contains("policy drop;").doesNotContain("established").doesNotContain("dport 22");
        String disabled = COMPILER.compile(policy(Mode.DISABLED, allow), RESOLVER).table();
        assertThat(disabled).contains("policy accept;").doesNotContain("dport 22");
        assertThat(COMPILER.compile(policy(Mode.LEARNING, allow), RESOLVER).table()).contains("pc:learning");
        Policy stateless = new Policy("p", Mode.BLOCK_MOST, List.of(), List.of(allow),
                new Settings(false, PortRange.of(1024, 65535), Duration.ofSeconds(30), Duration.ofDays(5),
                        Duration.ofSeconds(120), Duration.ofSeconds(30), List.of()));
        assertThat(COMPILER.compile(stateless, RESOLVER).table()).doesNotContain("ct state");
    }

    @Test
    void verdictMapKeepsTheFirstRulesVerdictForOverlappingPorts() {
        String table = COMPILER.compile(policy(Mode.BLOCK_MOST,
                rule("block-range").action(Action.BLOCK).direction(Direction.IN).protocol(ProtocolMatch.TCP)
                        .localPorts(PortSet.of(PortRange.of(100, 200))).build(),
                rule("allow-more").direction(Direction.IN).protocol(ProtocolMatch.TCP)
                        .localPorts(PortSet.of(PortRange.of(150, 250), PortRange.of(90))).build()), RESOLVER).table();
        assertThat(table).contains("tcp dport vmap { 90 : accept, 100-200 : drop, 201-250 : accept }");

        String outbound = COMPILER.compile(policy(Mode.BLOCK_MOST,
                rule("smtp-out").direction(Direction.OUT).protocol(ProtocolMatch.TCP).remotePorts(PortSet.of(25)).build(),
                rule("irc-out").action(Action.BLOCK).direction(Direction.OUT).protocol(ProtocolMatch.TCP)
                        .remotePorts(PortSet.of(PortRange.of(6660, 6669))).build()), RESOLVER).table();
        assertThat(outbound).contains("meta l4proto tcp tcp dport vmap { 25 : accept, 6660-6669 : drop }");
    }

    @Test
    void executablesAndInboundApplicationsAreRefusedWithAReason() {
        Rule exe = rule("pidgin").direction(Direction.OUT).application(new AppSelector.Executable("/usr/bin/pidgin"))
                .build();
        assertThatThrownBy(() -> COMPILER.compile(policy(Mode.BLOCK_MOST, exe), RESOLVER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nftables cannot match");
        Rule inbound = rule("sshd").direction(Direction.IN).application(new AppSelector.User("root")).build();
        assertThatThrownBy(() -> COMPILER.compile(policy(Mode.BLOCK_MOST, inbound), RESOLVER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("direction out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"; flush ruleset; \"", "a\"\nflush ruleset\n#", "x\\\" } chain evil { ", "$(reboot)",
            "rule;delete table inet filter"})
    void namesAndCommentsCannotInjectSyntax(String evil) {
        Rule rule = rule(evil).name(evil).direction(Direction.IN).protocol(ProtocolMatch.TCP)
                .localPorts(PortSet.of(22)).log(true).build();
        String table = COMPILER.compile(policy(Mode.BLOCK_MOST, rule), RESOLVER).table();
        // Whatever the name says, the table still declares exactly its two chains and nothing else.
        assertThat(table.lines().filter(l -> l.strip().startsWith("chain "))).hasSize(2);
        assertThat(table.lines().filter(l -> l.strip().startsWith("flush"))).isEmpty();
        for (String line : table.split("\n")) {
            // Every quoted string on a line is closed on that line and contains no statement separator.
            assertThat(line.chars().filter(c -> c == '"').count() % 2).as(line).isZero();
        }
        assertThat(table.lines().filter(l -> l.contains("dport 22"))).singleElement()
                .satisfies(l -> assertThat(l).doesNotContain(";"));
        if (namespace != null) {
            ProcessNft.inNamespace(namespace).check(table);
        }
    }

    @Test
    void maliciousInterfaceAndUserNamesAreRejected() {
        Policy badInterface = new Policy("p", Mode.BLOCK_MOST,
                List.of(new Zone("z", List.of(), List.of("eth0\" } accept"), "")),
                List.of(rule("r").remoteHosts(HostSet.of(new HostMatch.ZoneRef("z"))).build()), Settings.DEFAULTS);
        assertThatThrownBy(() -> COMPILER.compile(badInterface, RESOLVER)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a valid interface name");
        Rule badUser = rule("u").direction(Direction.OUT).application(new AppSelector.User("root\"; flush ruleset"))
                .build();
        assertThatThrownBy(() -> COMPILER.compile(policy(Mode.BLOCK_MOST, badUser), RESOLVER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid user name");
        Rule badHelper = rule("h").direction(Direction.OUT).conntrackHelper("ftp\" }").build();
        assertThatThrownBy(() -> COMPILER.compile(policy(Mode.BLOCK_MOST, badHelper), RESOLVER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("conntrack helper");
    }

    @Test
    @EnabledIf(value = "dev.portcullis.nftables.Namespaces#kernelAvailable",
            disabledReason = "kernel test: needs root, nft and ip (apt-get install -y nftables iproute2)")
    void theKernelAcceptsEveryModeOfTheFullPolicy() {
        Nft nft = ProcessNft.inNamespace(namespace);
        for (Mode mode : Mode.values()) {
            Policy policy = everyFeature().withMode(mode);
            // 'backup' must exist for meta skuid; root always does.
            policy = policy.withRules(policy.rules().stream().map(r -> r.id().equals("backup")
                    ? r.toBuilder().application(new AppSelector.User("root")).build() : r).toList());
            nft.check(COMPILER.compile(policy, RESOLVER).replacementScript());
        }
    }
}
