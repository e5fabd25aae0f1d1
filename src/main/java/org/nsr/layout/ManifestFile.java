package org.nsr.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording manifest on disk: {@code <output_dir>/.nsr/recording.json}, replaced atomically
 * (temporary file, fsync, rename, directory fsync), so a crash leaves the old manifest or the new
 * one. Field names are snake_case like the config; zones are IANA names, durations and instants
 * ISO-8601:
 *
 * <pre>{@code
 * {"format_version": 1, "covers_every_file": true,
 *  "file_timezone": "Asia/Taipei", "storage_interval": "PT1H",
 *  "layouts": [{"file_timezone": "Asia/Taipei", "storage_interval": "PT1H",
 *               "first_started": "2026-11-23T10:00:00Z", "last_started": "2026-11-23T10:00:00Z"}],
 *  "sources": [{"name": "flowinfo", "type": "http", "line_kind": "wrapped:flowinfo",
 *               "first_started": "…", "last_started": "…"}]}
 * }</pre>
 *
 * <p>The top-level {@code file_timezone} and {@code storage_interval} repeat the last layout for a
 * person reading the file; readers use {@code layouts}.
 */
public final class ManifestFile {
    private static final Logger log = LoggerFactory.getLogger(ManifestFile.class);
    /** The directory inside an output directory that holds NSR's own files. */
    public static final String DIRECTORY = ".nsr";
    public static final String FILE_NAME = "recording.json";
    /** Made on first use: a reader of a recording without a manifest (a query) never pays Jackson's start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private ManifestFile() {
    }

    /** Where the manifest of recording directory {@code dir} lives. */
    public static Path of(Path dir) {
        return dir.resolve(DIRECTORY).resolve(FILE_NAME);
    }

