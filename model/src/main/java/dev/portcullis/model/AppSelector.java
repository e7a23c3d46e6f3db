package dev.portcullis.model;

/** Which local program a rule is for, for backends that can enforce it (nftables: skuid, cgroupv2). */
public sealed interface AppSelector {
    /** An executable path such as {@code /usr/bin/pidgin}. */
    record Executable(String path) implements AppSelector {
        @Override
        public String toString() {
            return "exe:" + path;
        }
    }

    /** A local user name or numeric uid owning the socket. */
    record User(String user) implements AppSelector {
        @Override
        public String toString() {
            return "user:" + user;
        }
    }

    /** A cgroup v2 path, or a systemd service unit (which names its cgroup). */
    record Cgroup(String path) implements AppSelector {
        @Override
        public String toString() {
            return "cgroup:" + path;
        }
    }

    /** Parses {@code exe:PATH}, {@code user:NAME}, {@code cgroup:PATH} or {@code service:UNIT}. */
    static AppSelector parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("application '" + text
                    + "' must be exe:PATH, user:NAME, cgroup:PATH or service:UNIT");
        }
        String value = trimmed.substring(colon + 1);
        return switch (trimmed.substring(0, colon)) {
            case "exe", "path" -> new Executable(value);
            case "user", "uid" -> new User(value);
            case "cgroup" -> new Cgroup(value);
            case "service" -> new Cgroup("system.slice/" + (value.endsWith(".service") ? value : value + ".service"));
            default -> throw new IllegalArgumentException("application '" + text
                    + "' must be exe:PATH, user:NAME, cgroup:PATH or service:UNIT");
        };
    }
}
