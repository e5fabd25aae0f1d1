package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.record.SortField;

class RecorderConfigLoaderTest {
    private static RecorderConfig load(Path file) throws ConfigException {
        return RecorderConfigLoader.load(file, org.nsr.app.BuiltInSourceTypes.registry());
    }

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("setting.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String error(String yaml) throws Exception {
        Path f = write(yaml);
        return assertThrows(ConfigException.class, () -> load(f)).getMessage();
    }

    private static String withSources(String sources) {
        return "Recorder:\n  data:\n    sources:\n" + sources;
    }

    @Test
    void theOriginalSettingFileRunsUnchangedWithTheNdtwinDefaults() throws Exception {
        RecorderConfig c = load(write("""
                Recorder:
                  data:
                    ndtwin_kernel: "http://127.0.0.1:8000"
                    request_interval: 5      # seconds
                    storage_interval: 2      # minutes
                    display_on_console: true
                    log_level: "DEBUG"
                """));
        assertEquals(Duration.ofMinutes(2), c.storageInterval());
        assertEquals("DEBUG", c.logLevel());
        assertEquals(List.of("flowinfo", "graphinfo"), c.sources().stream().map(RecorderConfig.ConfiguredSource::name).toList());
        assertEquals(Path.of("./recorded_info"), c.outputDir());
        assertEquals(Duration.ofMillis(10), c.chunkWindow());
        assertEquals(SortField.TIMESTAMP, c.sortBy());
        assertEquals(4, c.compressionLevel());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.compressionWorkers());
        assertEquals(Duration.ofSeconds(1), c.flushInterval());
        assertEquals(ZoneId.systemDefault(), c.fileTimezone());
    }

    @Test
    void durationsAcceptStringsWithUnits() throws Exception {
        RecorderConfig c = load(write("""
                Recorder:
                  data:
                    storage_interval: "250ms"
                    chunk_window: "5ms"
                    request_interval: "30s"
                    stop_timeout: "2m"
                    file_timezone: "UTC"
                """));
        assertEquals(Duration.ofMillis(250), c.storageInterval());
        assertEquals(Duration.ofMinutes(2), c.stopTimeout());
    }

    @Test
    void anUnknownKeyIsAnErrorNotASilentDefault() throws Exception {
        assertEquals("Recorder.data.storage_intreval: unknown key; expected one of: ndtwin_kernel, request_interval, "
                + "storage_interval, display_on_console, log_level, log_format, output_dir, instance_id, queue_capacity, queue_max_bytes, chunk_window, sort_by, "
                + "flush_interval, sync_interval, rescue_dir, stop_timeout, file_timezone, compression, retention, metrics, stats_interval, dashboard, detect, columns, sources, sinks",
                error("Recorder:\n  data:\n    storage_intreval: 2\n"));
    }

    @Test
    void anUnknownSourceTypeNamesTheAllowedTypes() throws Exception {
        assertEquals("Recorder.data.sources[1].type: 'htp' is not one of: http, generator, ingest, csv, redis, kafka", error(withSources("""
                      - name: a
                        type: generator
                      - name: b
                        type: htp
                """)));
    }

    @Test
    void duplicateSourceNamesAreRefused() throws Exception {
        assertEquals("Recorder.data.sources[1].name: 'a' is used by another source; expected unique source names",
                error(withSources("""
                      - name: a
                        type: generator
                      - name: a
                        type: generator
                """)));
    }

    @Test
    void aSourceNameThatIsUnsafeInAFileNameIsRefused() throws Exception {
        assertEquals("Recorder.data.sources[0].name: '../etc' is not a safe file name part; expected 1-64 letters, "
                + "digits, '_' or '-', starting with a letter or digit", error(withSources("""
                      - name: ../etc
                        type: generator
                """)));
    }

    @Test
    void numbersOutOfRangeAreRefused() throws Exception {
        assertEquals("Recorder.data.compression.level: '12' is out of range; expected a whole number from 0 to 9",
                error("Recorder:\n  data:\n    compression:\n      level: 12\n"));
    }

    @Test
    void malformedDurationsAreRefused() throws Exception {
        assertEquals("Recorder.data.flush_interval: '1 fortnight' is not a duration; expected a number of seconds "
                + "or a string such as \"250ms\", \"30s\", \"2m\"",
                error("Recorder:\n  data:\n    flush_interval: \"1 fortnight\"\n"));
    }

    @Test
    void malformedUrlsAreRefused() throws Exception {
        assertEquals("Recorder.data.ndtwin_kernel: 'localhost:8000' is not a URL; expected e.g. http://127.0.0.1:8000",
                error("Recorder:\n  data:\n    ndtwin_kernel: \"localhost:8000\"\n"));
    }

    @Test
    void aMissingRecorderSectionIsRefused() throws Exception {
        assertEquals("Recorder: missing; expected a top-level 'Recorder:' section with a 'data:' mapping",
                error("Recordr:\n  data: {}\n"));
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() throws Exception {
        String msg = error("Recorder:\n  data:\n    log_level: \"INFO\n    storage_interval: 2\n");
        assertEquals(true, msg.startsWith(dir.resolve("setting.yaml") + ": line "), msg);
        assertEquals(true, msg.contains("invalid YAML"), msg);
    }

    @Test
    void aLogLevelOutsideTraceToErrorIsRefused() throws Exception {
        assertEquals("Recorder.data.log_level: 'LOUD' is not one of: TRACE, DEBUG, INFO, WARN (WARNING), ERROR (CRITICAL)",
                error("Recorder:\n  data:\n    log_level: LOUD\n"));
    }

    @Test
    void aChunkWindowThatDoesNotDivideTheStorageIntervalIsRefused() throws Exception {
        assertEquals("Recorder.data.chunk_window: '7ms' does not divide storage_interval 2s; expected a chunk window "
                + "that fits a whole number of times into a file",
                error("Recorder:\n  data:\n    storage_interval: \"2s\"\n    chunk_window: \"7ms\"\n"));
    }

    @Test
    void serviceSettingsAreReadWithUnits() throws Exception {
        RecorderConfig c = load(write("""
                Recorder:
                  data:
                    retention: {max_age: "30d", max_total_size: "50GB"}
                    metrics: {listen: "0.0.0.0:9500", token: "0123456789abcdef0123", failing_threshold: "2m"}
                    stats_interval: "10s"
                """));
        assertEquals(Duration.ofDays(30), c.ops().retentionMaxAge());
        assertEquals(50_000_000_000L, c.ops().retentionMaxBytes());
        assertEquals(9500, c.ops().metricsListen().getPort());
        assertEquals("0123456789abcdef0123", c.ops().metricsToken());
        assertEquals(Duration.ofMinutes(2), c.ops().failingThreshold());
        assertEquals(Duration.ofSeconds(10), c.ops().statsInterval());
        assertEquals(null, load(write("Recorder:\n  data:\n    metrics: {listen: \"off\"}\n"))
                .ops().metricsListen());
    }

    @Test
    void aMalformedListenAddressIsRefused() throws Exception {
        assertEquals("Recorder.data.metrics.listen: '9464' is not a listen address; expected host:port such as "
                + "127.0.0.1:9464, or off", error("Recorder:\n  data:\n    metrics: {listen: \"9464\"}\n"));
    }

    @Test
    void aMissingConfigFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> load(missing));
        assertEquals("--config: file '" + missing + "' does not exist; expected a YAML setting file", e.getMessage());
    }
}
