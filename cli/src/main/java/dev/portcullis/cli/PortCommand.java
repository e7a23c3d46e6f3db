package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.PortRegistry;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.ServiceEntry;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code portcullis port QUERY}: what a port, port range or service name is, and which presets use it. */
@Command(name = "port",
        description = {"Look up a port (5050), a range (6660-6670) or a service name (smtp): its service names, "
                + "its IANA class and the presets that use it.",
                "Names come from the built-in registry, then the system's services file when readable, then "
                        + "each --registry file."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:answered", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PortCommand implements Callable<Integer> {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})\\s*-\\s*(\\d{1,9})");
    /** Ranges wider than this are looked up in the registry but not against every preset port by port. */
    private static final int PRESET_SCAN_LIMIT = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    CatalogOption catalogOption;

    @Parameters(paramLabel = "QUERY", description = "A port number, a range FIRST-LAST, or a service name.")
    String query;

    @Option(names = "--registry", paramLabel = "FILE",
            description = "Add service names from an IANA service-names-port-numbers.csv, an nmap-services file "
                    + "or a file in /etc/services format (detected from its content). Repeatable.")
    List<Path> registries = new ArrayList<>();

    @Option(names = "--services", paramLabel = "FILE", defaultValue = "/etc/services",
            description = "The system's services file, merged when readable (default: ${DEFAULT-VALUE}).")
    Path systemServices;

    record Service(String name, int port, String transport, String description, String source) {
    }

    record PresetUse(String id, String name, List<Integer> ports) {
    }

    record Answer(String query, int first, int last, List<String> portClasses, List<Service> services,
                  List<PresetUse> presets, boolean presetsChecked) {
    }

    @Override
    public Integer call() {
        Catalog catalog = catalogOption.catalog();
        PortRegistry registry = registry();
        Answer answer = answer(catalog, registry);
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text(answer));
        return ExitCodes.OK;
    }

    private PortRegistry registry() {
        PortRegistry registry = PortRegistry.builtIn();
        if (Files.isReadable(systemServices) && Files.isRegularFile(systemServices)) {
            registry = registry.withEtcServices(systemServices);
        }
        for (Path file : registries) {
            registry = registry.withFile(file);
        }
        return registry;
    }

    private Answer answer(Catalog catalog, PortRegistry registry) {
        String wanted = query.trim();
        Matcher range = RANGE.matcher(wanted);
        if (NUMBER.matcher(wanted).matches()) {
            int port = port(wanted);
            return forRange(wanted, port, port, catalog, registry);
        }
        if (range.matches()) {
            int first = port(range.group(1));
            int last = port(range.group(2));
            if (first > last) {
                throw bad("port range " + first + "-" + last + " is reversed", "write the lower port first: "
                        + last + "-" + first);
            }
            return forRange(wanted, first, last, catalog, registry);
        }
        List<ServiceEntry> named = registry.byName(wanted);
        if (named.isEmpty()) {
            Set<String> names = registry.entries().stream().map(ServiceEntry::name).collect(Collectors.toSet());
            String close = names.stream().filter(n -> Suggestions.distance(n.toLowerCase(Locale.ROOT),
                    wanted.toLowerCase(Locale.ROOT)) <= 2).sorted().limit(5).collect(Collectors.joining(", "));
            throw bad("unknown service name '" + wanted + "'", (close.isEmpty() ? "" : "did you mean " + close + "? ")
                    + "give a port number, or add names with --registry FILE (an IANA CSV or nmap-services file)");
        }
        Set<Integer> ports = named.stream().map(ServiceEntry::port).collect(Collectors.toCollection(LinkedHashSet::new));
        List<Service> services = new ArrayList<>();
        for (int port : ports) {
            registry.byPort(port).forEach(e -> services.add(service(e)));
        }
        int first = ports.stream().min(Integer::compare).orElseThrow();
        int last = ports.stream().max(Integer::compare).orElseThrow();
        return new Answer(wanted, first, last, classes(ports), distinct(services), presets(catalog, ports), true);
    }

    private Answer forRange(String wanted, int first, int last, Catalog catalog, PortRegistry registry) {
        List<Service> services = registry.inRange(first, last).stream().map(PortCommand::service).toList();
        List<Integer> ports = new ArrayList<>();
        boolean scan = last - first < PRESET_SCAN_LIMIT;
        if (scan) {
            for (int port = first; port <= last; port++) {
                ports.add(port);
            }
        }
        Set<Integer> ends = new LinkedHashSet<>(List.of(first, last));
        List<String> classes = new ArrayList<>(classes(ends));
        return new Answer(wanted, first, last, classes, distinct(services), presets(catalog, ports), scan);
    }

    private static List<String> classes(Set<Integer> ports) {
        return ports.stream().map(p -> PortRegistry.classOf(p).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .distinct().toList();
    }

    private static List<PresetUse> presets(Catalog catalog, Iterable<Integer> ports) {
        java.util.Map<String, PresetUse> uses = new java.util.LinkedHashMap<>();
        for (int port : ports) {
            for (Preset preset : catalog.presetsUsingPort(port)) {
                PresetUse use = uses.computeIfAbsent(preset.id(),
                        id -> new PresetUse(id, preset.name(), new ArrayList<>()));
                use.ports().add(port);
            }
        }
        return uses.values().stream().map(u -> new PresetUse(u.id(), u.name(), List.copyOf(u.ports()))).toList();
    }

    private static Service service(ServiceEntry entry) {
        return new Service(entry.name(), entry.port(), entry.transport(), entry.description(), entry.source());
    }

    /** The same name, port and transport from several registries is listed once, from the first that has it. */
    private static List<Service> distinct(List<Service> services) {
        Set<String> seen = new java.util.HashSet<>();
        return services.stream().filter(s -> seen.add(s.name().toLowerCase(Locale.ROOT) + "/" + s.port() + "/"
                + s.transport())).toList();
    }

    private int port(String digits) {
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw bad("port " + port + " is out of range 0-65535", "TCP and UDP ports are numbers from 0 to 65535");
        }
        return port;
    }

    private InvalidInputException bad(String message, String hint) {
        return new InvalidInputException(Location.of("port " + query), message, hint);
    }


    /** {@code [6660, 6661, 6662, 6667]} as {@code 6660-6662, 6667}. */
    static String ranges(List<Integer> sortedPorts) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sortedPorts.size()) {
            int j = i;
            while (j + 1 < sortedPorts.size() && sortedPorts.get(j + 1) == sortedPorts.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(sortedPorts.get(i)) : sortedPorts.get(i) + "-" + sortedPorts.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }

    private static String text(Answer answer) {
        StringBuilder out = new StringBuilder();
        String ports = answer.first() == answer.last() ? "port " + answer.first()
                : "ports " + answer.first() + "-" + answer.last();
        out.append(answer.query().equals(String.valueOf(answer.first())) ? ports : answer.query() + ": " + ports)
                .append("  (").append(String.join(", ", answer.portClasses())).append(")\n");
        out.append("\nService names").append(answer.services().isEmpty() ? ": none known\n" : ":\n");
        int nameWidth = answer.services().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Service s : answer.services()) {
            String head = "  " + TextLayout.pad(s.name(), nameWidth) + "  "
                    + TextLayout.pad(s.port() + "/" + s.transport(), 10) + "  ";
            // A registry file's name says enough; its whole path would crowd out the description.
            String source = s.source().contains("/") ? Path.of(s.source()).getFileName().toString() : s.source();
            String tail = s.description() + (source.isEmpty() ? "" : " [" + source + "]");
            out.append(head).append(TextLayout.cut(tail, Math.max(30, TextLayout.WIDTH - head.length()))).append('\n');
        }
        if (!answer.presetsChecked()) {
            out.append("\nPresets: not checked for a range this wide; ask for a narrower range.\n");
        } else {
            out.append("\nUsed by presets").append(answer.presets().isEmpty() ? ": none\n" : ":\n");
            for (PresetUse use : answer.presets()) {
                out.append("  ").append(use.id()).append(" — ").append(use.name());
                if (answer.first() != answer.last()) {
                    out.append(" (").append(TextLayout.cut(ranges(use.ports()), 60)).append(')');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
