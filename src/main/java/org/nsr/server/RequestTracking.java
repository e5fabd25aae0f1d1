package org.nsr.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The outermost handler: tells {@link HeaderTimeouts} when a connection's request is complete and
 * when its response is done, so a request waiting in the QoS queue is not mistaken for a slow header.
 */
final class RequestTracking extends Handler.Wrapper {
    private final HeaderTimeouts headerTimeouts;

    RequestTracking(Handler next, HeaderTimeouts headerTimeouts) {
        super(next);
        this.headerTimeouts = headerTimeouts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        headerTimeouts.requestStarted(connection);
        AtomicBoolean once = new AtomicBoolean();
        Runnable end = () -> {
            if (once.compareAndSet(false, true)) {
                headerTimeouts.requestEnded(connection);
            }
        };
        boolean handled = false;
        try {
            handled = super.handle(request, response, Callback.from(callback, end));
            return handled;
        } finally {
            if (!handled) {
                end.run(); // thrown or not handled: Jetty completes the original callback itself
            }
        }
    }
}
