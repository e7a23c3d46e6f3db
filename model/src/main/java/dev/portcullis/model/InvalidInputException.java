package dev.portcullis.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at the edge when user input (a file, an argument) is invalid. Carries every problem found, each with
 * its location; callers print {@link #render()} and exit with status 2, never a stack trace.
 */
public final class InvalidInputException extends RuntimeException {
    private final List<InputProblem> problems;

    public InvalidInputException(List<InputProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0).render());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-input error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(InputProblem problem) {
        this(List.of(problem));
    }

    public InvalidInputException(Location location, String message, String hint) {
        this(new InputProblem(location, message, hint));
    }

    public List<InputProblem> problems() {
        return problems;
    }

    public String render() {
        return problems.stream().map(InputProblem::render).collect(Collectors.joining(System.lineSeparator()));
    }
}
