package org.nsr.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * Writes recording files for tests the way the recorder names them: NDJSON lines into
 * {@code <stamp>_<source>.json} (or {@code .json.part}), or zipped into {@code <stamp>_<source>_json.zip}
 * with the single entry {@code <stamp>_<source>.json} (deflate, level 4, like the original).
 */
public final class RecordingWriter {
    private RecordingWriter() {
    }

    public static RecordingFileName name(LocalDateTime start, String source) {
        return RecordingFileName.of(start, source);
    }

    public static Path writeJson(Path dir, LocalDateTime start, String source, List<String> lines) throws IOException {
        return write(dir, name(start, source).fileName(FileStage.COMPLETE), lines, true);
    }

    /** A file still being written; {@code partialTail} (may be null) is appended without a newline. */
    public static Path writePart(Path dir, LocalDateTime start, String source, List<String> lines, String partialTail)
            throws IOException {
        Path p = write(dir, name(start, source).fileName(FileStage.WRITING), lines, true);
        if (partialTail != null) {
            Files.write(p, partialTail.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        }
        return p;
    }

    public static Path writeZip(Path dir, LocalDateTime start, String source, List<String> lines) throws IOException {
        RecordingFileName n = name(start, source);
        Path p = dir.resolve(n.fileName(FileStage.ARCHIVED));
        try (OutputStream fo = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(fo)) {
            zip.setLevel(4);
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.putNextEntry(new ZipEntry(n.entryName()));
            for (String line : lines) {
                zip.write(line.getBytes(StandardCharsets.UTF_8));
                zip.write('\n');
            }
            zip.closeEntry();
        }
        return p;
    }

    private static Path write(Path dir, String fileName, List<String> lines, boolean newlines) throws IOException {
        Path p = dir.resolve(fileName);
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append(newlines ? "\n" : "");
        }
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return p;
    }

    /** A generator flow line in the exact shape the generator writes. */
    public static String generatorLine(long streamId, long timestampNanos, String srcIp, String dstIp, int srcPort,
            int dstPort, int protocol, long packets, long bytes) {
        return "{\"stream_id\":" + streamId + ",\"timestamp\":" + timestampNanos + ",\"src_ip\":\"" + srcIp
                + "\",\"dst_ip\":\"" + dstIp + "\",\"src_port\":" + srcPort + ",\"dst_port\":" + dstPort
                + ",\"protocol\":" + protocol + ",\"packet_count\":" + packets + ",\"byte_count\":" + bytes + "}";
    }

    /** A flowinfo poll line: {"timestamp":ms,"flowinfo":[flows...]}. */
    public static String flowinfoLine(long timestampMillis, String flowArrayJson) {
        return "{\"timestamp\":" + timestampMillis + ",\"flowinfo\":" + flowArrayJson + "}";
    }

    /** One NDTwin flow object; IPs as the kernel gives them (little-endian uint32). */
    public static String ndtwinFlow(long srcIpLe, long dstIpLe, int srcPort, int dstPort, int protocol, long bps,
            long pps) {
        return "{\"dst_ip\":" + dstIpLe + ",\"dst_port\":" + dstPort
                + ",\"estimated_flow_sending_rate_bps_in_the_last_sec\":" + bps
                + ",\"estimated_packet_rate_in_the_last_sec\":" + pps
                + ",\"first_sampled_time\":\"2025-08-22 10:13:12\",\"latest_sampled_time\":\"2025-08-22 10:13:17\""
                + ",\"path\":[{\"interface\":5,\"node\":1359063232},{\"interface\":0,\"node\":16885952}]"
                + ",\"protocol_id\":" + protocol + ",\"src_ip\":" + srcIpLe + ",\"src_port\":" + srcPort + "}";
    }

    /** A graphinfo poll line: {"timestamp":ms,"nodes":...,"edges":...}. */
    public static String graphinfoLine(long timestampMillis, String nodesJson, String edgesJson) {
        return "{\"timestamp\":" + timestampMillis + ",\"nodes\":" + nodesJson + ",\"edges\":" + edgesJson + "}";
    }

}
