package dev.portcullis.catalog;

import dev.portcullis.input.Problems;
import dev.portcullis.input.YamlNode;
import dev.portcullis.input.YamlNode.Mapping;
import dev.portcullis.input.YamlNode.Scalar;
import dev.portcullis.input.YamlNode.Sequence;
import dev.portcullis.input.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in service names: the glossary of reference document 002 first, then the other well-known services
 * the built-in presets name. Both are YAML resources so that the text of the glossary stays data.
 */
final class BuiltInServices {
    static final List<String> FILES = List.of("registry/002-glossary.yaml", "registry/catalog-services.yaml");

    private BuiltInServices() {
    }

    static List<ServiceEntry> entries() {
        List<ServiceEntry> entries = new ArrayList<>();
        for (String file : FILES) {
            entries.addAll(read(file, PresetFiles.resource(file)));
        }
        return List.copyOf(entries);
    }

    /**
     * {@code document: NAME} (optional) and {@code services:}, each with {@code name}, {@code ports},
     * {@code transports}, {@code description} and, for document entries, {@code line}. Built-in data: a mistake
     * here is a bug, so the checks are plain exceptions rather than user-facing messages.
     */
    static List<ServiceEntry> read(String file, String text) {
        Problems problems = new Problems();
        Mapping top = (Mapping) YamlReader.read(text, file, problems);
        problems.throwIfAny();
        String document = top.get("document").map(n -> ((Scalar) n).text()).orElse("");
        List<ServiceEntry> entries = new ArrayList<>();
        for (YamlNode node : ((Sequence) top.get("services").orElseThrow()).items()) {
            Mapping service = (Mapping) node;
            String name = scalar(service, "name");
            String description = scalar(service, "description").replaceAll("\\s+", " ").strip();
            String source = document.isEmpty() ? "catalog"
                    : document + service.get("line").map(n -> ":" + ((Scalar) n).text()).orElse("");
            for (YamlNode port : ((Sequence) service.get("ports").orElseThrow()).items()) {
                for (YamlNode transport : ((Sequence) service.get("transports").orElseThrow()).items()) {
                    entries.add(new ServiceEntry(name, Integer.parseInt(((Scalar) port).text()),
                            ((Scalar) transport).text().toLowerCase(Locale.ROOT), description, source));
                }
            }
        }
        return entries;
    }

    private static String scalar(Mapping map, String key) {
        return ((Scalar) map.get(key).orElseThrow(() -> new IllegalStateException(
                "built-in registry entry at " + map.location() + " has no " + key))).text();
    }
}
