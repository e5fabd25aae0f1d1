package org.nsr.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Deflates one stream as pigz does: the input is cut into blocks, the blocks are compressed in
 * parallel on an executor, and their outputs are joined in order into ONE standard raw deflate
 * stream. Each block's deflater is primed with the last 32 KiB of the block before it
 * ({@code setDictionary}), so matches reach back across block edges as in a serial deflate, and
 * ends with a {@code SYNC_FLUSH} (an empty stored block that byte-aligns the output) — the last
 * block ends with {@code FINISH}. The ratio is within a fraction of a percent of a serial deflate.
 *
 * <p>The level is read for each block as it is handed out, so a stream may change level between
 * blocks (the automatic level steps down mid-file, and a stop drains the rest of every file at
 * its drain level): every block is still a part of the same standard stream, a level-0 block is
 * a stored block.
 *
 * <p>Memory: at most {@code window} blocks (input and output) are in flight per stream, and the
 * input and output buffers of finished blocks are kept for the next blocks and streams (at most
 * {@code 2 × window + 2} of each per deflater): a 256 KiB block array per block was a sixth of the
 * recorder's garbage on the Redis source. The CRC32
 * of the input and the CRC32 of the compressed bytes are computed on the calling thread while it
 * reads and writes. Thread-safe: one call per stream, any number of calls at once.
 */
final class BlockDeflater {
    static final int BLOCK = 256 << 10; // under G1's humongous threshold at small heaps
    private static final int DICTIONARY = 32 << 10;

    private final Executor executor;
    private final int window;
    private final Meter meter;
    /** Buffers reused across blocks and streams, at most a few windows' worth kept (the rest left to GC). */
    private final BufferPool<Block> blocks;
    private final BufferPool<Compressed> outputs;

    /** Told about every block compressed, on the thread that compressed it; must be thread-safe. */
    interface Meter {
        Meter NONE = (level, rawBytes, compressedBytes, cpuNanos) -> { };

        void block(int level, int rawBytes, int compressedBytes, long cpuNanos);
    }

    /** @param window blocks in flight per stream (2 × the executor's threads keeps them busy) */
    BlockDeflater(Executor executor, int window) {
        this(executor, window, Meter.NONE);
    }

