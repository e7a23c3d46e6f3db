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

    java.util.regex.Pattern USER_NAME = java.util.regex.Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?|\\d{1,10}");
    java.util.regex.Pattern CGROUP_PATH = java.util.regex.Pattern.compile("[A-Za-z0-9_.@:+-]+(/[A-Za-z0-9_.@:+-]+)*");
    java.util.regex.Pattern UNIT_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,250}");
    java.util.regex.Pattern EXECUTABLE = java.util.regex.Pattern.compile("/[^\\s\"'\\\\;{}$`]*");

    /**
     * Parses {@code exe:PATH}, {@code user:NAME} (or a numeric uid), {@code cgroup:PATH} or {@code service:UNIT},
     * checking each value's syntax so that nothing a backend cannot quote safely gets in: a user name as
     * useradd allows it, a cgroup path of plain segments (no {@code ..}, no spaces or quotes), an absolute
     * executable path without spaces, quotes or shell characters.
     */
    static AppSelector parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("application '" + text
                    + "' must be exe:PATH, user:NAME, cgroup:PATH or service:UNIT");
        }
        String value = trimmed.substring(colon + 1).trim();
        return switch (trimmed.substring(0, colon)) {
            case "exe", "path" -> {
                if (!EXECUTABLE.matcher(value).matches() || value.contains("/../") || value.endsWith("/..")) {
                    throw new IllegalArgumentException("executable '" + value
                            + "' must be an absolute path without spaces, quotes or '..'");
                }
                yield new Executable(value);
            }
            case "user", "uid" -> {
                if (!USER_NAME.matcher(value).matches()) {
                    throw new IllegalArgumentException("user '" + value + "' is not a user name or numeric uid"
                            + " (lower-case letters, digits, '_', '-', '.', starting with a letter or '_')");
                }
                yield new User(value);
            }
            case "cgroup" -> {
                String path = value.startsWith("/") ? value.substring(1) : value;
                if (!CGROUP_PATH.matcher(path).matches() || path.equals("..") || path.startsWith("../")
                        || path.contains("/../") || path.endsWith("/..")) {
                    throw new IllegalArgumentException("cgroup '" + value + "' is not a cgroup v2 path (segments of"
                            + " letters, digits and '_.@:+-' separated by '/', no spaces, quotes or '..')");
                }
                yield new Cgroup(path);
            }
            case "service" -> {
                String unit = value.endsWith(".service") ? value : value + ".service";
                if (!UNIT_NAME.matcher(unit).matches()) {
                    throw new IllegalArgumentException("service '" + value + "' is not a systemd unit name");
                }
                yield new Cgroup("system.slice/" + unit);
            }
            default -> throw new IllegalArgumentException("application '" + text
                    + "' must be exe:PATH, user:NAME, cgroup:PATH or service:UNIT");
        };
    }
}
