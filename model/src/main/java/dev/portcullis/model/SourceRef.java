package dev.portcullis.model;

/** Where in the reference documents a preset rule comes from: document file name and 1-based line. */
public record SourceRef(String document, int line) {
    @Override
    public String toString() {
        return document + ":" + line;
    }
}
