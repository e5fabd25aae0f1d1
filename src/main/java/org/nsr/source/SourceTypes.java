package org.nsr.source;

import java.util.List;
import org.nsr.source.gen.GeneratorSourceType;
import org.nsr.source.http.HttpSourceType;

/** The source types a config file can name with {@code type:}. */
public final class SourceTypes {
    private SourceTypes() {
    }

    public static List<SourceType> all() {
        return List.of(new HttpSourceType(), new GeneratorSourceType());
    }

    public static SourceType byName(String name) {
        for (SourceType t : all()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public static String names() {
        return String.join(", ", all().stream().map(SourceType::name).toList());
    }
}
