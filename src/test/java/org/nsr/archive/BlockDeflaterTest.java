package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

class BlockDeflaterTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final RecordingFileName name = new RecordingFileName("2026_11_23_10-00-00", "bench");

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** About 3.3 blocks of generator-like NDJSON: enough to cross several block edges. */
    private static byte[] flows(int lines) {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"timestamp\":").append(1_700_000_000_000L + i).append(",\"bench\":{\"src_ip\":\"10.0.")
                    .append(r.nextInt(256)).append('.').append(r.nextInt(256)).append("\",\"dst_port\":")
                    .append(r.nextInt(65536)).append(",\"bytes\":").append(r.nextInt(1_000_000)).append("}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] inflateRaw(byte[] raw) throws Exception {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(true))) {
            return in.readAllBytes();
        }
    }

    @Test
    void parallelBlocksJoinIntoOneRawDeflateStreamWithTheInputsCrc() throws Exception {
        byte[] input = flows(10_000);
        assertTrue(input.length > 3 * BlockDeflater.BLOCK, "the input spans several blocks");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockDeflater.Sums sums = new BlockDeflater(pool, 4).deflate(new ByteArrayInputStream(input), out, 4);

        assertArrayEquals(input, inflateRaw(out.toByteArray()));
        CRC32 crc = new CRC32();
        crc.update(input);
        assertEquals(crc.getValue(), sums.rawCrc());
        assertEquals(input.length, sums.rawSize());
        assertEquals(out.size(), sums.compressedSize());
        CRC32 outCrc = new CRC32();
        outCrc.update(out.toByteArray());
        assertEquals(outCrc.getValue(), sums.compressedCrc());
    }

    @Test
    void theSharedDictionaryKeepsTheRatioWithinOnePercentOfASerialDeflate() throws Exception {
        byte[] input = flows(10_000);
        ByteArrayOutputStream parallel = new ByteArrayOutputStream();
        new BlockDeflater(pool, 4).deflate(new ByteArrayInputStream(input), parallel, 4);
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(serial, new Deflater(4, true))) {
            d.write(input);
        }
        assertTrue(parallel.size() < serial.size() * 1.01,
                "parallel " + parallel.size() + " bytes against serial " + serial.size());
    }

    @Test
    void emptyAndExactBlockSizedInputsGiveValidStreams() throws Exception {
        for (int size : new int[] {0, 1, BlockDeflater.BLOCK, 2 * BlockDeflater.BLOCK}) {
            byte[] input = new byte[size];
            new Random(size).nextBytes(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BlockDeflater(pool, 2).deflate(new ByteArrayInputStream(input), out, 1);
            assertArrayEquals(input, inflateRaw(out.toByteArray()), "size " + size);
        }
    }

    @Test
    void aParallelArchiveOpensInUnzipAndPythonWithTheSameBytes() throws Exception {
        ExternalTools.requireTool("unzip", "unzip");
        ExternalTools.requireTool("python3", "python3");
        byte[] input = flows(10_000);
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.write(json, input);
        Path zip = new ZipArchiver(4, StepHook.NONE, new BlockDeflater(pool, 4))
                .archive(json, name, "{\"late\":0}").archive();

        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(name.entryName());
            assertEquals(ZipEntry.DEFLATED, e.getMethod());
            assertEquals("{\"late\":0}", e.getComment());
            try (InputStream in = zf.getInputStream(e)) {
                assertArrayEquals(input, in.readAllBytes());
            }
        }
        assertArrayEquals(input, run("unzip", "-p", zip.toString()));
        assertArrayEquals(input, run("python3", "-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]);"
                + " n=z.namelist(); assert n==[sys.argv[2]], n; assert z.testzip() is None;"
                + " sys.stdout.buffer.write(z.read(n[0]))", zip.toString(), name.entryName()));
    }

    @Test
    void aCompressedByteChangedOnDiskBeforeTheCheckFailsTheArchive() throws Exception {
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.write(json, flows(2_000));
        ZipArchiver flipping = new ZipArchiver(4, step -> {
            if (step == StepHook.Step.ZIP_PART_WRITTEN) {
                try (FileChannel ch = FileChannel.open(dir.resolve(name.fileName(FileStage.ARCHIVING)),
                        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, 1000);
                    b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
                    ch.write(b, 1000);
                }
            }
        }, new BlockDeflater(pool, 4));
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> flipping.archive(json, name));
        assertTrue(e.getMessage().contains("compressed bytes read back"), e.getMessage());
        assertTrue(Files.exists(json), "the source stays when its archive fails the check");
    }

    @Test
    void aLevelThatChangesBetweenBlocksStaysOneStreamThatUnzipAndPythonOpen() throws Exception {
        ExternalTools.requireTool("unzip", "unzip");
        ExternalTools.requireTool("python3", "python3");
        byte[] input = flows(20_000);
        assertTrue(input.length > 6 * BlockDeflater.BLOCK, "the input spans enough blocks for three levels");
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.write(json, input);
        int[] byBlock = {4, 4, 1, 1, 0, 0};
        java.util.concurrent.atomic.AtomicInteger block = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Integer> metered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ZipArchiver archiver = new ZipArchiver(4, StepHook.NONE,
                new BlockDeflater(pool, 4, (level, raw, compressed, cpu) -> metered.add(level)));
        ZipArchiver.Result r = archiver.archive(json, name, null,
                () -> byBlock[Math.min(block.getAndIncrement(), byBlock.length - 1)]);

        assertEquals(0, r.minLevel());
        assertEquals(4, r.maxLevel());
        assertEquals("4..0", r.levels());
        assertEquals(block.get(), metered.size(), "the meter hears of every block");
        assertTrue(metered.contains(0) && metered.contains(1) && metered.contains(4), metered.toString());
        assertArrayEquals(input, run("unzip", "-p", r.archive().toString()));
        assertArrayEquals(input, run("python3", "-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]);"
                + " n=z.namelist(); assert z.testzip() is None; sys.stdout.buffer.write(z.read(n[0]))",
                r.archive().toString()));
    }

    @Test
    void levelZeroStoresTheBlocksInAStandardDeflateEntry() throws Exception {
        byte[] input = flows(10_000);
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.write(json, input);
        ZipArchiver.Result r = new ZipArchiver(0, StepHook.NONE, new BlockDeflater(pool, 4)).archive(json, name);

        assertTrue(r.compressedBytes() > input.length, "stored: no smaller than the input");
        try (ZipFile zf = new ZipFile(r.archive().toFile())) {
            ZipEntry e = zf.getEntry(name.entryName());
            assertEquals(ZipEntry.DEFLATED, e.getMethod());
            try (InputStream in = zf.getInputStream(e)) {
                assertArrayEquals(input, in.readAllBytes());
            }
        }
    }

    private static byte[] run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
        return out;
    }

    /** Different bytes of every length mod the block: a reused buffer that kept old bytes shows. */
    private static byte[] varied(int seed, int length) {
        Random r = new Random(seed);
        byte[] b = flows(length / 60 + 1);
        byte[] out = java.util.Arrays.copyOf(b, length);
        for (int i = 0; i < out.length; i += 1 + r.nextInt(64)) {
            out[i] = (byte) ('a' + r.nextInt(26));
        }
        return out;
    }

    @Test
    void blockBuffersAreReusedAcrossStreamsAndConcurrentStreamsStayIntact() throws Exception {
        BlockDeflater deflater = new BlockDeflater(pool, 3);
        int[] lengths = {5 * BlockDeflater.BLOCK + 17, BlockDeflater.BLOCK, 3 * BlockDeflater.BLOCK - 1, 100, 0,
            2 * BlockDeflater.BLOCK};
        for (int i = 0; i < lengths.length; i++) {
            byte[] input = varied(i, lengths[i]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            deflater.deflate(new ByteArrayInputStream(input), out, 4);
            assertArrayEquals(input, inflateRaw(out.toByteArray()), "stream " + i + " of " + lengths[i] + " bytes");
            assertTrue(deflater.keptBlocks() >= 1 && deflater.keptBlocks() <= 2 * 3 + 2,
                    "blocks kept for reuse: " + deflater.keptBlocks());
        }
        // four streams at once through one deflater and its shared buffers
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int seed = 100 + c;
                same.add(callers.submit(() -> {
                    for (int k = 0; k < 3; k++) {
                        byte[] input = varied(seed * 10 + k, (2 + k) * BlockDeflater.BLOCK + seed);
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        deflater.deflate(new ByteArrayInputStream(input), out, 1);
                        if (!java.util.Arrays.equals(input, inflateRaw(out.toByteArray()))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : same) {
                assertTrue(f.get(60, TimeUnit.SECONDS), "a concurrent stream inflated to its own input");
            }
        } finally {
            callers.shutdownNow();
        }
        assertTrue(deflater.keptBlocks() <= 2 * 3 + 2, "blocks kept for reuse: " + deflater.keptBlocks());
    }
}
