package org.nsr.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server (Debian's package) for one test, on a free loopback port with persistence
 * off unless asked for. Without the binary the test fails in CI (where .ci/run installs it) and
 * is skipped elsewhere with a message naming the package.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final boolean appendOnly;
    private final int port;
    private Process process;

    private RedisServer(Path dir, boolean appendOnly, int port) {
        this.dir = dir;
        this.appendOnly = appendOnly;
        this.port = port;
    }

    /** Starts a server without persistence. */
    public static RedisServer start(Path dir) throws Exception {
        return start(dir, false);
    }

    /**
     * Starts a server; with {@code appendOnly} every write is fsynced to an AOF in {@code dir}
     * (appendfsync always), so a restarted server still has what it acknowledged.
     */
    public static RedisServer start(Path dir, boolean appendOnly) throws Exception {
        binary();
        RedisServer s = new RedisServer(dir, appendOnly, freePort());
        s.launch();
        return s;
    }

    public static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            File f = new File(d, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String msg = "redis-server not found on PATH; install Debian's package redis-server "
                + "(apt-get install -y redis-server)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(msg + " - CI must have it (.ci/run installs it)");
        }
        Assumptions.abort(msg);
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    private void launch() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "no"));
        if (appendOnly) {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("redis-server exited with " + process.exitValue() + "; see " + dir);
            }
            if (answersPing()) {
                return;
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        Assertions.fail("redis-server on port " + port + " did not answer PING within 20 s");
    }

    private boolean answersPing() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[7];
            int n = s.getInputStream().read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server (SIGKILL) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same port. */
    public void restart() throws Exception {
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
