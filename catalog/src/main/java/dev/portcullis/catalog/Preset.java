package dev.portcullis.catalog;

import dev.portcullis.model.SourceRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, documented group of rule templates for one application or appliance.
 *
 * @param id      stable key used in policy files, e.g. {@code yahoo-messenger}
 * @param sources where in the reference documents the preset comes from
 * @param notes   provenance, and how the catalog resolved what the source leaves ambiguous or incomplete
 */
public record Preset(String id, String name, PresetKind kind, String description, List<PresetRule> rules,
                     List<Parameter> parameters, List<PresetOption> options, List<SourceRef> sources, String notes) {
    public Preset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
        parameters = List.copyOf(parameters);
        options = List.copyOf(options);
        sources = List.copyOf(sources);
        notes = notes == null ? "" : notes;
    }

    public Optional<Parameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    public Optional<PresetOption> option(String optionName) {
        return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
    }

    public Optional<PresetRule> rule(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
    }
}
