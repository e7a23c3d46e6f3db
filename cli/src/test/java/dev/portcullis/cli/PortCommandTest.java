package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.cli.PortcullisCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps the machine's /etc/services out of the answers, so the tests mean the same everywhere. */
    private static final String NO_SYSTEM = "--services=/nonexistent/services";

    @Test
    void portNumberGivesClassAndPresets() {
        Run run = run("port", "5050", NO_SYSTEM);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("port 5050  (registered)")
                .contains("Used by presets:").contains("yahoo-messenger");
    }

    @Test
    void serviceNameGivesItsPort() throws Exception {
        Run run = run("port", "smtp", NO_SYSTEM);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("smtp: port 25  (well-known)").contains("25/tcp");
        JsonNode answer = JSON.readTree(run("port", "smtp", NO_SYSTEM, "--json").out());
        assertThat(answer.path("first").asInt()).isEqualTo(25);
        assertThat(answer.path("portClasses").get(0).asText()).isEqualTo("well-known");
        assertThat(answer.path("services").findValuesAsText("name")).contains("smtp");
        assertThat(answer.path("presets").findValuesAsText("id")).contains("icq");
    }

    @Test
    void rangeListsServicesInsideAndPresetPorts() throws Exception {
        Run run = run("port", "6660-6670", NO_SYSTEM);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("6660-6670: ports 6660-6670  (registered)")
                .contains("irc").contains("irc-mirc");
        JsonNode answer = JSON.readTree(run("port", "6660-6670", NO_SYSTEM, "--json").out());
        assertThat(answer.path("last").asInt()).isEqualTo(6670);
        assertThat(answer.path("presetsChecked").asBoolean()).isTrue();
    }

    @Test
    void registryFilesAddNames(@TempDir Path dir) throws Exception {
        Path nmap = dir.resolve("nmap-services");
        Files.writeString(nmap, "# nmap services\nportcullis-test\t47001/tcp\t0.000100\t# a test service\n");
        Path etc = dir.resolve("services");
        Files.writeString(etc, "gatekeeper 47002/udp # another test service\n");
        Run run = run("port", "47000-47010", "--services=" + etc, "--registry", nmap.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("portcullis-test").contains("47001/tcp").contains("gatekeeper")
                .contains("47002/udp");
        assertThat(run("port", "portcullis-test", NO_SYSTEM, "--registry", nmap.toString()).out())
                .startsWith("portcullis-test: port 47001");
    }

    @Test
    void ianaCsvRegistry(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("service-names-port-numbers.csv");
        Files.writeString(csv, """
                Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,\
                Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes
                mmcc,5050,tcp,multimedia conference control tool,[Steve_Casner],[Steve_Casner],,,,,,
                mmcc,5050,udp,multimedia conference control tool,[Steve_Casner],[Steve_Casner],,,,,,
                """);
        Run run = run("port", "5050", NO_SYSTEM, "--registry", csv.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("mmcc  5050/tcp").contains("multimedia conference control tool")
                .contains("[service-names-port-numbers.csv]");
        JsonNode answer = JSON.readTree(run("port", "mmcc", NO_SYSTEM, "--registry", csv.toString(), "--json").out());
        assertThat(answer.path("first").asInt()).isEqualTo(5050);
        assertThat(answer.path("services").findValuesAsText("transport")).contains("tcp", "udp");
    }

    @Test
    void badQueriesAreBadInputWithHints() {
        Run reversed = run("port", "6670-6660", NO_SYSTEM);
        assertThat(reversed.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(reversed.err()).contains("port range 6670-6660 is reversed")
                .contains("hint: write the lower port first: 6660-6670");

        Run tooBig = run("port", "70000", NO_SYSTEM);
        assertThat(tooBig.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(tooBig.err()).contains("port 70000 is out of range 0-65535");

        Run unknown = run("port", "smtpx", NO_SYSTEM);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown service name 'smtpx'").contains("smtp");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void missingRegistryFileIsBadInput() {
        Run run = run("port", "25", NO_SYSTEM, "--registry", "/nonexistent/iana.csv");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("/nonexistent/iana.csv").contains("not found");
    }
}
