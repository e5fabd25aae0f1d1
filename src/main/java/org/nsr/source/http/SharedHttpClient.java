package org.nsr.source.http;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttpClient of the recording process. Every HTTP source derives its own variant with
 * {@code newBuilder()} (its timeouts), which shares this client's connection pool and dispatcher.
 *
 * <p>Limits: at most {@value #MAX_IDLE_CONNECTIONS} idle keep-alive connections, kept for
 * {@value #KEEP_ALIVE_MINUTES} minutes; the dispatcher (used only by asynchronous calls, which
 * sources do not make) runs at most {@value #MAX_REQUESTS} calls on a bounded, named pool that
 * rejects beyond it. Sources call {@code execute()} on their own thread, so a poll never waits
 * behind another source's. Automatic retry on connection failure is off: each tick makes one
 * attempt, and a failed attempt is counted and logged instead of being silently retried.
 */
final class SharedHttpClient {
    static final int MAX_IDLE_CONNECTIONS = 8;
    static final int KEEP_ALIVE_MINUTES = 5;
    static final int MAX_REQUESTS = 16;

    private static final OkHttpClient CLIENT = build();

    private SharedHttpClient() {
    }

    static OkHttpClient get() {
        return CLIENT;
    }

    private static OkHttpClient build() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, MAX_REQUESTS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "nsr http dispatcher-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .build();
    }
}
