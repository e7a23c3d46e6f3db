package dev.portcullis.model;

import java.util.Optional;

/** What is known about the local program that owns a packet's socket. */
public record AppIdentity(Optional<String> executable, Optional<String> user, Optional<String> cgroup) {
    public static final AppIdentity UNKNOWN = new AppIdentity(Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether a selector matches this identity; an unknown attribute never matches. */
    public boolean matches(AppSelector selector) {
        return switch (selector) {
            case AppSelector.Executable exe -> executable.filter(exe.path()::equals).isPresent();
            case AppSelector.User u -> user.filter(u.user()::equals).isPresent();
            case AppSelector.Cgroup c -> cgroup.filter(c.path()::equals).isPresent();
        };
    }
}
