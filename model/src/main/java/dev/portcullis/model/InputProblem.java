package dev.portcullis.model;

/**
 * One precise complaint about user input: where, what is wrong, and how to fix it.
 * Printed as {@code file:line:column: error: message} followed by {@code   hint: ...}.
 */
public record InputProblem(Location location, String message, String hint) {
    public InputProblem {
        hint = hint == null ? "" : hint;
    }

    public static InputProblem of(Location location, String message) {
        return new InputProblem(location, message, "");
    }

    public String render() {
        String head = location + ": error: " + message;
        return hint.isEmpty() ? head : head + System.lineSeparator() + "  hint: " + hint;
    }
}
