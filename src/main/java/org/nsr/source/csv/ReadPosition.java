package org.nsr.source.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.nsr.layout.FileSync;

/**
 * Where a CSV source stopped reading, kept in a small side file: which file (its file key, so a
 * rotated file is told apart), the byte offset and line of the next record, and how many rows
 * were recorded. Written to a temporary file, fsynced and renamed, so a crash leaves the old
 * position or the new one, never half of one.
 *
 * @param fileKey the file system's identity of the file read (inode and device), or "" if unknown
 */
record ReadPosition(String fileKey, long offset, long line, long rows) {
    static final ReadPosition START = new ReadPosition("", 0, 1, 0);

    static ReadPosition load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return START;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return new ReadPosition(p.getProperty("file_key", ""), Long.parseLong(p.getProperty("offset", "0")),
                    Long.parseLong(p.getProperty("line", "1")), Long.parseLong(p.getProperty("rows", "0")));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is not a read position (" + e.getMessage() + "); delete it to read "
                    + "the CSV from its start", e);
        }
    }

    void save(Path file) throws IOException {
        String text = "file_key=" + fileKey.replace("\\", "\\\\") + "\noffset=" + offset + "\nline=" + line
                + "\nrows=" + rows + "\n";
        FileSync.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The file beside {@code path} (in its folder, its name starting with {@code path}'s) whose file key
     * is {@code key}: where a rotation moved the file read before ({@code x.csv.1}, {@code x.csv-2024…}); null if none.
     */
    static Path findByKey(Path path, String key) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        String base = path.getFileName().toString();
        try (var files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(base))) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && key.equals(keyOf(f))) {
                    return f;
                }
            }
        }
        return null;
    }

    static String keyOf(Path path) {
        try {
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key == null ? "" : key.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
