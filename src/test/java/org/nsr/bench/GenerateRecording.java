package org.nsr.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nsr.record.LineBuffer;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * Writes a benchmark recording: N generator flows (the generator's exact line shape) at a steady
 * rate, rotated into one-minute {@code _json.zip} files (deflate level 4, one entry), stamps in UTC.
 * Usage: {@code GenerateRecording DIR [flows=10000000] [flowsPerMinute=100000] [source=gen]}.
 */
public final class GenerateRecording {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long flows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        long perMinute = args.length > 2 ? Long.parseLong(args[2]) : 100_000L;
        String source = args.length > 3 ? args[3] : "gen";
        Files.createDirectories(dir);
        LocalDateTime start = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
        long startNanos = start.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
        long spacing = 60_000_000_000L / perMinute;
        SplittableRandom rnd = new SplittableRandom(7);
        LineBuffer line = new LineBuffer(256);
        long written = 0;
        for (int minute = 0; written < flows; minute++) {
            RecordingFileName name = RecordingFileName.of(start.plusMinutes(minute), source);
            Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
            try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16);
                    ZipOutputStream out = new ZipOutputStream(fo)) {
                out.setLevel(4);
                out.putNextEntry(new ZipEntry(name.entryName()));
                for (long i = 0; i < perMinute && written < flows; i++, written++) {
                    long ts = startNanos + minute * 60_000_000_000L + i * spacing + rnd.nextInt((int) Math.max(1, spacing));
                    line.reset();
                    line.appendAscii("{\"stream_id\":").appendLong(1 + rnd.nextInt(8))
                            .appendAscii(",\"timestamp\":").appendLong(ts)
                            .appendAscii(",\"src_ip\":\"").appendDottedIpv4(0xC0A80000L | rnd.nextInt(1 << 10))
                            .appendAscii("\",\"dst_ip\":\"").appendDottedIpv4(0x0A000000L | rnd.nextInt(1 << 8))
                            .appendAscii("\",\"src_port\":").appendLong(1024 + rnd.nextInt(64000))
                            .appendAscii(",\"dst_port\":").appendLong(rnd.nextBoolean() ? 443 : 80)
                            .appendAscii(",\"protocol\":").appendLong(rnd.nextInt(4) == 0 ? 17 : 6)
                            .appendAscii(",\"packet_count\":").appendLong(1 + rnd.nextInt(100))
                            .appendAscii(",\"byte_count\":").appendLong(64 + rnd.nextInt(150_000))
                            .append((byte) '}').append((byte) '\n');
                    line.writeTo(out);
                }
                out.closeEntry();
            }
        }
        System.out.println("wrote " + written + " flows to " + dir);
    }
}
