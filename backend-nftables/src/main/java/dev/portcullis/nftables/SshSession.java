package dev.portcullis.nftables;

import dev.portcullis.model.Packet;
import inet.ipaddr.IPAddress;
import java.util.Map;
import java.util.Optional;

/** The SSH connection this command runs over, from {@code SSH_CONNECTION} ("client port server port"). */
public record SshSession(IPAddress client, int clientPort, IPAddress server, int serverPort) {

    /** The session named by {@code SSH_CONNECTION} in this environment, if it is there and well formed. */
    public static Optional<SshSession> fromEnvironment(Map<String, String> environment) {
        String value = environment.get("SSH_CONNECTION");
        if (value == null) {
            return Optional.empty();
        }
        String[] words = value.trim().split("\\s+");
        if (words.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SshSession(Packet.parseAddress(words[0]), Integer.parseInt(words[1]),
                    Packet.parseAddress(words[2]), Integer.parseInt(words[3])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return client.toCanonicalString() + ":" + clientPort + " -> " + server.toCanonicalString() + ":" + serverPort;
    }
}
