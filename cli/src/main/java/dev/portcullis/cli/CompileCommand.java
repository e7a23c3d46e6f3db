package dev.portcullis.cli;

import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.nftables.CompiledRuleset;
import dev.portcullis.nftables.NftablesCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis compile POLICY --target nftables}: print the script apply would load. Changes nothing. */
@Command(name = "compile",
        description = {"Compile a policy for an enforcement backend and print the result; nothing is applied.",
                "For nftables this is the table 'inet portcullis' that 'portcullis apply' loads, with host names "
                        + "resolved now (use --no-resolve to leave their sets empty)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:compiled", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class CompileCommand implements Callable<Integer> {
    /** The backends a policy can be compiled for. */
    enum Target { nftables }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    PolicyOptions policyOptions;

    @Parameters(paramLabel = "POLICY", description = "The policy file to compile.")
    Path file;

    @Option(names = "--target", paramLabel = "BACKEND", defaultValue = "nftables",
            description = "The backend to compile for: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--no-resolve", description = "Do not resolve host names; their sets stay empty.")
    boolean noResolve;

    record HostSetView(String set, String hostName, List<String> addresses) {
    }

    record Compiled(String target, String script, List<HostSetView> hostSets) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(file);
        NftablesSupport.checkEnforceable(policy);
        NameResolver resolver = noResolve ? NameResolver.NONE : NftablesSupport.systemResolver();
        CompiledRuleset compiled = new NftablesCompiler().compile(policy, resolver);
        List<HostSetView> sets = compiled.hostSets().stream().map(s -> new HostSetView(s.set(), s.hostName(),
                s.addresses().stream().map(a -> a.toCanonicalString()).toList())).toList();
        new Output(spec.commandLine().getOut(), json.enabled())
                .print(new Compiled(target.name(), compiled.table(), sets), compiled.table());
        return ExitCodes.OK;
    }
}
