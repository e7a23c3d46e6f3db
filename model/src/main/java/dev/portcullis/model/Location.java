package dev.portcullis.model;

/** A place in an input file, 1-based, printed the way editors and compilers do: {@code file:line:column}. */
public record Location(String file, int line, int column) {
    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
