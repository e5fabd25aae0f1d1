package org.nsr.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The recorder-wide settings a source falls back on when its own entry is silent.
 *
 * @param ndtwinKernel base URL of the NDTwin kernel ({@code Recorder.data.ndtwin_kernel}), or null
 * @param requestInterval default poll interval ({@code Recorder.data.request_interval})
 * @param configDir folder of the config file; relative paths in a source entry resolve against it
 */
public record RecorderDefaults(String ndtwinKernel, Duration requestInterval, Path configDir) {
}
