package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Parameter;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetRule;
import dev.portcullis.catalog.Term;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Durations;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code portcullis presets show NAME}: everything a preset says, with its sources. */
@Command(name = "show",
        description = {"Show one preset: its rules with their purpose and advice, its parameters and options, "
                + "and where in the reference documents each rule comes from.",
                "Rules show $${parameter} where an instance's value goes, and 'when OPTION' for the parts an option "
                        + "adds (or 'when !OPTION' for those it removes)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:shown", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PresetsShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    CatalogOption catalogOption;

    @Parameters(paramLabel = "NAME", description = "Preset id, alias or title, e.g. icq or \"Yahoo! Messenger\".")
    String name;

    /**
     * @param requiredWhen for a required parameter, the option settings under which a rule that uses it is present
     *                     ("dns-beyond-firewall"); empty when some rule always uses it
     */
    record ParameterView(String name, String kind, boolean required, List<String> requiredWhen, String defaultValue,
                         int minimumPorts, String description) {
    }

    record OptionView(String name, boolean enabledByDefault, String description, String why) {
    }

    record RuleView(String id, String name, String summary, String when, String purpose, String advice,
                    String source, String sourceDocument, String sharedRule, String published, String notes) {
    }

    /** A reference document the preset cites, as a person can find it. */
    record DocumentView(String file, String title, String origin) {
    }

    record PresetView(String id, String name, String kind, String description, List<ParameterView> parameters,
                      List<OptionView> options, List<RuleView> rules, List<String> sources,
                      List<DocumentView> documents, String notes) {
    }

    @Override
    public Integer call() {
        Catalog catalog = catalogOption.catalog();
        Preset preset = catalog.find(name).orElseThrow(() -> new InvalidInputException(
                Location.of("presets show " + name), "unknown preset '" + name + "'",
                "'portcullis presets list' shows every preset; known ids: "
                        + catalog.presets().stream().map(Preset::id).collect(Collectors.joining(", "))));
        PresetView view = view(catalog, preset);
        new Output(spec.commandLine().getOut(), json.enabled()).print(view, text(view));
        return ExitCodes.OK;
    }

    static PresetView view(Catalog catalog, Preset preset) {
        return new PresetView(preset.id(), preset.name(), preset.kind().name().toLowerCase(Locale.ROOT),
                preset.description(),
                preset.parameters().stream().map(p -> parameter(preset, p)).toList(),
                preset.options().stream().map(o -> new OptionView(o.name(), o.enabledByDefault(), o.description(),
                        o.why())).toList(),
                preset.rules().stream().map(r -> rule(catalog, preset, r)).toList(),
                preset.sources().stream().map(SourceRef::toString).toList(),
                preset.sources().stream().map(SourceRef::document).distinct()
                        .map(file -> catalog.document(file).map(d -> new DocumentView(d.file(), d.title(), d.origin()))
                                .orElse(new DocumentView(file, file, ""))).toList(),
                preset.notes());
    }

    private static ParameterView parameter(Preset preset, Parameter parameter) {
        return new ParameterView(parameter.name(), parameter.kind().name().toLowerCase(Locale.ROOT),
                parameter.required(), parameter.required() ? requiredWhen(preset, parameter.name()) : List.of(),
                parameter.defaultValue().orElse(""), parameter.minimumPorts(), parameter.description());
    }

    /**
     * The conditions under which some rule uses a parameter: each use is present when its rule's and its entry's
     * {@code when} hold. Empty when a use is unconditional (the parameter is always required).
     */
    static List<String> requiredWhen(Preset preset, String parameter) {
        List<String> conditions = new java.util.ArrayList<>();
        for (PresetRule rule : preset.rules()) {
            List<Term<?>> terms = new java.util.ArrayList<>();
            terms.addAll(rule.localHosts());
            terms.addAll(rule.remoteHosts());
            terms.addAll(rule.localPorts());
            terms.addAll(rule.remotePorts());
            rule.sessionTimeout().ifPresent(terms::add);
            for (Term<?> term : terms) {
                if (term instanceof Term.Param<?> param && param.parameter().equals(parameter)) {
                    List<String> both = new java.util.ArrayList<>();
                    rule.when().ifPresent(c -> both.add(c.toString()));
                    term.when().ifPresent(c -> both.add(c.toString()));
                    if (both.isEmpty()) {
                        return List.of();
                    }
                    String condition = String.join(" and ", both);
                    if (!conditions.contains(condition)) {
                        conditions.add(condition);
                    }
                }
            }
        }
        return List.copyOf(conditions);
    }

    private static RuleView rule(Catalog catalog, Preset preset, PresetRule rule) {
        return new RuleView(preset.id() + "." + rule.id(), rule.name(), summary(rule),
                rule.when().map(Object::toString).orElse(""), rule.purpose(), rule.advice(),
                rule.source().map(SourceRef::toString).orElse(""),
                rule.source().map(s -> source(catalog, s)).orElse(""),
                rule.sharedRule().orElse(""), rule.published(), rule.notes());
    }

    /** {@code "Title", line 29 (file 000_….txt)}: a source a person can find. */
    static String source(Catalog catalog, SourceRef source) {
        return catalog.document(source.document())
                .map(d -> "\"" + d.title() + "\", line " + source.line() + " (file " + d.file() + ")")
                .orElse(source.toString());
    }

    /** Like {@code Rule.summary()}, with parameters and conditions shown as written in the catalog. */
    static String summary(PresetRule rule) {
        StringBuilder text = new StringBuilder()
                .append(rule.action().keyword()).append(' ')
                .append(rule.direction().keyword()).append(' ')
                .append(RuleText.protocol(rule.protocol()));
        clause(text, "remote", rule.remoteHosts());
        clause(text, "remote-port", rule.remotePorts());
        clause(text, "local", rule.localHosts());
        clause(text, "local-port", rule.localPorts());
        if (rule.state() != StateMatch.ANY) {
            text.append(" state ").append(rule.state().keyword());
        }
        rule.sessionTimeout().ifPresent(t -> text.append(" session-timeout ").append(
                t instanceof Term.Fixed<java.time.Duration> fixed ? Durations.format(fixed.value()) : t.toString()));
        rule.conntrackHelper().ifPresent(h -> text.append(" helper ").append(h));
        return text.toString();
    }

    private static void clause(StringBuilder text, String label, List<? extends Term<?>> terms) {
        if (!terms.isEmpty()) {
            text.append(' ').append(label).append(' ')
                    .append(terms.stream().map(Object::toString).collect(Collectors.joining(",")));
        }
    }

    private static String text(PresetView view) {
        StringBuilder out = new StringBuilder();
        out.append(view.id()).append(" — ").append(view.name()).append(" (").append(view.kind()).append(")\n");
        if (!view.description().isEmpty()) {
            out.append('\n').append(TextLayout.wrap(view.description(), "  "));
        }
        out.append("\nParameters").append(view.parameters().isEmpty() ? ": none\n" : ":\n");
        for (ParameterView p : view.parameters()) {
            String status = p.required() ? (p.requiredWhen().isEmpty() ? "required"
                    : "required only when " + String.join(", or when ", p.requiredWhen().stream()
                    .map(c -> c.startsWith("!") ? c.substring(1) + " is off" : c + " is on").toList()))
                    : p.defaultValue().isEmpty() ? "optional, unset = any" : "default " + p.defaultValue();
            if (p.minimumPorts() > 0) {
                status += ", at least " + p.minimumPorts() + " ports";
            }
            out.append(TextLayout.wrap(p.description(), "  " + p.name() + " (" + p.kind() + ", " + status + "): ",
                    "      "));
        }
        out.append("\nOptions").append(view.options().isEmpty() ? ": none\n" : ":\n");
        for (OptionView o : view.options()) {
            out.append(TextLayout.wrap(o.description(), "  " + o.name() + " (" + (o.enabledByDefault() ? "on" : "off")
                    + " by default): ", "      "));
            if (!o.why().isEmpty()) {
                out.append(TextLayout.wrap(o.why(), "      why: ", "           "));
            }
        }
        out.append("\nRules (first match wins, in this order):\n");
        int number = 1;
        for (RuleView r : view.rules()) {
            out.append(String.format(Locale.ROOT, "%3d. ", number++)).append(r.id()).append(" — ").append(r.name())
                    .append(r.when().isEmpty() ? "" : "   [only when " + r.when() + "]").append('\n');
            out.append(TextLayout.wrap(r.summary(), "     ", "         "));
            if (!r.purpose().isEmpty()) {
                out.append(TextLayout.wrap(r.purpose(), "     What it's for: ", "       "));
            }
            if (!r.advice().isEmpty()) {
                out.append(TextLayout.wrap(r.advice(), "     To optimize: ", "       "));
            }
            if (!r.published().isEmpty()) {
                out.append(TextLayout.wrap(r.published(), "     As published: ", "       "));
            }
            if (!r.source().isEmpty()) {
                out.append(TextLayout.wrap(r.sourceDocument() + (r.sharedRule().isEmpty() ? ""
                        : " (shared rule " + r.sharedRule() + ")"), "     Source: ", "       "));
            }
        }
        if (!view.documents().isEmpty()) {
            out.append("\nDocuments:\n");
            for (DocumentView d : view.documents()) {
                out.append(TextLayout.wrap("\"" + d.title() + "\"" + (d.origin().isEmpty() ? "" : " — " + d.origin()),
                        "  " + d.file() + ": ", "      "));
            }
        }
        if (!view.notes().isEmpty()) {
            out.append("\nNotes:\n").append(TextLayout.wrap(view.notes(), "  "));
        }
        return out.toString();
    }
}
