package dev.portcullis.cli;

import dev.portcullis.input.OutputFiles;
import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Settings;
import dev.portcullis.model.Zone;
import dev.portcullis.policy.PolicyDocument;
import dev.portcullis.policy.PolicyEntry;
import dev.portcullis.policy.PolicyLoader;
import dev.portcullis.policy.PolicyWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code portcullis policy new}: writes a policy file from presets. Everything is checked (expanded) before the
 * file is written, so a bad argument leaves nothing behind.
 */
@Command(name = "new",
        description = {"Write a new policy file that uses the given presets, in the order given.",
                "Parameters and options are addressed by instance: the instance of --preset icq is named icq, so its "
                        + "SMTP server is --set icq.smtp-server=smtp.example.net. 'portcullis presets show ID' lists "
                        + "a preset's parameters and options.",
                "Nothing is written if any argument is wrong, or if FILE exists (unless --force)."},
        footer = {"", "Example:",
                "  portcullis policy new --preset icq --preset yahoo-messenger \\",
                "      --set icq.smtp-server=smtp.example.net \\",
                "      --option yahoo-messenger.socks=off -o p.yaml"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written (or printed)", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PolicyNewCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    CatalogOption catalogOption;

    @Option(names = "--preset", paramLabel = "PRESET", required = true,
            description = "A preset to use (id, alias or title). Repeatable; rules keep this order.")
    List<String> presets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "INSTANCE.PARAM=VALUE",
            description = "A parameter value, e.g. icq.smtp-server=smtp.example.net. Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--option", paramLabel = "INSTANCE.OPTION=on|off",
            description = "Switch a preset option, e.g. yahoo-messenger.socks=off. Repeatable.")
    List<String> options = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "NAME[=ADDRESSES]",
            description = "Define a zone the presets refer to, e.g. lan=192.168.1.0/24,fd00::/64; a zone without "
                    + "addresses (internet) is everything no other zone covers. Repeatable.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "block-most",
            description = "block-most, allow-most, stop-all, disabled or learning (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--name", paramLabel = "NAME", description = "The policy's name (default: the file name).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the policy; without it the policy is printed.")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    /** What was written; {@code file} is empty when the policy was printed instead. */
    record Written(String file, String name, String mode, List<String> instances, int rules, String yaml) {
    }

    @Override
    public Integer call() {
        Catalog catalog = catalogOption.catalog();
        PolicyDocument document = document(catalog);
        // Expanding checks every parameter and option against the catalog; problems point at the argument.
        Policy policy = new PolicyLoader(catalog).expand(document);
        List<String> instances = document.entries().stream()
                .flatMap(e -> e instanceof PolicyEntry.PresetUse use ? java.util.stream.Stream.of(
                        use.instance().instanceName()) : java.util.stream.Stream.empty()).toList();
        String text = PolicyWriter.write(document, List.of(
                "Written by: portcullis policy new " + commandLineText(),
                "Check it with 'portcullis policy validate FILE'; 'portcullis policy show FILE' lists the rules.",
                "Order matters (first match wins): plain rules and presets can be added above or below these."));
        Output out = new Output(spec.commandLine().getOut(), json.enabled());
        if (output == null) {
            out.print(new Written("", document.name(), document.mode().keyword(), instances, policy.rules().size(),
                    text), text);
            return ExitCodes.OK;
        }
        write(text);
        out.print(new Written(output.toString(), document.name(), document.mode().keyword(), instances,
                policy.rules().size(), text), "Wrote " + output + ": policy '" + document.name() + "', mode "
                + document.mode().keyword() + ", " + policy.rules().size() + " rules from "
                + String.join(", ", instances) + ".\nNext: portcullis policy show " + output);
        return ExitCodes.OK;
    }

    /** The arguments that matter for reproducing the file, for its header comment. */
    private String commandLineText() {
        List<String> words = new ArrayList<>();
        presets.forEach(p -> words.add("--preset " + p));
        settings.forEach(s -> words.add("--set " + s));
        options.forEach(o -> words.add("--option " + o));
        zones.forEach(z -> words.add("--zone " + z));
        words.add("--mode " + mode);
        return String.join(" ", words);
    }

    private PolicyDocument document(Catalog catalog) {
        List<InputProblem> problems = new ArrayList<>();
        Map<String, String> presetIds = new LinkedHashMap<>(); // instance name -> preset id
        Map<String, Location> presetArgs = new HashMap<>();
        for (String wanted : presets) {
            Location at = Location.of("--preset " + wanted);
            Optional<Preset> preset = catalog.find(wanted);
            if (preset.isEmpty()) {
                problems.add(new InputProblem(at, "unknown preset '" + wanted + "'", "known presets: "
                        + catalog.presets().stream().map(Preset::id).collect(Collectors.joining(", "))));
            } else if (presetIds.putIfAbsent(preset.get().id(), preset.get().id()) != null) {
                problems.add(new InputProblem(at, "preset '" + preset.get().id() + "' is given twice",
                        "give each preset once; to use one twice, write a second instance in the file"));
            } else {
                presetArgs.put(preset.get().id(), at);
            }
        }
        Map<String, Map<String, String>> parameters = new HashMap<>();
        Map<String, Map<String, Boolean>> switches = new HashMap<>();
        Map<String, Map<String, Location>> valueLocations = new HashMap<>();
        for (String setting : settings) {
            assignment("--set", setting, presetIds.keySet(), problems).ifPresent(a -> {
                parameters.computeIfAbsent(a.instance(), i -> new LinkedHashMap<>()).put(a.key(), a.value());
                valueLocations.computeIfAbsent(a.instance(), i -> new HashMap<>()).put(a.key(), a.location());
            });
        }
        for (String option : options) {
            assignment("--option", option, presetIds.keySet(), problems).ifPresent(a -> {
                Boolean on = switch (a.value().toLowerCase(Locale.ROOT)) {
                    case "on", "true", "yes" -> true;
                    case "off", "false", "no" -> false;
                    default -> null;
                };
                if (on == null) {
                    problems.add(new InputProblem(a.location(), "option value '" + a.value() + "' is not on or off",
                            "write --option " + a.instance() + "." + a.key() + "=on (or =off)"));
                } else {
                    switches.computeIfAbsent(a.instance(), i -> new LinkedHashMap<>()).put(a.key(), on);
                    valueLocations.computeIfAbsent(a.instance(), i -> new HashMap<>()).put(a.key(), a.location());
                }
            });
        }
        List<Zone> zoneList = zones(problems);
        Mode parsedMode = null;
        try {
            parsedMode = Mode.parse(mode);
        } catch (IllegalArgumentException e) {
            problems.add(new InputProblem(Location.of("--mode " + mode), e.getMessage(),
                    "write block-most, allow-most, stop-all, disabled or learning"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<PolicyEntry> entries = new ArrayList<>();
        presetIds.forEach((instance, presetId) -> entries.add(new PolicyEntry.PresetUse(new PresetInstance(presetId,
                instance, parameters.getOrDefault(instance, Map.of()), switches.getOrDefault(instance, Map.of()),
                presetArgs.get(instance), valueLocations.getOrDefault(instance, Map.of())))));
        String policyName = name != null ? name
                : output != null ? PolicyLoader.defaultName(output.toString()) : "policy";
        return new PolicyDocument(policyName, parsedMode, Settings.DEFAULTS, zoneList, entries);
    }

    private record Assignment(String instance, String key, String value, Location location) {
    }

    /** Splits {@code INSTANCE.KEY=VALUE}; the instance must be one of the presets given. */
    private static Optional<Assignment> assignment(String flag, String text, java.util.Set<String> instances,
                                                   List<InputProblem> problems) {
        Location at = Location.of(flag + " " + text);
        int equals = text.indexOf('=');
        int dot = equals < 0 ? -1 : text.lastIndexOf('.', equals);
        if (equals < 0 || dot <= 0 || dot == equals - 1) {
            problems.add(new InputProblem(at, "expected INSTANCE.NAME=VALUE",
                    "e.g. " + flag + " icq." + (flag.equals("--set") ? "smtp-server=smtp.example.net" : "socks=off")));
            return Optional.empty();
        }
        String instance = text.substring(0, dot);
        if (!instances.contains(instance)) {
            problems.add(new InputProblem(at, "no preset instance '" + instance + "'", instances.isEmpty()
                    ? "add --preset " + instance
                    : "instances are named after their presets: " + String.join(", ", instances)));
            return Optional.empty();
        }
        return Optional.of(new Assignment(instance, text.substring(dot + 1, equals), text.substring(equals + 1), at));
    }

    private List<Zone> zones(List<InputProblem> problems) {
        List<Zone> result = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String zone : zones) {
            Location at = Location.of("--zone " + zone);
            int equals = zone.indexOf('=');
            String zoneName = (equals < 0 ? zone : zone.substring(0, equals)).trim();
            if (!zoneName.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
                problems.add(new InputProblem(at, "zone name '" + zoneName + "' is not a plain name",
                        "e.g. --zone lan=192.168.1.0/24 or --zone internet"));
                continue;
            }
            if (!names.add(zoneName)) {
                problems.add(new InputProblem(at, "zone '" + zoneName + "' is given twice",
                        "list all its addresses in one --zone, separated by commas"));
                continue;
            }
            List<HostMatch.AddressBlock> addresses = new ArrayList<>();
            if (equals >= 0) {
                for (String address : zone.substring(equals + 1).split(",")) {
                    try {
                        addresses.add(HostMatch.AddressBlock.parse(address));
                    } catch (IllegalArgumentException e) {
                        problems.add(new InputProblem(at, e.getMessage(),
                                "write addresses, prefixes or ranges separated by commas"));
                    }
                }
            }
            result.add(new Zone(zoneName, addresses, List.of(), ""));
        }
        return result;
    }

    /** Writes through a temporary file and a rename, so a failure never leaves half a policy behind. */
    private void write(String text) {
        OutputFiles.write(output, text, force, "policy file");
    }
}
