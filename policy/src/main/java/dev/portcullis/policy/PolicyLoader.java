package dev.portcullis.policy;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Zone;
import dev.portcullis.input.InputFiles;
import dev.portcullis.input.Problems;
import dev.portcullis.input.YamlNode;
import dev.portcullis.input.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads policy files: YAML in, a validated, expanded {@link Policy} out, or an {@link InvalidInputException}
 * listing every problem with its {@code file:line:column} and a hint.
 *
 * <p>Rules keep where they came from: a plain rule's origin is the place it was written; a rule from a preset
 * instance names the instance and the preset's rule, and points at the instance in the file.
 */
public final class PolicyLoader {
    private final Catalog catalog;

    /** A loader that expands presets from {@code catalog} and resolves service names in its port registry. */
    public PolicyLoader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The catalog this loader expands presets from. */
    public Catalog catalog() {
        return catalog;
    }

    /** Loads and expands a policy file with the built-in presets and service names. */
    public static Policy load(Path file) {
        return builtIn().read(file);
    }

    /** Loads and expands policy text; {@code fileName} is what error locations name. */
    public static Policy load(String text, String fileName) {
        return builtIn().read(text, fileName);
    }

    /** A loader with the built-in presets and service names. */
    public static PolicyLoader builtIn() {
        return new PolicyLoader(Catalog.builtIn());
    }

    public Policy read(Path file) {
        return read(readFile(file), file.toString());
    }

    public Policy read(String text, String fileName) {
        return expand(parse(text, fileName));
    }

    /** Reads a file into a document without expanding its preset instances (service names are resolved). */
    public PolicyDocument parse(Path file) {
        return parse(readFile(file), file.toString());
    }

    public PolicyDocument parse(String text, String fileName) {
        Problems problems = new Problems();
        if (text.isBlank()) {
            throw new InvalidInputException(new Location(fileName, 1, 1), "the file is empty",
                    "a policy needs at least 'mode:' and 'rules:'; see examples/ for complete policies");
        }
        YamlNode root = YamlReader.read(text, fileName, problems);
        var document = PolicyParser.parse(root, defaultName(fileName), catalog, problems);
        problems.throwIfAny();
        return document.orElseThrow(() -> new IllegalStateException("a policy without problems must parse"));
    }

    /** Expands every preset instance in place and checks what only the expanded list shows. */
    public Policy expand(PolicyDocument document) {
        Problems problems = new Problems();
        List<Rule> rules = new ArrayList<>();
        Map<String, Location> ids = new HashMap<>();
        Set<String> zones = document.zones().stream().map(Zone::name).collect(Collectors.toSet());
        Set<String> reported = new java.util.HashSet<>();
        for (PolicyEntry entry : document.entries()) {
            List<Rule> produced;
            switch (entry) {
                case PolicyEntry.PlainRule plain -> produced = List.of(plain.rule());
                case PolicyEntry.PresetUse use -> {
                    try {
                        produced = catalog.expand(use.instance());
                    } catch (InvalidInputException e) {
                        problems.addAll(e);
                        continue;
                    }
                }
            }
            for (Rule rule : produced) {
                Location earlier = ids.putIfAbsent(rule.id(), entry.location());
                if (earlier != null) {
                    problems.add(entry.location(), "rule id '" + rule.id() + "' is used twice (first at line "
                            + earlier.line() + ")", entry instanceof PolicyEntry.PresetUse
                            ? "give this preset instance another name with 'instance:'"
                            : "rename this rule; preset rules are named INSTANCE.RULE");
                    continue;
                }
                // Plain rules were checked where the zone is written; a preset's rules get one problem per zone.
                undefinedZone(rule, zones).filter(zone -> reported.add(entry.location() + " " + zone))
                        .ifPresent(zone -> problems.add(entry.location(), (entry instanceof PolicyEntry.PresetUse use
                                ? "preset instance '" + use.instance().instanceName() + "'" : "rule '" + rule.id() + "'")
                                + " refers to zone '" + zone + "', which is not defined",
                                "define it under 'zones:', e.g. zones: { " + zone + ": { addresses: [192.0.2.0/24] } }"
                                        + (entry instanceof PolicyEntry.PresetUse
                                        ? " (with 'policy new': --zone " + zone + "=ADDRESSES), or give the preset's "
                                        + "host parameters other values" : "")));
                rules.add(rule);
            }
        }
        problems.throwIfAny();
        return new Policy(document.name(), document.mode(), document.zones(), rules, document.settings());
    }

    private static java.util.Optional<String> undefinedZone(Rule rule, Set<String> zones) {
        for (HostSet hosts : List.of(rule.localHosts(), rule.remoteHosts())) {
            for (HostMatch host : hosts.entries()) {
                if (host instanceof HostMatch.ZoneRef ref && !zones.contains(ref.zone())) {
                    return java.util.Optional.of(ref.zone());
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The policy's name when the file gives none: the file name without directory and extension. */
    public static String defaultName(String fileName) {
        String base = Path.of(fileName).getFileName() == null ? fileName : Path.of(fileName).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String readFile(Path file) {
        return InputFiles.readText(file, "policy file");
    }
}
