package dev.portcullis.nftables;

import dev.portcullis.model.AppSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.Location;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a policy asks of nftables that nftables (or this host) cannot do, found before anything is compiled:
 * the one check that {@code policy validate} (for the nftables target), {@code compile} and {@code apply} all
 * run, so that validate never passes what apply would refuse. Each problem points at the rule in the file.
 */
public final class NftablesCapabilities {
    private final Predicate<String> userExists;

    /** @param userExists whether a user name exists on the host the table will be loaded on */
    public NftablesCapabilities(Predicate<String> userExists) {
        this.userExists = userExists;
    }

    /** Users are looked up with {@code getent passwd}, as nft itself resolves them (through NSS). */
    public static NftablesCapabilities ofThisHost() {
        Map<String, Boolean> cache = new HashMap<>();
        return new NftablesCapabilities(name -> cache.computeIfAbsent(name, NftablesCapabilities::getent));
    }

    /** Every problem of the policy for this target, in rule order; empty when nftables can enforce it. */
    public List<InputProblem> problems(Policy policy) {
        List<InputProblem> problems = new ArrayList<>();
        if (policy.isGateway()) {
            problems.add(new InputProblem(Location.of(policy.name()), "the nftables backend does not compile gateway"
                    + " policies (forward rules, zone defaults, NAT) yet", "check and replay decide their packets"));
        }
        for (Rule rule : policy.rules()) {
            if (!rule.clauses().isEmpty()) {
                problems.add(new InputProblem(rule.origin().definedAt().orElse(Location.of(policy.name())),
                        "rule '" + rule.id() + "': the nftables backend does not compile the clause '"
                                + rule.clauses().get(0) + "' yet", "check and replay decide its packets"));
            }
            if (!rule.enabled() || rule.application().isEmpty()) {
                continue;
            }
            Location at = rule.origin().definedAt().orElse(Location.of(policy.name()));
            String subject = "rule '" + rule.id() + "'";
            AppSelector app = rule.application().get();
            switch (app) {
                case AppSelector.Executable exe -> problems.add(new InputProblem(at, subject + " selects executable "
                        + exe.path() + ", which nftables cannot match (the kernel sees sockets, not program paths)",
                        "select the program's user (user:NAME) or its systemd service (service:UNIT) instead"));
                case AppSelector.User user -> {
                    if (!user.user().chars().allMatch(Character::isDigit) && !userExists.test(user.user())) {
                        problems.add(new InputProblem(at, subject + " selects user '" + user.user()
                                + "', which does not exist on this host (nft resolves user names when it loads the"
                                + " table)", "create the user, or write its numeric uid (user:1001)"));
                    }
                }
                case AppSelector.Cgroup cgroup -> {
                    // a cgroup that does not exist yet is fine: nft matches it by path once it does
                }
            }
            if (rule.direction() != Direction.OUT) {
                problems.add(new InputProblem(at, subject + " selects application " + app + " for direction "
                        + rule.direction().keyword() + "; nftables knows a packet's owner only for traffic the host"
                        + " sends", "give the rule direction out, or drop the application clause"));
            }
        }
        return List.copyOf(problems);
    }

    private static boolean getent(String name) {
        try {
            Process process = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return true; // without getent the host cannot be asked; nft will say so at load time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
