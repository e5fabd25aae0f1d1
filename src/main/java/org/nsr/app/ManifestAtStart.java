package org.nsr.app;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.nsr.config.RecorderConfig;
import org.nsr.layout.ManifestFile;
import org.nsr.layout.RecordingManifest;
import org.nsr.config.SourceDefinition;
import org.nsr.source.gen.GeneratorSourceSpec;
import org.nsr.source.http.BodyWrap;
import org.nsr.source.http.HttpSourceSpec;

/**
 * The recorder's one call into the recording manifest: at start, before anything is written,
 * this start's zone, interval and sources are merged into {@code .nsr/recording.json}. A manifest
 * that cannot be written fails the start, like an output directory that cannot be created: a stale
 * manifest could make readers skip files of this run.
 */
final class ManifestAtStart {
    private ManifestAtStart() {
    }

    static void record(RecorderConfig config, Clock clock) throws IOException {
        List<RecordingManifest.SourceKind> kinds = config.sources().stream()
                .map(cs -> new RecordingManifest.SourceKind(cs.name(), cs.spec().type(), lineKind(cs.spec())))
                .toList();
        ManifestFile.recordStart(config.outputDir(), clock.instant(), config.fileTimezone(), config.storageInterval(),
                kinds);
    }

    /**
     * The shape of a source's lines (see README "Line shapes"): {@code field:<key>} for a body
     * wrapped under a key, {@code merge} for a body object merged with the timestamp,
     * {@code generator_flow} for generator flows, else the type name.
     */
    static String lineKind(SourceDefinition spec) {
        if (spec instanceof HttpSourceSpec http) {
            return http.wrap() == BodyWrap.MERGE ? "merge" : "field:" + http.field();
        }
        if (spec instanceof GeneratorSourceSpec) {
            return "generator_flow";
        }
        return spec.type();
    }
}
