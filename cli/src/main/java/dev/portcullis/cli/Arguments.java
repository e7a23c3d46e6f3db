package dev.portcullis.cli;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.util.function.Function;

/**
 * Bad command-line arguments are input errors like a bad line in a file: reported as {@code WHERE: error: ...}
 * with a hint, exit status 2. {@code WHERE} is the option ({@code --expect}) or the parameter ({@code PACKET}).
 */
final class Arguments {
    private Arguments() {
    }

    static InvalidInputException invalid(String where, String message, String hint) {
        return new InvalidInputException(Location.of(where), message, hint);
    }

    /** Reads an argument with one of the model's grammars; its IllegalArgumentException becomes an input error. */
    static <T> T parse(String where, String text, Function<String, T> grammar, String hint) {
        try {
            return grammar.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(where, e.getMessage(), hint);
        }
    }
}
