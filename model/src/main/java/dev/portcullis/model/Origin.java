package dev.portcullis.model;

import java.util.Optional;

/**
 * Where an expanded rule came from: the preset instance and preset rule that produced it (if any), and the
 * place in the policy file that asked for it.
 */
public record Origin(Optional<String> preset, Optional<String> presetRule, Optional<Location> definedAt) {
    public static final Origin UNKNOWN = new Origin(Optional.empty(), Optional.empty(), Optional.empty());

    public static Origin at(Location location) {
        return new Origin(Optional.empty(), Optional.empty(), Optional.of(location));
    }

    public static Origin preset(String preset, String presetRule, Location location) {
        return new Origin(Optional.of(preset), Optional.of(presetRule), Optional.ofNullable(location));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        preset.ifPresent(p -> text.append("preset ").append(p));
        presetRule.ifPresent(r -> text.append(text.isEmpty() ? "" : " ").append("rule ").append(r));
        definedAt.ifPresent(l -> text.append(text.isEmpty() ? "" : " ").append("at ").append(l));
        return text.isEmpty() ? "unknown origin" : text.toString();
    }
}
