package dev.portcullis.catalog;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The presets Portcullis knows: the built-in ones written from the reference documents (YAML resources beside
 * this class) plus any preset files the user names, and the port registry their service names resolve in.
 * Immutable; {@link #expand} turns a policy file's preset instance into model rules.
 */
public final class Catalog {
    private final List<Preset> presets;
    private final Map<String, Preset> byKey;
    private final PortRegistry ports;
    private final Map<String, SourceDocument> documents;

    Catalog(List<Preset> presets, Map<String, List<String>> aliases, Map<String, SourceDocument> documents,
            PortRegistry ports) {
        this.presets = List.copyOf(presets);
        this.ports = ports;
        this.documents = Map.copyOf(documents);
        Map<String, Preset> keys = new LinkedHashMap<>();
        for (Preset preset : this.presets) {
            keys.put(key(preset.id()), preset);
        }
        // Ids win over aliases and names, so a user preset can never shadow a built-in id by its title.
        for (Preset preset : this.presets) {
            for (String alias : aliases.getOrDefault(preset.id(), List.of())) {
                keys.putIfAbsent(key(alias), preset);
            }
            keys.putIfAbsent(key(preset.name()), preset);
            keys.putIfAbsent(slug(preset.name()), preset);
        }
        this.byKey = Map.copyOf(keys);
    }

    /** The presets written from the reference documents, embedded as classpath resources. */
    public static Catalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /**
     * The built-in presets plus the presets in {@code extraFiles} (same YAML format; they may {@code use} the
     * built-in shared rules). Any problem in a file is an {@link InvalidInputException} with its location.
     */
    public static Catalog load(List<Path> extraFiles) {
        return PresetFiles.load(BuiltIn.SOURCES, extraFiles, PortRegistry.builtIn());
    }

    public List<Preset> presets() {
        return presets;
    }

    /** By id, alias or title, case-insensitively: {@code yahoo-messenger}, {@code "Yahoo! Messenger"}. */
    public Optional<Preset> find(String idOrName) {
        Preset found = byKey.get(key(idOrName));
        return Optional.ofNullable(found != null ? found : byKey.get(slug(idOrName)));
    }

    /**
     * The rules an instance stands for, ids {@code <instanceName>.<presetRuleId>}, in preset order.
     *
     * @throws InvalidInputException for an unknown preset, option or parameter, a bad or missing parameter
     *                               value, located at the instance or at the offending value
     */
    public List<Rule> expand(PresetInstance instance) {
        Preset preset = find(instance.presetId()).orElseThrow(() -> new InvalidInputException(instance.location(),
                "unknown preset '" + instance.presetId() + "'", suggestion(instance.presetId())));
        return new Expander(preset, instance, ports).rules();
    }

    /**
     * Presets with a rule (in any option state) or a port parameter default whose ports include {@code port}.
     * Ranges count, so ICQ's peer range 1024-65535 "uses" every registered and dynamic port.
     */
    public List<Preset> presetsUsingPort(int port) {
        List<Preset> using = new ArrayList<>();
        for (Preset preset : presets) {
            if (Expander.usesPort(preset, port, ports)) {
                using.add(preset);
            }
        }
        return List.copyOf(using);
    }

    public PortRegistry ports() {
        return ports;
    }

    /** What a person needs to find a source document: its title and where it is kept, by its file name. */
    public Optional<SourceDocument> document(String file) {
        return Optional.ofNullable(documents.get(file));
    }

    private String suggestion(String wanted) {
        String lower = key(wanted);
        List<String> close = presets.stream().map(Preset::id)
                .filter(id -> id.contains(lower) || lower.contains(id) || Suggestions.distance(id, lower) <= 2).toList();
        String known = String.join(", ", presets.stream().map(Preset::id).toList());
        return close.isEmpty() ? "known presets: " + known : "did you mean " + String.join(" or ", close) + "?";
    }

    static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /** "Yahoo! Messenger" and "yahoo_messenger" both become {@code yahoo-messenger}. */
    static String slug(String text) {
        return key(text).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }


    /** The built-in catalog, read once; a broken built-in file is a bug, reported like a user's. */
    private static final class BuiltIn {
        static final List<PresetFiles.Source> SOURCES = PresetFiles.builtInSources();
        static final Catalog CATALOG = PresetFiles.load(SOURCES, List.of(), PortRegistry.builtIn());
    }
}
