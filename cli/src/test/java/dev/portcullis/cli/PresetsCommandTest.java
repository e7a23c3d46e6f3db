package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.catalog.Catalog;
import dev.portcullis.cli.PortcullisCommandTest.Run;
import org.junit.jupiter.api.Test;

class PresetsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listShowsEveryPresetWithKindAndRuleCount() {
        Run run = run("presets", "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith(Catalog.builtIn().presets().size() + " presets\n")
                .contains("ID").contains("KIND").contains("RULES")
                .containsPattern("\\n  icq +application +\\d+  ICQ")
                .contains("yahoo-messenger")
                .contains("portcullis presets show ID");
    }

    @Test
    void listAsJson() throws Exception {
        Run run = run("presets", "list", "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode list = JSON.readTree(run.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isEqualTo(Catalog.builtIn().presets().size());
        JsonNode icq = list.get(0);
        assertThat(icq.path("id").asText()).isEqualTo("icq");
        assertThat(icq.path("kind").asText()).isEqualTo("application");
        assertThat(icq.path("rules").asInt()).isPositive();
    }

    @Test
    void showGivesRulesPurposeAdviceParametersOptionsAndSources() {
        Run run = run("presets", "show", "icq");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("icq — ICQ (application)")
                .contains("Parameters:").contains("smtp-server (hosts")
                .contains("Options:").contains("socks (on by default)")
                .contains("Rules (first match wins").contains("icq.send-mail")
                .contains("remote ${smtp-server} remote-port smtp(25)")
                .contains("What it's for:").contains("To optimize:")
                .contains("Source: \"Outpost Firewall preset rules: Communication\", line ");
    }

    @Test
    void showFindsByTitleToo() {
        assertThat(run("presets", "show", "Yahoo! Messenger").out()).startsWith("yahoo-messenger — ");
    }

    @Test
    void showAsJson() throws Exception {
        Run run = run("presets", "show", "yahoo-messenger", "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode preset = JSON.readTree(run.out());
        assertThat(preset.path("id").asText()).isEqualTo("yahoo-messenger");
        assertThat(preset.path("rules").size()).isPositive();
        assertThat(preset.path("rules").get(0).path("source").asText()).startsWith("000_");
        assertThat(preset.path("options").findValuesAsText("name")).contains("socks");
    }

    @Test
    void unknownPresetIsBadInputWithAHint() {
        Run run = run("presets", "show", "icqq");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: unknown preset 'icqq'").contains("hint:").contains("icq");
    }

    @Test
    void presetsWithoutASubcommandIsAUsageError() {
        Run run = run("presets");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("list").contains("show").contains("error: a command is needed");
    }

    /** Issue 10, item 10: what a user needs to use a preset safely, and to find the document it came from. */
    @Test
    void showSaysWhenAParameterIsRequiredWhatWasPublishedAndWhereTheSourceIs() {
        Run gateway = run("presets", "show", "email-gateway");
        assertThat(gateway.out()).contains("dns-servers (hosts, required only when dns-beyond-firewall is on)");
        Run icq = run("presets", "show", "icq");
        assertThat(icq.out()).contains("listen-ports (ports, default 20000-20019, at least 3 ports)")
                .contains("As published: inbound TCP from remote ports 1024-65535 to any local port")
                .contains("Source: \"Outpost Firewall preset rules: Communication\", line 29 (file 000_")
                .contains("Documents:");
        Run firewall = run("presets", "show", "icq-network-firewall");
        assertThat(firewall.out()).contains("socks-server (hosts, required only when socks-proxy is on)");
    }
}
