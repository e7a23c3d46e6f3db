package dev.portcullis.catalog;

import java.util.Objects;

/**
 * One service name for one port and transport, as a registry lists it.
 *
 * @param transport {@code tcp}, {@code udp}, {@code sctp} or {@code dccp}
 * @param source    where the entry comes from: {@code glossary} (reference document 002), {@code catalog},
 *                  or the file it was read from
 */
public record ServiceEntry(String name, int port, String transport, String description, String source) {
    public ServiceEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        description = description == null ? "" : description;
        source = source == null ? "" : source;
    }
}
