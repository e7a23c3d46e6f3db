package dev.portcullis.catalog;

import dev.portcullis.model.Durations;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Origin;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns one preset instance into model rules: options first, then parameter values, then the rules. */
final class Expander {
    private final Preset preset;
    private final PresetInstance instance;
    private final PortRegistry ports;
    private final Map<String, Boolean> options = new LinkedHashMap<>();

    Expander(Preset preset, PresetInstance instance, PortRegistry ports) {
        this.preset = preset;
        this.instance = instance;
        this.ports = ports;
        for (PresetOption option : preset.options()) {
            options.put(option.name(), option.enabledByDefault());
        }
        instance.options().forEach((name, value) -> {
            if (preset.option(name).isEmpty()) {
                throw new InvalidInputException(instance.locationOf(name),
                        "preset '" + preset.id() + "' has no option '" + name + "'",
                        closest(name, preset.options().stream().map(PresetOption::name).toList(), "options"));
            }
            options.put(name, value);
        });
        instance.parameters().keySet().forEach(name -> {
            if (preset.parameter(name).isEmpty()) {
                throw new InvalidInputException(instance.locationOf(name),
                        "preset '" + preset.id() + "' has no parameter '" + name + "'",
                        closest(name, preset.parameters().stream().map(Parameter::name).toList(), "parameters"));
            }
        });
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (PresetRule template : preset.rules()) {
            if (template.when().isPresent() && !holds(template.when().get())) {
                continue;
            }
            Optional<PortSet> localPorts = portSet(template, template.localPorts());
            Optional<PortSet> remotePorts = portSet(template, template.remotePorts());
            Optional<HostSet> localHosts = hostSet(template.localHosts(), template);
            Optional<HostSet> remoteHosts = hostSet(template.remoteHosts(), template);
            if (localPorts.isEmpty() || remotePorts.isEmpty() || localHosts.isEmpty() || remoteHosts.isEmpty()) {
                continue;
            }
            Rule.Builder rule = Rule.builder(instance.instanceName() + "." + template.id())
                    .name(template.name())
                    .action(template.action())
                    .direction(template.direction())
                    .protocol(template.protocol())
                    .localHosts(localHosts.get())
                    .localPorts(localPorts.get())
                    .remoteHosts(remoteHosts.get())
                    .remotePorts(remotePorts.get())
                    .state(template.state())
                    .purpose(template.purpose())
                    .advice(template.advice())
                    .origin(Origin.preset(instance.instanceName(), template.id(), instance.location()));
            template.source().ifPresent(rule::source);
            template.conntrackHelper().ifPresent(rule::conntrackHelper);
            sessionTimeout(template).ifPresent(rule::sessionTimeout);
            rules.add(rule.build());
        }
        return List.copyOf(rules);
    }

    /** Whether any rule of the preset names the port, whatever the options, or a port parameter defaults to it. */
    static boolean usesPort(Preset preset, int port, PortRegistry ports) {
        for (PresetRule rule : preset.rules()) {
            for (List<Term<PortRange>> terms : List.of(rule.localPorts(), rule.remotePorts())) {
                for (Term<PortRange> term : terms) {
                    if (term instanceof Term.Fixed<PortRange> fixed && fixed.value().contains(port)) {
                        return true;
                    }
                }
            }
        }
        for (Parameter parameter : preset.parameters()) {
            if (parameter.kind() == ParameterKind.PORTS && parameter.defaultValue().isPresent()) {
                try {
                    if (PortSet.parse(parameter.defaultValue().get(), "tcp+udp", ports).contains(port)) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // A default that only resolves on one transport is checked when the preset is loaded.
                }
            }
        }
        return false;
    }

    private boolean holds(Condition condition) {
        return condition.holds(options.getOrDefault(condition.option(), false));
    }

    /** Empty when an option removed every port of a clause that had some: the rule goes, it never widens. */
    private Optional<PortSet> portSet(PresetRule template, List<Term<PortRange>> terms) {
        String transport = template.protocol().keyword();
        return collect(template, terms, value -> checkPortCount(PortSet.parse(value, transport, ports),
                minimumPorts(terms)).ranges()).map(PortSet::new);
    }

    private int minimumPorts(List<Term<PortRange>> terms) {
        int minimum = 0;
        for (Term<PortRange> term : terms) {
            if (term instanceof Term.Param<PortRange> param) {
                minimum = Math.max(minimum, preset.parameter(param.parameter()).map(Parameter::minimumPorts).orElse(0));
            }
        }
        return minimum;
    }

    /** A ports parameter with a minimum (ICQ needs at least 3 ports) must name that many distinct ports. */
    static PortSet checkPortCount(PortSet ports, int minimum) {
        long count = ports.normalized().stream().mapToLong(PortRange::size).sum();
        if (minimum > 0 && count < minimum) {
            throw new IllegalArgumentException("gives " + count + (count == 1 ? " port" : " ports") + " where at least "
                    + minimum + " are needed");
        }
        return ports;
    }

