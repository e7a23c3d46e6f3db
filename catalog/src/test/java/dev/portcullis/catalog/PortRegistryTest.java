package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.PortRange;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRegistryTest {
    private final PortRegistry builtIn = PortRegistry.builtIn();

    @Test
    void theGlossaryOfDocument002IsBuiltIn() {
        String glossary = ReferenceDocuments.fileName("002_");
        Map<String, List<Integer>> services = Map.of("ftp", List.of(21), "ftp-data", List.of(20), "http",
                List.of(80), "https", List.of(443), "imap", List.of(143), "nntp", List.of(119), "pop3", List.of(110),
                "proxy", List.of(3128, 8008, 8088, 8080), "smtp", List.of(25));
        services.forEach((name, ports) -> {
            List<ServiceEntry> entries = builtIn.byName(name).stream()
                    .filter(e -> e.source().startsWith(glossary + ":")).toList();
            assertThat(entries).as(name).extracting(ServiceEntry::port).containsExactlyElementsOf(ports);
            assertThat(entries).as(name).allSatisfy(e -> {
                assertThat(e.transport()).isEqualTo("tcp");
                assertThat(e.description()).hasSizeGreaterThan(60);
            });
        });
        assertThat(builtIn.entries()).filteredOn(e -> e.source().startsWith(glossary))
                .extracting(ServiceEntry::name).isSubsetOf(services.keySet())
                .containsAll(services.keySet()).hasSize(12);
    }

    @Test
    void glossaryDescriptionsAreTheDocumentsWords() throws IOException {
        String document = Files.readString(ReferenceDocuments.document("002_"));
        ServiceEntry pop3 = builtIn.byName("pop3").get(0);
        assertThat(pop3.description()).startsWith("POP3 (Post Office Protocol - version 3). POP3 is a service")
                .contains("'store and forward service'");
        assertThat(document).contains("POP3 (Post Office Protocol - version 3)Associated port: 110");
        assertThat(builtIn.byName("https").get(0).description()).contains("SSL has been succeeded by TLS");
        assertThat(builtIn.byName("ftp").get(0).source()).isEqualTo(ReferenceDocuments.fileName("002_") + ":9");
    }

    @Test
    void looksUpByPortNameAndRange() {
        assertThat(builtIn.byPort(25)).extracting(ServiceEntry::name).containsExactly("smtp");
        assertThat(builtIn.byPort(11319)).extracting(ServiceEntry::name).containsExactly("imip", "imip");
        assertThat(builtIn.byPort(4)).isEmpty();
        assertThat(builtIn.byName("SMTP")).extracting(ServiceEntry::port).containsExactly(25);
        assertThat(builtIn.inRange(20, 25)).extracting(ServiceEntry::name)
                .containsExactly("ftp-data", "ftp", "ssh", "telnet", "smtp");
        assertThat(builtIn.inRange(8000, 8100)).extracting(ServiceEntry::port).containsExactly(8008, 8080, 8088);
        assertThat(builtIn.inRange(0, 65535)).hasSameSizeAs(builtIn.entries());
        assertThatThrownBy(() -> builtIn.inRange(83, 81)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesServiceNamesToNamedPorts() {
        assertThat(builtIn.resolve("smtp", "tcp")).contains(PortRange.named("smtp", 25));
        assertThat(builtIn.resolve("SMTP", "tcp")).contains(PortRange.named("smtp", 25));
        assertThat(builtIn.resolve("proxy", "tcp")).contains(PortRange.named("proxy", 3128));
        assertThat(builtIn.resolve("dns", "tcp+udp")).contains(PortRange.named("dns", 53));
        assertThat(builtIn.resolve("smtp", "udp")).isEmpty();
        assertThat(builtIn.resolve("pop3", "tcp+udp")).isEmpty();
        assertThat(builtIn.resolve("no-such-service", "tcp")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0,WELL_KNOWN", "1,WELL_KNOWN", "1023,WELL_KNOWN", "1024,REGISTERED", "49151,REGISTERED",
            "49152,DYNAMIC", "65535,DYNAMIC"})
    void classifiesPortsAtTheBoundaries(int port, PortClass expected) {
        assertThat(PortRegistry.classOf(port)).isEqualTo(expected);
    }

    @Test
    void portClassesAreTheGlossarysWithTheRangeEndsResolved() throws IOException {
        String document = Files.readString(ReferenceDocuments.document("002_"));
        // 002 writes "Well Known ports (1-1023)"; the catalog starts the class at 0 (RFC 6335).
        assertThat(document).contains("the Well Known ports (1-1023), the Registered ports (1024 - 49151), and the "
                + "Dynamic and/or Private ports (49152-65535)");
        for (PortClass portClass : PortClass.values()) {
            assertThat(document).contains(portClass.title());
            assertThat(portClass.description()).isNotBlank();
        }
    }

    @Test
    void portClassesCoverEveryPortOnce() {
        assertThat(PortClass.WELL_KNOWN.first()).isZero();
        assertThat(PortClass.WELL_KNOWN.last() + 1).isEqualTo(PortClass.REGISTERED.first());
        assertThat(PortClass.REGISTERED.last() + 1).isEqualTo(PortClass.DYNAMIC.first());
        assertThat(PortClass.DYNAMIC.last()).isEqualTo(65535);
        assertThatThrownBy(() -> PortRegistry.classOf(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRegistry.classOf(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsEtcServices(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("services");
        Files.writeString(file, """
                # Network services, Internet style
                tcpmux		1/tcp				# TCP port service multiplexer
                smtp		25/tcp		mail
                http		80/tcp		www		# WorldWideWeb HTTP

                """);
        PortRegistry registry = PortRegistry.empty().withEtcServices(file);
        assertThat(registry.byPort(80)).extracting(ServiceEntry::name).containsExactly("http", "www");
        assertThat(registry.byName("mail")).singleElement()
                .satisfies(e -> assertThat(e.port()).isEqualTo(25))
                .satisfies(e -> assertThat(e.description()).isEqualTo("alias of smtp"));
        assertThat(registry.byName("tcpmux").get(0).description()).isEqualTo("TCP port service multiplexer");
        assertThat(registry.byName("http").get(0).source()).isEqualTo(file.toString());
        assertThat(builtIn.withEtcServices(file).byPort(25)).extracting(ServiceEntry::source)
                .containsExactly(ReferenceDocuments.fileName("002_") + ":17", file.toString(), file.toString());
    }

    @Test
    void rejectsABadEtcServicesLineWithItsLocation(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("services");
        Files.writeString(file, "smtp\t25/tcp\nfancy   70000/tcp\n");
        assertThatThrownBy(() -> PortRegistry.empty().withEtcServices(file))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render()).isEqualTo(
                        file + ":2:9: error: port 70000 is out of range 0-65535\n  hint: TCP and UDP ports are 0-65535"));
        Files.writeString(file, "smtp 25\n");
        assertThatThrownBy(() -> PortRegistry.empty().withFile(file))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render())
                        .startsWith(file + ":1:6: error: '25' is not port/protocol"));
    }

    @Test
    void readsTheSystemsEtcServices() {
        Path system = Path.of("/etc/services");
        assumeTrue(Files.isReadable(system), "no /etc/services on this machine");
        PortRegistry registry = builtIn.withEtcServices(system);
        assertThat(registry.byName("ssh")).extracting(ServiceEntry::port).contains(22);
        assertThat(registry.entries()).hasSizeGreaterThan(builtIn.entries().size() + 100);
    }

    @Test
    void readsTheIanaRegistryCsv() {
        Path csv = ReferenceDocuments.shared().resolve("data/iana/iana-service-names-port-numbers.csv");
        PortRegistry registry = builtIn.withIanaCsv(csv);
        assertThat(registry.byPort(11319)).filteredOn(e -> e.source().equals(csv.toString()))
                .extracting(ServiceEntry::name, ServiceEntry::transport, ServiceEntry::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("imip", "tcp", "IMIP"),
                        org.assertj.core.groups.Tuple.tuple("imip", "udp", "IMIP"));
        assertThat(registry.byPort(11320)).extracting(ServiceEntry::name).contains("imip-channels");
        // Quoted notes span lines; the rows after them must still be read as rows.
        assertThat(registry.byName("whois++")).extracting(ServiceEntry::port).containsExactly(63, 63);
        assertThat(registry.byName("sql*net")).isNotEmpty();
        // Ranges are expanded: x11 is 6000-6063.
        assertThat(registry.byPort(6003)).extracting(ServiceEntry::name).contains("x11");
        assertThat(registry.resolve("imip", "tcp")).contains(PortRange.named("imip", 11319));
        assertThat(PortRegistry.empty().withFile(csv).byPort(80)).extracting(ServiceEntry::transport)
                .contains("tcp", "udp", "sctp");
    }

    @Test
    void parsesQuotedMultiLineCsvFields(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("ports.csv");
        Files.writeString(csv, """
                Service Name,Port Number,Transport Protocol,Description,Assignee
                one,1001,tcp,"first, with a comma",[A]
                two,1002,udp,"spans
                two lines with \"\"quotes\"\"\",[B]
                ,1003,tcp,Unassigned,
                three,1004-1005,tcp,range,[C]
                """);
        PortRegistry registry = PortRegistry.empty().withFile(csv);
        assertThat(registry.entries()).extracting(ServiceEntry::name, ServiceEntry::port, ServiceEntry::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", 1001, "first, with a comma"),
                        org.assertj.core.groups.Tuple.tuple("two", 1002, "spans two lines with \"quotes\""),
                        org.assertj.core.groups.Tuple.tuple("three", 1004, "range"),
                        org.assertj.core.groups.Tuple.tuple("three", 1005, "range"));
        Files.writeString(csv, "Service Name,Port Number,Transport Protocol,Description\nx,1,tcp,\"open\n");
        assertThatThrownBy(() -> PortRegistry.empty().withIanaCsv(csv))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render())
                        .startsWith(csv + ":2:1: error: quoted field is never closed"));
    }

    @Test
    void readsNmapServices() throws URISyntaxException {
        Path file = Path.of(Objects.requireNonNull(getClass().getResource("nmap-services-sample")).toURI());
        PortRegistry registry = PortRegistry.empty().withNmapServices(file);
        assertThat(registry.byPort(11319)).extracting(ServiceEntry::name, ServiceEntry::transport)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("imip", "tcp"),
                        org.assertj.core.groups.Tuple.tuple("imip", "udp"));
        assertThat(registry.byName("http").get(0).description()).isEqualTo("World Wide Web HTTP");
        assertThat(registry.byPort(1023)).as("nmap's 'unknown' placeholders are skipped").isEmpty();
        assertThat(PortRegistry.empty().withFile(file).entries()).isEqualTo(registry.entries());
        assertThat(registry.inRange(11319, 11320)).extracting(ServiceEntry::name)
                .containsExactly("imip", "imip", "imip-channels");
    }

    @Test
    void aMissingRegistryFileIsReportedNotThrown(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> builtIn.withFile(missing))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.render())
                        .startsWith(missing + ": error: service registry file not found"));
    }
}
