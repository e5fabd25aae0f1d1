package org.nsr.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page (no stack traces), counting what its parser refused before any handler ran:
 * 431 and 414 for a request line or headers over the limit, other 4xx as bad requests.
 */
final class CountingErrorHandler extends ErrorHandler {
    private final ServerStats stats;

    CountingErrorHandler(ServerStats stats) {
        this.stats = stats;
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Object attr = request.getAttribute(ERROR_STATUS);
        int status = attr instanceof Integer i ? i : response.getStatus();
        if (status == 431 || status == 414) {
            stats.headerTooLarge.increment();
        } else if (status == 413) {
            stats.bodyTooLarge.increment();
        } else if (status >= 400 && status < 500) {
            stats.badRequests.increment();
        }
        return super.handle(request, response, callback);
    }
}
