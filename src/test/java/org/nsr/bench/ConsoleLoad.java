package org.nsr.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for bench/console-load.sh: CONNECTIONS clients of a recorder's remote console, each sending
 * {@code query feed} for a key over the last minute again and again for SECONDS, reading every reply
 * to its final line. Prints the queries answered and the lines read.
 *   java -cp test-classes:nsr.jar org.nsr.bench.ConsoleLoad PORT CONNECTIONS SECONDS KEY
 */
public final class ConsoleLoad {
    private ConsoleLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        String key = args[3];
        AtomicLong queries = new AtomicLong();
        AtomicLong lines = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    while (System.nanoTime() < end) {
                        out.write(("query feed index ip \"" + key + "\" start -1m\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        for (String l = in.readLine(); l != null; l = in.readLine()) {
                            lines.incrementAndGet();
                            if (l.startsWith("ok ") || l.startsWith("error: ")) {
                                break;
                            }
                        }
                        queries.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("console client: " + e);
                }
            }, "console client " + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("console load: " + n + " connections, " + queries.get() + " queries, " + lines.get()
                + " lines");
    }
}
