package org.nsr.console;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs lines on a {@link CommandSession} in this process, each on one named worker thread, so
 * that {@link #cancel} can interrupt it while the console thread waits.
 */
public final class LocalExecutor implements LineExecutor {
    private final CommandSession session;
    private final ConsoleBackend backend;
    private final ExecutorService worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, "console query");
                t.setDaemon(true);
                return t;
            });
    private final AtomicReference<Thread> running = new AtomicReference<>();

    public LocalExecutor(CommandSession session, ConsoleBackend backend) {
        this.session = session;
        this.backend = backend;
    }

    @Override
    public CommandSession.Outcome execute(String line, OutputStream out) throws IOException, InterruptedException {
        Future<CommandSession.Outcome> f = worker.submit(() -> {
            running.set(Thread.currentThread());
            try {
                return session.execute(line, out);
            } finally {
                running.set(null);
                Thread.interrupted(); // a cancel that came after the answer must not reach the next line
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("console: the line failed", e.getCause());
        }
    }

    @Override
    public void cancel() {
        Thread t = running.get();
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public List<String> sourceNames() {
        return backend.sourceNames();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