    /**
     * Reads the manifest of {@code dir}.
     *
     * @return empty when there is none (an old recording, the original Python recorder's output)
     * @throws ManifestException when there is one that cannot be used
     */
    public static Optional<RecordingManifest> read(Path dir) throws IOException {
        Path file = of(dir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ManifestException(file, "is not valid JSON (" + e.getOriginalMessage() + ")", false, e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(file, "is not a JSON object", false, null);
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new ManifestException(file, "format_version is " + version + "; expected a whole number from 1",
                    false, null);
        }
        if (version.asInt() > RecordingManifest.FORMAT_VERSION) {
            throw new ManifestException(file, "has format_version " + version.asInt() + ", newer than the "
                    + RecordingManifest.FORMAT_VERSION + " this NSR understands", true, null);
        }
        JsonNode covers = root.get("covers_every_file");
        if (covers == null || !covers.isBoolean()) {
            throw new ManifestException(file, "covers_every_file is " + covers + "; expected true or false", false,
                    null);
        }
        List<RecordingManifest.Layout> layouts = new ArrayList<>();
        for (JsonNode l : array(file, root, "layouts")) {
            layouts.add(new RecordingManifest.Layout(zone(file, l), duration(file, l), instant(file, l, "first_started"),
                    instant(file, l, "last_started")));
        }
        if (layouts.isEmpty()) {
            throw new ManifestException(file, "layouts is empty; expected at least one", false, null);
        }
        List<RecordingManifest.Source> sources = new ArrayList<>();
        for (JsonNode s : array(file, root, "sources")) {
            sources.add(new RecordingManifest.Source(text(file, s, "name"), text(file, s, "type"),
                    text(file, s, "line_kind"), instant(file, s, "first_started"), instant(file, s, "last_started")));
        }
        return Optional.of(new RecordingManifest(version.asInt(), covers.asBoolean(), layouts, sources));
    }

    /** Writes {@code manifest} as the manifest of {@code dir}, atomically and durably. */
    public static void write(Path dir, RecordingManifest manifest) throws IOException {
        Path nsr = dir.resolve(DIRECTORY);
        if (!Files.isDirectory(nsr)) {
            Files.createDirectories(nsr);
            FileSync.syncDirectory(dir);
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format_version", manifest.formatVersion());
        root.put("covers_every_file", manifest.coversEveryFile());
        root.put("file_timezone", manifest.fileZone().getId());
        root.put("storage_interval", manifest.storageInterval().toString());
        ArrayNode layouts = root.putArray("layouts");
        for (RecordingManifest.Layout l : manifest.layouts()) {
            layouts.addObject().put("file_timezone", l.fileZone().getId())
                    .put("storage_interval", l.storageInterval().toString())
                    .put("first_started", l.firstStarted().toString())
                    .put("last_started", l.lastStarted().toString());
        }
        ArrayNode sources = root.putArray("sources");
        for (RecordingManifest.Source s : manifest.sources()) {
            sources.addObject().put("name", s.name()).put("type", s.type()).put("line_kind", s.lineKind())
                    .put("first_started", s.firstStarted().toString())
                    .put("last_started", s.lastStarted().toString());
        }
        FileSync.writeAtomically(of(dir), (Json.MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the recorder calls at start: merges this start into the manifest of {@code dir} (creating
     * it on the first start) and writes it. A manifest that cannot be read is moved aside to
     * {@code recording.json.unreadable} and replaced by one that does not vouch for the earlier
     * files; one in a newer format is left alone. Both are logged.
     *
     * @return the manifest as written, or null when a newer format was left alone
     */
    public static RecordingManifest recordStart(Path dir, Instant at, ZoneId zone, Duration interval,
            List<RecordingManifest.SourceKind> sources) throws IOException {
        Optional<RecordingManifest> existing;
        boolean replacedUnreadable = false;
        try {
            existing = read(dir);
        } catch (ManifestException e) {
            if (e.newerFormat()) {
                log.warn("recording manifest {}; left as it is (this run is not added to it)", e.getMessage());
                return null;
            }
            Path aside = of(dir).resolveSibling(FILE_NAME + ".unreadable");
            Files.move(of(dir), aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("recording manifest {}; moved it to {} and started a new one that readers do not trust "
                    + "for the zone of earlier files", e.getMessage(), aside);
            existing = Optional.empty();
            replacedUnreadable = true;
        }
        RecordingManifest next;
        if (existing.isPresent()) {
            RecordingManifest old = existing.get();
            if (!old.fileZone().equals(zone) || !old.storageInterval().equals(interval)) {
                log.info("file_timezone/storage_interval changed since the last start ({} / {} -> {} / {}); the "
                        + "recording manifest keeps both, and readers allow for either zone", old.fileZone(),
                        old.storageInterval(), zone, interval);
            }
            next = old.withStart(at, zone, interval, sources);
        } else {
            boolean fresh = !replacedUnreadable && !holdsRecordingFiles(dir);
            next = RecordingManifest.first(at, zone, interval, sources, fresh);
            if (!fresh && !replacedUnreadable) {
                log.info("{} already holds recording files written without a manifest; the new manifest does not "
                        + "vouch for their zone", dir);
            }
        }
        write(dir, next);
        return next;
    }

    private static boolean holdsRecordingFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (RecordingFileName.parse(p.getFileName().toString()) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Iterable<JsonNode> array(Path file, JsonNode root, String key) throws ManifestException {
        JsonNode a = root.get(key);
        if (a == null || !a.isArray()) {
            throw new ManifestException(file, key + " is " + a + "; expected an array", false, null);
        }
        return a;
    }

    private static String text(Path file, JsonNode node, String key) throws ManifestException {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new ManifestException(file, key + " is " + v + "; expected a non-empty string", false, null);
        }
        return v.asText();
    }

    private static ZoneId zone(Path file, JsonNode node) throws ManifestException {
        String z = text(file, node, "file_timezone");
        try {
            return ZoneId.of(z);
        } catch (java.time.DateTimeException e) {
            throw new ManifestException(file, "file_timezone '" + z + "' is not a zone; expected an IANA name "
                    + "like Asia/Taipei", false, e);
        }
    }

    private static Duration duration(Path file, JsonNode node) throws ManifestException {
        String d = text(file, node, "storage_interval");
        try {
            Duration parsed = Duration.parse(d);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new ManifestException(file, "storage_interval '" + d + "' is not positive", false, null);
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            throw new ManifestException(file, "storage_interval '" + d + "' is not an ISO-8601 duration like PT1H",
                    false, e);
        }
    }

    private static Instant instant(Path file, JsonNode node, String key) throws ManifestException {
        String t = text(file, node, key);
        try {
            return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ManifestException(file, key + " '" + t + "' is not an ISO-8601 instant like "
                    + "2026-11-23T10:00:00Z", false, e);
        }
    }
}
