package dev.portcullis.catalog;

import dev.portcullis.model.PortRange;
import dev.portcullis.model.ServiceNames;
import dev.portcullis.input.InputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Service names for ports: the built-in glossary of reference document 002 plus the services the catalog's
 * presets use, optionally merged with {@code /etc/services}, an IANA registry CSV or an nmap-services file.
 *
 * <p>Immutable: each {@code with...} returns a new registry. Entries keep the order they were added in, so the
 * built-in glossary answers first and a user's file cannot silently rename {@code smtp}.
 */
public final class PortRegistry implements ServiceNames {
    private final List<ServiceEntry> entries;
    private final Map<Integer, List<ServiceEntry>> byPort;
    private final Map<String, List<ServiceEntry>> byName;

    private PortRegistry(List<ServiceEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<Integer, List<ServiceEntry>> ports = new HashMap<>();
        Map<String, List<ServiceEntry>> names = new HashMap<>();
        for (ServiceEntry entry : this.entries) {
            ports.computeIfAbsent(entry.port(), p -> new ArrayList<>()).add(entry);
            names.computeIfAbsent(key(entry.name()), n -> new ArrayList<>()).add(entry);
        }
        ports.replaceAll((p, list) -> List.copyOf(list));
        names.replaceAll((n, list) -> List.copyOf(list));
        this.byPort = Map.copyOf(ports);
        this.byName = Map.copyOf(names);
    }

    /** The glossary of reference document 002 plus the well-known services the built-in presets use. */
    public static PortRegistry builtIn() {
        return new PortRegistry(BuiltInServices.entries());
    }

    /** An empty registry, for tests and for callers that want only one file's names. */
    public static PortRegistry empty() {
        return new PortRegistry(List.of());
    }

    /** This registry plus the entries of an {@code /etc/services} file ({@code name port/proto aliases # comment}). */
    public PortRegistry withEtcServices(Path file) {
        return with(ServiceFiles.parseEtcServices(file.toString(), read(file)));
    }

    /** This registry plus an IANA {@code service-names-port-numbers.csv} (quoted fields may span lines). */
    public PortRegistry withIanaCsv(Path file) {
        return with(ServiceFiles.parseIanaCsv(file.toString(), read(file)));
    }

    /** This registry plus an nmap-services file ({@code name port/proto frequency # comment}). */
    public PortRegistry withNmapServices(Path file) {
        return with(ServiceFiles.parseNmapServices(file.toString(), read(file)));
    }

    /** This registry plus a file in whichever of the three formats its content shows. */
    public PortRegistry withFile(Path file) {
        String text = read(file);
        return with(switch (ServiceFiles.detect(text)) {
            case IANA_CSV -> ServiceFiles.parseIanaCsv(file.toString(), text);
            case NMAP_SERVICES -> ServiceFiles.parseNmapServices(file.toString(), text);
            case ETC_SERVICES -> ServiceFiles.parseEtcServices(file.toString(), text);
        });
    }

    /** Every entry, in the order added. */
    public List<ServiceEntry> entries() {
        return entries;
    }

    public List<ServiceEntry> byPort(int port) {
        return byPort.getOrDefault(port, List.of());
    }

    /** Entries with this name, case-insensitively. */
    public List<ServiceEntry> byName(String name) {
        return byName.getOrDefault(key(name), List.of());
    }

    /** Entries with a port in {@code first..last}, by port then in the order added. */
    public List<ServiceEntry> inRange(int first, int last) {
        if (first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is reversed");
        }
        List<ServiceEntry> found = new ArrayList<>();
        if ((long) last - first < byPort.size()) {
            for (int port = first; port <= last; port++) {
                found.addAll(byPort(port));
            }
        } else {
            byPort.keySet().stream().filter(p -> p >= first && p <= last).sorted()
                    .forEach(p -> found.addAll(byPort.get(p)));
        }
        return List.copyOf(found);
    }

    /**
     * The port a service name stands for on a transport: {@code resolve("smtp", "tcp")} is {@code smtp(25)}.
     * A transport of {@code tcp+udp} needs the same port on both.
     */
    @Override
    public Optional<PortRange> resolve(String serviceName, String transport) {
        String wanted = transport.toLowerCase(Locale.ROOT);
        List<String> transports = switch (wanted) {
            case "tcp+udp", "tcp/udp", "udp/tcp" -> List.of("tcp", "udp");
            default -> List.of(wanted);
        };
        Integer port = null;
        for (String one : transports) {
            Optional<ServiceEntry> entry = byName(serviceName).stream()
                    .filter(e -> e.transport().equals(one)).findFirst();
            if (entry.isEmpty() || (port != null && port != entry.get().port())) {
                return Optional.empty();
            }
            port = entry.get().port();
        }
        return port == null ? Optional.empty()
                : Optional.of(PortRange.named(serviceName.toLowerCase(Locale.ROOT), port));
    }

    public static PortClass classOf(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        for (PortClass portClass : PortClass.values()) {
            if (port <= portClass.last()) {
                return portClass;
            }
        }
        throw new AssertionError("unreachable: port classes cover 0-65535");
    }

    private PortRegistry with(List<ServiceEntry> more) {
        List<ServiceEntry> all = new ArrayList<>(entries);
        all.addAll(more);
        return new PortRegistry(all);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        byte[] bytes = InputFiles.readBytes(file, "service registry file", InputFiles.TEXT_LIMIT);
        // /etc/services and nmap-services are ASCII; an IANA CSV is UTF-8, older copies Latin-1.
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
