package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.Location;
import dev.portcullis.model.Origin;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresetContentTest {
    private static final Location AT = new Location("policy.yaml", 3, 5);
    private final Catalog catalog = Catalog.builtIn();

    private List<Rule> expand(String preset, Map<String, String> parameters, Map<String, Boolean> options) {
        return catalog.expand(new PresetInstance(preset, "x", parameters, options, AT, Map.of()));
    }

    private static Rule rule(List<Rule> rules, String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + id + " in " + rules));
    }

    @Test
    void theCatalogHasAPresetForEveryApplicationAndAppliance() {
        assertThat(catalog.presets()).extracting(Preset::id).containsExactly("icq", "irc-mirc", "microsoft-chat",
                "microsoft-netmeeting", "msn-messenger", "odigo", "yahoo-messenger", "yahoo-autoupdater",
                "icq-network-firewall", "email-gateway", "spammertrap");
        assertThat(catalog.find("icq-network-firewall").orElseThrow().kind()).isEqualTo(PresetKind.NETWORK);
        assertThat(catalog.find("spammertrap").orElseThrow().kind()).isEqualTo(PresetKind.APPLIANCE);
    }

    @Test
    void findsPresetsByIdAliasAndTitle() {
        Preset yahoo = catalog.find("yahoo-messenger").orElseThrow();
        assertThat(catalog.find("Yahoo! Messenger")).contains(yahoo);
        assertThat(catalog.find("YAHOO")).contains(yahoo);
        assertThat(catalog.find("yahoo_messenger")).contains(yahoo);
        assertThat(catalog.find("clearswift")).map(Preset::id).contains("email-gateway");
        assertThat(catalog.find("mIRC")).map(Preset::id).contains("irc-mirc");
        assertThat(catalog.find("IRC (mIRC)")).map(Preset::id).contains("irc-mirc");
        assertThat(catalog.find("netmeeting")).map(Preset::id).contains("microsoft-netmeeting");
        assertThat(catalog.find("nothing-like-it")).isEmpty();
    }

    @Test
    void everyPresetIsDocumentedAndTracedToItsSource() {
        for (Preset preset : catalog.presets()) {
            assertThat(preset.description()).as(preset.id()).isNotBlank();
            assertThat(preset.sources()).as(preset.id()).isNotEmpty();
            for (PresetRule rule : preset.rules()) {
                assertThat(rule.source()).as(preset.id() + "." + rule.id()).isPresent();
                assertThat(rule.purpose()).as(preset.id() + "." + rule.id()).isNotBlank();
            }
            for (PresetOption option : preset.options()) {
                assertThat(option.why()).as(preset.id() + " option " + option.name()).isNotBlank();
                assertThat(option.description()).as(preset.id() + " option " + option.name()).isNotBlank();
            }
            for (Parameter parameter : preset.parameters()) {
                assertThat(parameter.description()).as(preset.id() + " parameter " + parameter.name()).isNotBlank();
            }
        }
    }

    @Test
    void expandedRulesAreNamedAfterTheInstanceAndRememberTheirOrigin() {
        List<Rule> rules = catalog.expand(new PresetInstance("icq", "chat", Map.of(), Map.of(), AT, Map.of()));
        assertThat(rules).extracting(Rule::id).containsExactly("chat.client-out", "chat.client-in",
                "chat.server-out", "chat.server-in", "chat.send-mail", "chat.receive-mail", "chat.http-connection");
        Rule server = rule(rules, "chat.server-out");
        assertThat(server.origin()).isEqualTo(Origin.preset("chat", "server-out", AT));
        assertThat(server.source()).contains(new SourceRef(ReferenceDocuments.fileName("000_"), 43));
        assertThat(server.purpose()).isEqualTo("These rules are used to connect to the ICQ servers.");
        assertThat(rule(rules, "chat.send-mail").advice()).startsWith("Add an Event for 'Remote Host'");
        Set<String> ids = new HashSet<>();
        for (Preset preset : catalog.presets()) {
            for (Rule r : catalog.expand(ReferenceCoverageTest.everythingOn(preset))) {
                assertThat(ids.add(r.id())).as(r.id()).isTrue();
            }
        }
    }

    @Test
    void sharedRulesAreDefinedOnceAndUsedByEachApplication() {
        for (String id : List.of("icq", "yahoo-messenger")) {
            PresetRule sendMail = catalog.find(id).orElseThrow().rule("send-mail").orElseThrow();
            assertThat(sendMail.sharedRule()).contains("send-mail");
        }
        for (String id : List.of("icq", "microsoft-netmeeting", "yahoo-messenger", "yahoo-autoupdater")) {
            assertThat(catalog.find(id).orElseThrow().rule("http-connection").orElseThrow().sharedRule())
                    .as(id).contains("http-connection");
        }
        assertThat(catalog.find("yahoo-autoupdater").orElseThrow().rule("http-connection").orElseThrow().name())
                .isEqualTo("Yahoo! Messenger AutoUpdater");
        for (String id : List.of("irc-mirc", "microsoft-chat")) {
            assertThat(catalog.find(id).orElseThrow().rule("auth-connection").orElseThrow().sharedRule())
                    .contains("auth-connection");
        }
    }

    @Test
    void theHttpRulesOptionsRemoveWhatTheAdviceSaysToRemove() {
        List<Rule> published = expand("yahoo-messenger", Map.of(), Map.of());
        assertThat(rule(published, "x.http-connection").remotePorts().toString())
                .isEqualTo("http(80),81-83,https(443),socks(1080),3128,8080,8088,11523");
        List<Rule> optimized = expand("yahoo-messenger", Map.of(), Map.of("aux-http-ports", false, "socks", false,
                "proxy", false, "aol-browser", false));
        assertThat(rule(optimized, "x.http-connection").remotePorts().toString()).isEqualTo("http(80),https(443)");
        List<Rule> proxyOnly = expand("icq", Map.of(), Map.of("aux-http-ports", false, "aol-browser", false));
        assertThat(rule(proxyOnly, "x.http-connection").remotePorts().toString())
                .isEqualTo("http(80),https(443),socks(1080),3128,8080,8088");
    }

    @Test
    void smtpServerNarrowsSendMailAndIsOptional() {
        assertThat(rule(expand("icq", Map.of(), Map.of()), "x.send-mail").remoteHosts()).isEqualTo(HostSet.ANY);
        assertThat(rule(expand("icq", Map.of("smtp-server", "smtp.ntlworld.com"), Map.of()), "x.send-mail")
                .remoteHosts()).isEqualTo(HostSet.of(new HostMatch.HostName("smtp.ntlworld.com")));
    }

    @Test
    void msnFileTransferHasNoDirectionInTheSourceAndIsBoth() {
        Preset msn = catalog.find("msn-messenger").orElseThrow();
        PresetRule transfer = msn.rule("file-transfer").orElseThrow();
        assertThat(transfer.direction()).isEqualTo(Direction.BOTH);
        assertThat(transfer.notes()).contains("No direction in the document");
        assertThat(msn.notes()).contains("direction both");
    }

    @Test
    void odigoConnectsToItsImipServerOnTcp11319() {
        Preset odigo = catalog.find("odigo").orElseThrow();
        assertThat(odigo.notes()).contains("missing from the capture").contains("11319").contains("IANA")
                .contains("imip-channels");
        List<Rule> rules = expand("odigo", Map.of("imip-server", "imip.odigo.com"), Map.of());
        assertThat(rules).singleElement().satisfies(imip -> {
            assertThat(imip.protocol()).isEqualTo(ProtocolMatch.TCP);
            assertThat(imip.direction()).isEqualTo(Direction.OUT);
            assertThat(imip.remotePorts()).isEqualTo(PortSet.of(PortRange.named("imip", 11319)));
            assertThat(imip.remoteHosts().toString()).isEqualTo("imip.odigo.com");
        });
        assertThat(expand("odigo", Map.of(), Map.of("imip-channels", true))).extracting(r -> r.remotePorts().toString())
                .containsExactly("imip(11319)", "imip-channels(11320)");
    }

    @Test
    void icqThroughANetworkFirewall() {
        Preset preset = catalog.find("icq-network-firewall").orElseThrow();
        assertThat(preset.sources()).allMatch(s -> s.document().equals(ReferenceDocuments.fileName("001_")));
        List<Rule> rules = expand("icq-network-firewall", Map.of(), Map.of());
        Rule server = rule(rules, "x.server-out");
        assertThat(server.protocol()).isEqualTo(ProtocolMatch.UDP);
        assertThat(server.direction()).isEqualTo(Direction.OUT);
        assertThat(server.remoteHosts()).isEqualTo(HostSet.of(new HostMatch.HostName("icq.mirabilis.com")));
        assertThat(server.remotePorts()).isEqualTo(PortSet.of(4000));
        assertThat(server.sessionTimeout()).contains(Duration.ofSeconds(300));
        Rule reply = rule(rules, "x.server-reply");
        assertThat(reply.direction()).isEqualTo(Direction.IN);
        assertThat(reply.state()).isEqualTo(StateMatch.ESTABLISHED);
        assertThat(reply.remoteHosts()).isEqualTo(server.remoteHosts());
        Rule peers = rule(rules, "x.peer-out");
        assertThat(peers.protocol()).isEqualTo(ProtocolMatch.TCP);
        assertThat(peers.remotePorts()).isEqualTo(PortSet.of(PortRange.of(1024, 65535)));
        // Issue 10: "ports above 1023" as the local range would open every unprivileged port; a few ports instead.
        assertThat(rule(rules, "x.peer-in").localPorts()).isEqualTo(PortSet.of(PortRange.of(20000, 20019)));
        assertThat(reply.localPorts()).isEqualTo(PortSet.of(PortRange.of(1024, 65535)));
        assertThat(rules).noneMatch(r -> r.id().equals("x.socks"));

        List<Rule> viaSocks = expand("icq-network-firewall", Map.of("socks-server", "proxy.example.org",
                "udp-session-timeout", "10m"), Map.of("socks-proxy", true));
        Rule socks = rule(viaSocks, "x.socks");
        assertThat(socks.remotePorts()).isEqualTo(PortSet.of(PortRange.named("socks", 1080)));
        assertThat(socks.remoteHosts().toString()).isEqualTo("proxy.example.org");
        assertThat(rule(viaSocks, "x.server-out").sessionTimeout()).contains(Duration.ofMinutes(10));
        assertThat(preset.option("socks-proxy").orElseThrow().enabledByDefault()).isFalse();
        assertThat(preset.notes()).contains("SOCKS4").contains("at least 3");
    }

    @Test
    void conditionalApplianceRowsAreOptionsThatSayWhy() {
        Preset gateway = catalog.find("email-gateway").orElseThrow();
        assertThat(gateway.options()).extracting(PresetOption::name, PresetOption::enabledByDefault).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ftp-beyond-firewall", false),
                org.assertj.core.groups.Tuple.tuple("dns-beyond-firewall", false),
                org.assertj.core.groups.Tuple.tuple("pmm", false),
                org.assertj.core.groups.Tuple.tuple("pmm-ntlm", false),
                org.assertj.core.groups.Tuple.tuple("ldap-beyond-firewall", false),
                org.assertj.core.groups.Tuple.tuple("ntp", true));
        List<Rule> defaults = expand("email-gateway", Map.of(), Map.of());
        assertThat(defaults).extracting(Rule::id).doesNotContain("x.pmm-http", "x.ntlm-445", "x.dns-tcp")
                .contains("x.ntp", "x.smtp-in");
        assertThat(rule(defaults, "x.product-updates").remoteHosts().toString())
                .isEqualTo("repo.clearswift.net,rh.repo.clearswift.net");
        assertThat(rule(defaults, "x.https-out-addresses").remoteHosts().toString())
                .isEqualTo("86.188.240.24,213.106.99.208,46.236.38.70");
        assertThat(gateway.rule("sftp").orElseThrow().notes()).contains("truncated");
        assertThat(gateway.rule("http-out-truncated-21").orElseThrow().notes()).contains("truncated");
        assertThat(gateway.rule("ftp").orElseThrow().conntrackHelper()).contains("ftp");

        Preset trap = catalog.find("spammertrap").orElseThrow();
        assertThat(trap.option("pop3-auth").orElseThrow().why()).contains("only if used for authentication");
        assertThat(expand("spammertrap", Map.of(), Map.of())).extracting(Rule::id)
                .doesNotContain("x.lan-pop3-out", "x.lan-imap-out", "x.lan-ldap-out", "x.allow-all-in")
                .contains("x.lan-smtp-in");
        assertThat(rule(expand("spammertrap", Map.of("lan", "10.0.0.0/8"), Map.of("ldap-lookup", true)),
                "x.lan-ldap-out")).satisfies(r -> {
                    assertThat(r.remoteHosts().toString()).isEqualTo("10.0.0.0/8");
                    assertThat(r.remotePorts().toString()).isEqualTo("ldap(389),ldaps(636)");
                });
    }

    @Test
    void findsThePresetsThatUseAPort() {
        // Ranges count: ICQ's peer ranges 1024-65535, the gateway's active-FTP data ports 1024-65535 and the
        // static filter's 1023-65535 include 11319.
        assertThat(catalog.presetsUsingPort(11319)).extracting(Preset::id)
                .containsExactly("icq", "odigo", "icq-network-firewall", "email-gateway", "spammertrap");
        assertThat(catalog.presetsUsingPort(113)).extracting(Preset::id)
                .containsExactly("irc-mirc", "microsoft-chat", "spammertrap");
        assertThat(catalog.presetsUsingPort(4000)).extracting(Preset::id)
                .containsExactly("icq", "icq-network-firewall", "email-gateway", "spammertrap");
        assertThat(catalog.presetsUsingPort(389)).extracting(Preset::id)
                .containsExactly("microsoft-netmeeting", "email-gateway", "spammertrap");
        assertThat(catalog.presetsUsingPort(43)).extracting(Preset::id).containsExactly("spammertrap");
        assertThat(catalog.presetsUsingPort(9)).isEmpty();
    }
}
