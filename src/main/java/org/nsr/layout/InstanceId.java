package org.nsr.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The recorder's instance id, which its file names carry ({@code <stamp>_<source>@<id>.json}) so
 * several recorders (a Kafka consumer group) can keep their files in one store without
 * collisions. Configured with {@code instance_id}, or generated once as {@code <host>-<6 hex>} and
 * kept in {@code <output_dir>/.nsr/instance-id}, so a restarted recorder keeps its id.
 */
public final class InstanceId {
    /** What an id may look like: it sits between '@' and the stage suffix of a file name. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,62}";
    public static final String FILE = "instance-id";

    private InstanceId() {
    }

    public static boolean isValid(String id) {
        return id.matches(PATTERN);
    }

    /** The id kept in {@code outputDir}, or a new one written there. */
    public static String ofDir(Path outputDir) throws IOException {
        Path dir = outputDir.resolve(ManifestFile.DIRECTORY);
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!isValid(id)) {
                throw new IOException(file + " holds '" + id + "', which is not an instance id; expected "
                        + PATTERN + " (delete the file for a new one)");
            }
            return id;
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String id = host() + "-" + HexFormat.of().formatHex(random);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    /** The host name cut to what an id allows (letters, digits, '-', '_'), at most 40 characters. */
    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                h = "nsr";
            }
        }
        String first = h.toLowerCase(Locale.ROOT).split("\\.")[0].replaceAll("[^a-z0-9_-]", "-");
        first = first.length() > 40 ? first.substring(0, 40) : first;
        return first.isEmpty() || !Character.isLetterOrDigit(first.charAt(0)) ? "nsr" + first : first;
    }
}
