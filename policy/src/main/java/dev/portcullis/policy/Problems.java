package dev.portcullis.policy;

import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading one file. Reading goes on after a problem so that one run reports every
 * mistake, each at its own place; {@link #throwIfAny()} ends the read.
 */
final class Problems {
    private final List<InputProblem> found = new ArrayList<>();

    void add(Location location, String message, String hint) {
        found.add(new InputProblem(location, message, hint));
    }

    void addAll(InvalidInputException invalid) {
        found.addAll(invalid.problems());
    }

    int size() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidInputException(found);
        }
    }
}