    BlockDeflater(Executor executor, int window, Meter meter) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " must be at least 1");
        }
        this.executor = executor;
        this.window = window;
        this.meter = meter;
        this.blocks = new BufferPool<>(2 * window + 2, Block::new);
        this.outputs = new BufferPool<>(2 * window + 2, Compressed::new);
    }

    /** Compresses in the calling thread, block by block: the same stream, no parallelism. */
    static BlockDeflater serial() {
        return new BlockDeflater(Runnable::run, 1);
    }

    /**
     * What one stream came to: the input's size and CRC32, the output's size and CRC32, and the
     * lowest and highest level its blocks were compressed at.
     */
    record Sums(long rawSize, long rawCrc, long compressedSize, long compressedCrc, int minLevel, int maxLevel) {
    }

    Sums deflate(InputStream in, OutputStream out, int level) throws IOException {
        return deflate(in, out, () -> level);
    }

    /** Deflates with each block at the level {@code level} answers when the block is handed out. */
    Sums deflate(InputStream in, OutputStream out, IntSupplier level) throws IOException {
        int minLevel = Integer.MAX_VALUE;
        int maxLevel = Integer.MIN_VALUE;
        CRC32 rawCrc = new CRC32();
        CRC32 outCrc = new CRC32();
        long rawSize = 0;
        long outSize = 0;
        ArrayDeque<CompletableFuture<Compressed>> inFlight = new ArrayDeque<>();
        // Blocks not yet done with, oldest first: a block is the dictionary of the next, so it goes
        // back to the pool once the block after it has been written out.
        ArrayDeque<Block> held = new ArrayDeque<>();
        Block previous = null;
        Block block = readBlock(in);
        try {
            while (true) {
                Block next = block.length == BLOCK ? readBlock(in) : null;
                boolean last = next == null || next.length == 0;
                if (last && next != null) {
                    blocks.give(next);
                }
                rawCrc.update(block.data, 0, block.length);
                rawSize += block.length;
                Block input = block;
                Block dictionary = previous;
                held.add(block);
                int at = level.getAsInt();
                if (at < 0 || at > 9) {
                    throw new IllegalArgumentException("deflate level " + at + " is outside 0..9");
                }
                minLevel = Math.min(minLevel, at);
                maxLevel = Math.max(maxLevel, at);
                inFlight.add(CompletableFuture.supplyAsync(() -> compress(input, dictionary, at, last), executor));
                while (inFlight.size() >= window || (last && !inFlight.isEmpty())) {
                    Compressed c = join(inFlight.removeFirst());
                    outCrc.update(c.data, 0, c.length);
                    outSize += c.length;
                    out.write(c.data, 0, c.length);
                    outputs.give(c);
                    // the block just written out no longer needs the one before it as its dictionary
                    while (held.size() > inFlight.size() + 1) {
                        blocks.give(held.removeFirst());
                    }
                }
                if (last) {
                    return new Sums(rawSize, rawCrc.getValue(), outSize, outCrc.getValue(), minLevel, maxLevel);
                }
                previous = block;
                block = next;
            }
        } finally {
            // a failed stream's blocks may still be being compressed: those are left to the GC, not reused
            if (inFlight.isEmpty()) {
                held.forEach(blocks::give);
            }
        }
    }

    /** Input blocks kept for reuse now (at most {@code 2 × window + 2}). */
    int keptBlocks() {
        return blocks.kept();
    }

    /** One block of input: {@code data[0, length)}. */
    static final class Block {
        final byte[] data = new byte[BLOCK];
        int length;
    }

    /** One block's deflate output: {@code data[0, length)}; the array grows for an incompressible block. */
    static final class Compressed {
        byte[] data = new byte[BLOCK / 4];
        int length;
    }

    private Block readBlock(InputStream in) throws IOException {
        Block b = blocks.take();
        b.length = in.readNBytes(b.data, 0, BLOCK);
        return b;
    }

    /** One raw deflater per thread and level, reset between blocks: no zlib state set up per block. */
    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private Compressed compress(Block input, Block dictionary, int level, boolean last) {
        long cpu0 = CPU.getCurrentThreadCpuTime();
        Compressed out = outputs.take();
        deflateBlock(input, dictionary, level, last, out);
        meter.block(level, input.length, out.length, CPU.getCurrentThreadCpuTime() - cpu0);
        return out;
    }

    private static void deflateBlock(Block input, Block dictionary, int level, boolean last, Compressed into) {
        Deflater[] mine = DEFLATERS.get();
        if (mine[level] == null) {
            mine[level] = new Deflater(level, true);
        }
        Deflater d = mine[level];
        try {
            if (dictionary != null) {
                int from = Math.max(0, dictionary.length - DICTIONARY);
                d.setDictionary(dictionary.data, from, dictionary.length - from);
            }
            d.setInput(input.data, 0, input.length);
            byte[] out = into.data;
            int n = 0;
            if (last) {
                d.finish();
                while (!d.finished()) {
                    if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
                    n += d.deflate(out, n, out.length - n, Deflater.NO_FLUSH);
                }
            } else {
                // SYNC_FLUSH is complete once a call leaves room in the buffer (zlib's contract).
                while (true) {
                    if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
                    int room = out.length - n;
                    int wrote = d.deflate(out, n, room, Deflater.SYNC_FLUSH);
                    n += wrote;
                    if (wrote < room) break;
                }
            }
            into.data = out;
            into.length = n;
        } finally {
            d.reset();
        }
    }

    private static Compressed join(CompletableFuture<Compressed> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a block was being compressed");
        } catch (ExecutionException e) {
            throw new IOException("compressing a block failed: " + e.getCause(), e.getCause());
        }
    }
}
