package org.nsr.source.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** Serves the scripted responses in order, then the steady response forever (MockWebServer's queue would block). */
final class ScriptedDispatcher extends Dispatcher {
    private final Deque<MockResponse> script = new ArrayDeque<>();
    private final Supplier<MockResponse> steady;
    final AtomicInteger served = new AtomicInteger();

    ScriptedDispatcher(Supplier<MockResponse> steady, MockResponse... first) {
        this.steady = steady;
        for (MockResponse r : first) {
            script.add(r);
        }
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        served.incrementAndGet();
        MockResponse next = script.poll();
        return next != null ? next : steady.get();
    }
}
