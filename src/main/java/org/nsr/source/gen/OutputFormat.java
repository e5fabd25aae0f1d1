package org.nsr.source.gen;

import java.util.Arrays;

/** The formats of {@code nsr generate -o}. */
public enum OutputFormat {
    TEXT("text"),
    CSV("csv"),
    JSON("json");

    private final String configName;

    OutputFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static OutputFormat fromConfigName(String name) {
        for (OutputFormat f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    public static String allConfigNames() {
        return String.join(", ", Arrays.stream(values()).map(OutputFormat::configName).toList());
    }

    /** A fresh formatter for one output. */
    public FlowFormatter formatter(boolean header, boolean pretty) {
        return switch (this) {
            case TEXT -> new TextFormatter(header);
            case CSV -> new CsvFormatter(header);
            case JSON -> new JsonFormatter(pretty);
        };
    }
}