    private Optional<HostSet> hostSet(List<Term<HostMatch>> terms, PresetRule template) {
        return collect(template, terms, Expander::hosts).map(HostSet::new);
    }

    private <T> Optional<List<T>> collect(PresetRule template, List<Term<T>> terms, Function<String, List<T>> parse) {
        List<T> values = new ArrayList<>();
        boolean removedByOption = false;
        for (Term<T> term : terms) {
            if (term.when().isPresent() && !holds(term.when().get())) {
                removedByOption = true;
                continue;
            }
            switch (term) {
                case Term.Fixed<T> fixed -> values.add(fixed.value());
                case Term.Param<T> param -> {
                    String value = value(template, param.parameter());
                    if (!value.isBlank()) {
                        try {
                            values.addAll(parse.apply(value));
                        } catch (IllegalArgumentException e) {
                            throw badValue(param.parameter(), e);
                        }
                    }
                }
            }
        }
        if (values.isEmpty() && removedByOption) {
            return Optional.empty();
        }
        return Optional.of(values);
    }

    private Optional<Duration> sessionTimeout(PresetRule template) {
        if (template.sessionTimeout().isEmpty()) {
            return Optional.empty();
        }
        Term<Duration> term = template.sessionTimeout().get();
        if (term.when().isPresent() && !holds(term.when().get())) {
            return Optional.empty();
        }
        Duration timeout;
        Location where;
        switch (term) {
            case Term.Fixed<Duration> fixed -> {
                timeout = fixed.value();
                where = instance.location();
            }
            case Term.Param<Duration> param -> {
                String value = value(template, param.parameter());
                if (value.isBlank()) {
                    return Optional.empty();
                }
                try {
                    timeout = Durations.parse(value);
                } catch (IllegalArgumentException e) {
                    throw badValue(param.parameter(), e);
                }
                where = instance.locationOf(param.parameter());
            }
        }
        if (template.minimumSessionTimeout().isPresent() && timeout.compareTo(template.minimumSessionTimeout().get()) < 0) {
            throw new InvalidInputException(where, "session timeout " + Durations.format(timeout) + " of rule '"
                    + template.id() + "' is below the " + Durations.format(template.minimumSessionTimeout().get())
                    + " preset '" + preset.id() + "' needs",
                    template.notes().isEmpty() ? "use at least " + Durations.format(template.minimumSessionTimeout().get())
                            : template.notes());
        }
        return Optional.of(timeout);
    }

    private String value(PresetRule rule, String parameterName) {
        Parameter parameter = preset.parameter(parameterName).orElseThrow(() ->
                new IllegalStateException("preset " + preset.id() + " refers to undeclared parameter " + parameterName));
        String given = instance.parameters().get(parameterName);
        if (given != null && !(given.isBlank() && parameter.required())) {
            return given;
        }
        return parameter.defaultValue().orElseThrow(() -> new InvalidInputException(instance.location(),
                "preset '" + preset.id() + "' needs parameter '" + parameterName + "'"
                        + (parameter.description().isEmpty() ? "" : " (" + parameter.description() + ")"),
                "add " + parameterName + ": <" + parameter.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + "> to the instance's parameters; rule '" + rule.id() + "' uses it"
                        + rule.when().map(c -> " because option '" + c.option() + "' is "
                                + (c.enabled() ? "on" : "off")).orElse("")));
    }

    private InvalidInputException badValue(String parameterName, IllegalArgumentException e) {
        Parameter parameter = preset.parameter(parameterName).orElseThrow();
        return new InvalidInputException(instance.locationOf(parameterName),
                "parameter '" + parameterName + "' of preset '" + preset.id() + "': " + e.getMessage(),
                hint(parameter.kind()));
    }

    private static String closest(String wanted, List<String> names, String what) {
        if (names.isEmpty()) {
            return "this preset has no " + what;
        }
        List<String> close = names.stream().filter(n -> Suggestions.distance(n, wanted) <= 2).toList();
        return close.isEmpty() ? "its " + what + " are: " + String.join(", ", names)
                : "did you mean " + String.join(" or ", close) + "?";
    }

    /** A hosts parameter's value: entries separated by commas (or spaces), each as {@link HostMatch#parse} reads it. */
    static List<HostMatch> hosts(String text) {
        List<HostMatch> hosts = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isBlank()) {
                hosts.add(HostMatch.parse(item));
            }
        }
        return hosts;
    }

    /** What a parameter of this kind looks like, for hints. */
    static String hint(ParameterKind kind) {
        return switch (kind) {
            case HOSTS -> "give host names, addresses, prefixes or zone:NAME, separated by commas";
            case PORTS -> "give ports (25), ranges (6660-6670) or service names (smtp), separated by commas";
            case DURATION -> Durations.HINT;
            case TEXT -> "give any text";
        };
    }
}
