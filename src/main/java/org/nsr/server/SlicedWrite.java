package org.nsr.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a reply body in slices of at most {@link #SLICE} bytes, each after the previous one is
 * written. A heap buffer handed to a socket whole is copied by the JDK into a temporary direct
 * buffer as large as itself, which each handler thread then keeps: a GET answer of 10 MB on 40
 * threads reserved 400 MB of direct memory, past {@code MaxDirectMemorySize} (by default
 * {@code -Xmx}), and the reply was cut off with nothing but an {@code OutOfMemoryError} inside
 * Jetty. In slices, a thread holds at most one slice.
 */
final class SlicedWrite extends IteratingCallback {
    static final int SLICE = 64 * 1024;

    private final Response response;
    private final ByteBuffer body;
    private final Callback done;

    SlicedWrite(Response response, ByteBuffer body, Callback done) {
        this.response = response;
        this.body = body;
        this.done = done;
    }

    /** Writes {@code body} whole when it fits one slice, else starts the sliced write. */
    static void write(Response response, ByteBuffer body, Callback done) {
        if (body.remaining() <= SLICE) {
            response.write(true, body, done);
        } else {
            new SlicedWrite(response, body, done).iterate();
        }
    }

    @Override
    protected Action process() {
        if (!body.hasRemaining()) {
            return Action.SUCCEEDED;
        }
        int n = Math.min(SLICE, body.remaining());
        ByteBuffer slice = body.slice(body.position(), n);
        body.position(body.position() + n);
        response.write(!body.hasRemaining(), slice, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        done.failed(cause);
    }
}
