package org.nsr.source.csv;

import java.nio.file.Path;
import java.time.Duration;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * A validated {@code type: csv} entry.
 *
 * @param records rows to record in all, 0 for all (counted across restarts through the position file)
 * @param positionFile where the read position is kept across stop and restart
 * @param timestampColumn the column holding the row's own time, checked and counted when bad; "" for none
 */
public record CsvSourceSpec(String name, Path path, Duration delay, long records, boolean follow,
        String timestampColumn, Duration pollInterval, Path positionFile, int maxRowBytes)
        implements SourceSpec {

    @Override
    public String type() {
        return CsvSourceType.NAME;
    }

    @Override
    public Source create(SourceContext context) {
        return new CsvSource(this, context);
    }
}
