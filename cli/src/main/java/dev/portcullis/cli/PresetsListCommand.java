package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Preset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code portcullis presets list}: one line per preset. */
@Command(name = "list",
        description = {"List the presets: id, kind, number of rules and what each is for.",
                "Use an id with 'portcullis presets show ID' or in a policy file's 'preset:' entry."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:listed", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PresetsListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    CatalogOption catalogOption;

    /** One preset as listed. */
    record Entry(String id, String name, String kind, int rules, int parameters, int options, String description) {
    }

    @Override
    public Integer call() {
        Catalog catalog = catalogOption.catalog();
        List<Entry> entries = catalog.presets().stream().map(PresetsListCommand::entry).toList();
        new Output(spec.commandLine().getOut(), json.enabled()).print(entries, text(entries));
        return ExitCodes.OK;
    }

    private static Entry entry(Preset preset) {
        return new Entry(preset.id(), preset.name(), preset.kind().name().toLowerCase(Locale.ROOT),
                preset.rules().size(), preset.parameters().size(), preset.options().size(), preset.description());
    }

    private static String text(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "No presets in the catalog.\n";
        }
        int idWidth = Math.max(2, entries.stream().mapToInt(e -> e.id().length()).max().orElse(0));
        StringBuilder out = new StringBuilder()
                .append(entries.size()).append(" presets\n\n")
                .append("  ").append(TextLayout.pad("ID", idWidth)).append("  ")
                .append(TextLayout.pad("KIND", 11)).append("  RULES  WHAT IT IS FOR\n");
        for (Entry entry : entries) {
            // Descriptions often start with the preset's name already; say it once.
            String what = entry.description().isEmpty() ? entry.name()
                    : entry.description().startsWith(entry.name()) ? entry.description()
                    : entry.name() + " — " + entry.description();
            int room = Math.max(30, TextLayout.WIDTH - idWidth - 24);
            out.append("  ").append(TextLayout.pad(entry.id(), idWidth)).append("  ")
                    .append(TextLayout.pad(entry.kind(), 11)).append("  ")
                    .append(String.format(Locale.ROOT, "%5d", entry.rules())).append("  ")
                    .append(TextLayout.cut(what, room)).append('\n');
        }
        return out.append("\nDetails: portcullis presets show ID    Use one: portcullis policy new --preset ID -o policy.yaml\n")
                .toString();
    }
}
