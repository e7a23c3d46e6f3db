package dev.portcullis.policy;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Rule;
import java.util.List;

/** Expands one preset instance of a policy into its rules, in preset order, or says precisely why it cannot. */
@FunctionalInterface
public interface PresetExpander {
    /**
     * The instance's rules, named {@code INSTANCE.RULE}, each with an origin naming the instance and the preset rule.
     *
     * @throws InvalidInputException unknown preset, option or parameter, a missing required parameter, or a
     *                               parameter value that does not parse; located at the value or the instance
     */
    List<Rule> expand(PolicyEntry.PresetUse use);

    /** Knows no presets: every instance is reported as unknown. */
    PresetExpander NONE = use -> {
        throw new InvalidInputException(use.location(), "unknown preset '" + use.presetId() + "'",
                "no preset catalog is available to this loader");
    };
}
