package org.nsr.layout;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one recording file: {@code <stamp>_<source><stage suffix>}, where the stamp is the
 * file's start as local time {@code yyyy_MM_dd_HH-mm-ss}, as the original recorder named them:
 * the start of its slot, or, for a file opened inside a slot that already has one (a restart),
 * the second it was opened.
 *
 * <p>Names sort in time order because the stamp is fixed-width and most-significant first. A
 * stamp may carry a sequence suffix {@code ~NNNNN} when no plain stamp would sort after the
 * source's previous file: a second file opened within the same second, or the hour repeated by a
 * daylight saving fall-back. {@code '~'} sorts after {@code '_'}, so {@code 01-58-00~00001_x}
 * sorts after {@code 01-58-00_x} and before {@code 01-58-01_x}: names stay unique and in time
 * order. The rule that picks a stamp is in {@code write/FileNamer}.
 *
 * <p>A recorder with an instance id (set with {@code instance_id}, or generated when a Kafka source
 * makes it one of several) adds it after the source: {@code <stamp>_<source>@<instance><suffix>},
 * so the files of several recorders never collide in one store. Without one the names are the
 * original recorder's. Readers treat {@code source@instance} as one stream of the source.
 *
 * <p>A file of a storage class that has a {@code match} ({@code classes:}) carries the class after
 * the source: {@code <stamp>_<source>+<class>[@<instance>]<suffix>}; the class without a match (the
 * catch-all) writes plain names. Each {@code source+class} is its own stream, read with the others
 * of the recording in time order.
 */
public record RecordingFileName(String stamp, String source, String storageClass, String instance)
        implements Comparable<RecordingFileName> {
    /** The character between a source and its storage class; never part of a source or class name. */
    public static final char CLASS_SEPARATOR = '+';
    public static final DateTimeFormatter STAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH-mm-ss");
    private static final Pattern NAME = Pattern.compile(
            "(\\d{4}_\\d{2}_\\d{2}_\\d{2}-\\d{2}-\\d{2}(?:~\\d{5})?)_([A-Za-z0-9][A-Za-z0-9_-]*?)"
                    + "(?:\\+([A-Za-z0-9][A-Za-z0-9_-]*?))?(?:@(" + InstanceId.PATTERN + "))?(\\.json\\.part|\\.json|_json\\.zip\\.part|_json\\.zip)");
    private static final int PLAIN_STAMP_LENGTH = 19;

    /** A name without an instance id, as the original recorder wrote them. */
    public RecordingFileName(String stamp, String source) {
        this(stamp, source, "", "");
    }

    /** A name of no storage class (or of the catch-all class). */
    public RecordingFileName(String stamp, String source, String instance) {
        this(stamp, source, "", instance);
    }

    public RecordingFileName {
        instance = instance == null ? "" : instance;
        storageClass = storageClass == null ? "" : storageClass;
    }

    /**
     * How recording file names look, for messages: {@code <yyyy_MM_dd_HH-mm-ss>_<source>} and one of
     * the stage suffixes.
     */
    public static String describePattern() {
        return "<yyyy_MM_dd_HH-mm-ss>_<source>" + FileStage.COMPLETE.suffix() + ", " + FileStage.WRITING.suffix()
                + " or " + FileStage.ARCHIVED.suffix();
    }

    /** Parses a file name; returns null for a file that is not a recording file. */
    public static ParsedName parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        FileStage stage = null;
        for (FileStage s : FileStage.values()) {
            if (s.suffix().equals(m.group(5))) {
                stage = s;
            }
        }
        return new ParsedName(new RecordingFileName(m.group(1), m.group(2), m.group(3), m.group(4)), stage);
    }

    /** A name with a plain stamp for the given local start time. */
    public static RecordingFileName of(LocalDateTime start, String source) {
        return new RecordingFileName(STAMP_FORMAT.format(start), source);
    }

    /** A name with a plain stamp for the given local start time, of a recorder with {@code instance} ("" for none). */
    public static RecordingFileName of(LocalDateTime start, String source, String instance) {
        return new RecordingFileName(STAMP_FORMAT.format(start), source, instance);
    }

    /** A name of storage class {@code storageClass} ("" for none), otherwise as {@link #of(LocalDateTime, String, String)}. */
    public static RecordingFileName of(LocalDateTime start, String source, String storageClass, String instance) {
        return new RecordingFileName(STAMP_FORMAT.format(start), source, storageClass, instance);
    }

    /**
     * {@code source}, {@code source+class}, {@code source@instance} or {@code source+class@instance}:
     * the stream of records this file belongs to.
     */
    public String stream() {
        String s = storageClass.isEmpty() ? source : source + CLASS_SEPARATOR + storageClass;
        return instance.isEmpty() ? s : s + "@" + instance;
    }

    /** The file name at {@code stage}. */
    public String fileName(FileStage stage) {
        return stamp + "_" + stream() + stage.suffix();
    }

    /** The name of the single entry inside the archive: the complete {@code .json} name. */
    public String entryName() {
        return fileName(FileStage.COMPLETE);
    }

    /** The local start time written in the stamp (without any sequence suffix). */
    public LocalDateTime localStart() {
        return LocalDateTime.parse(stamp.substring(0, PLAIN_STAMP_LENGTH), STAMP_FORMAT);
    }

    /** 0 for a plain stamp, else the number after {@code ~}. */
    public int sequence() {
        return stamp.length() > PLAIN_STAMP_LENGTH ? Integer.parseInt(stamp.substring(PLAIN_STAMP_LENGTH + 1)) : 0;
    }

    /** The next name in sequence after this one, for a file that must sort after it. */
    public RecordingFileName nextInSequence() {
        int next = sequence() + 1;
        if (next > 99_999) {
            throw new IllegalStateException("more than 99999 files would share the stamp " + stamp);
        }
        return new RecordingFileName(stamp.substring(0, PLAIN_STAMP_LENGTH) + String.format("~%05d", next), source,
                storageClass, instance);
    }

    @Override
    public int compareTo(RecordingFileName other) {
        int c = stamp.compareTo(other.stamp);
        if (c != 0) {
            return c;
        }
        c = source.compareTo(other.source);
        if (c != 0) {
            return c;
        }
        c = storageClass.compareTo(other.storageClass);
        return c != 0 ? c : instance.compareTo(other.instance);
    }

    /** A parsed file name and the stage its suffix says it is in. */
    public record ParsedName(RecordingFileName name, FileStage stage) {
    }
}
