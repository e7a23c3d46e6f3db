package dev.portcullis.model;

import java.util.Locale;

/**
 * Which way a packet goes through the machine Portcullis runs on: to it ({@code INPUT}), from it
 * ({@code OUTPUT}), or through it from one interface to another ({@code FORWARD}, when it is a gateway). The
 * names are nftables' hooks.
 */
public enum Path {
    INPUT,
    OUTPUT,
    FORWARD;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
