package dev.portcullis.nftables;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The only way text from a policy reaches an nftables script. nft's quoted strings have no escape for the
 * double quote, so anything that could end a string or a statement (quotes, backslashes, semicolons, braces,
 * newlines) is either rejected (where the text must stay exact: interface, user and cgroup names) or replaced
 * (where it is only informative: comments and log prefixes). Identifiers the script declares are made here too,
 * from a safe alphabet.
 */
final class NftSyntax {
    /** Characters allowed in a log prefix or identifier derived from a rule id. */
    private static final Pattern UNSAFE_ID_CHARS = Pattern.compile("[^A-Za-z0-9_.:-]");
    /** Linux interface names: at most 15 bytes, no '/', no whitespace; nft also accepts a trailing '*' wildcard. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}\\*?");
    /** POSIX portable user names, or a numeric uid. */
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?|[0-9]{1,10}");
    /** A relative cgroup v2 path such as {@code system.slice/sshd.service}. */
    private static final Pattern CGROUP = Pattern.compile("[A-Za-z0-9_.@:+-]+(/[A-Za-z0-9_.@:+-]+)*");
    /** nft limits log prefixes to 127 bytes and comments to 128. */
    static final int MAX_LOG_PREFIX = 127;
    static final int MAX_COMMENT = 128;

    private NftSyntax() {
    }

    /** A log prefix naming the rule: {@code "pc:<rule id> "}, unsafe characters replaced by '_'. */
    static String logPrefix(String ruleId) {
        String body = "pc:" + UNSAFE_ID_CHARS.matcher(ruleId).replaceAll("_");
        if (body.length() > MAX_LOG_PREFIX - 1) {
            body = body.substring(0, MAX_LOG_PREFIX - 1);
        }
        return quote(body + " ");
    }

    /** A quoted comment: printable text only, quotes and backslashes replaced, truncated to nft's limit. */
    static String comment(String text) {
        StringBuilder clean = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '`') {
                clean.append('\'');
            } else if (cp == '\\' || cp == ';' || cp == '{' || cp == '}' || cp == '$' || cp == '#') {
                clean.append('_');
            } else if (cp < 0x20 || cp == 0x7f || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                clean.append(' ');
            } else if (cp > 0x7e) {
                clean.append('?'); // nft's scanner reads bytes; keep comments ASCII so lengths are predictable
            } else {
                clean.appendCodePoint(cp);
            }
        });
        String result = clean.toString().strip();
        while (result.getBytes(StandardCharsets.UTF_8).length > MAX_COMMENT - 1) {
            result = result.substring(0, result.length() - 1);
        }
        return quote(result);
    }

    static String interfaceName(String name, String zone) {
        if (!INTERFACE.matcher(name).matches()) {
            throw invalid("zone '" + zone + "' lists interface '" + name + "', which is not a valid interface name",
                    "interface names have at most 15 characters from A-Z a-z 0-9 _ . : @ + - (optionally ending in *)");
        }
        return quote(name);
    }

    static String userName(String user, String ruleId) {
        if (!USER.matcher(user).matches()) {
            throw invalid("rule '" + ruleId + "' names user '" + user + "', which is not a valid user name or uid",
                    "write user:NAME with a POSIX user name, or user:UID with a number");
        }
        return user.chars().allMatch(Character::isDigit) ? user : quote(user);
    }

    static String cgroupPath(String path, String ruleId) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (!CGROUP.matcher(relative).matches() || relative.contains("..")) {
            throw invalid("rule '" + ruleId + "' names cgroup '" + path + "', which is not a plain cgroup v2 path",
                    "write cgroup:system.slice/NAME.service (components of A-Z a-z 0-9 _ . @ : + -, no '..')");
        }
        return quote(relative);
    }

    static int cgroupLevel(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.split("/").length;
    }

    static InvalidInputException invalid(String message, String hint) {
        return new InvalidInputException(Location.of("policy"), message, hint);
    }

    private static String quote(String safe) {
        return '"' + safe + '"';
    }
}
