package org.nsr.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Token, handler, reply: the per-request path, on a handler thread. */
final class Dispatch extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(HttpServerBase.class); // one logger per server base

    private final String serviceName;
    private final HttpServerSettings settings;
    private final HttpHandler handler;
    private final BearerToken token;
    private final ServerStats stats;
    private final ThrottledLog unauthorizedLog;

    Dispatch(String serviceName, HttpServerSettings settings, HttpHandler handler, BearerToken token, ServerStats stats) {
        this.serviceName = serviceName;
        this.settings = settings;
        this.handler = handler;
        this.token = token;
        this.stats = stats;
        this.unauthorizedLog = new ThrottledLog(stats.unauthorized::sum);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpReply reply;
        if (token != null && !token.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            noteUnauthorized(request);
            reply = HttpReply.text(401, "text/plain; charset=utf-8", "unauthorized\n")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"nsr\"");
        } else {
            stats.requests.increment();
            reply = run(request);
        }
        send(request, response, reply, callback);
        return true;
    }

    private HttpReply run(Request request) {
        try {
            HttpReply r = handler.handle(new JettyCall(request, settings.maxBodyBytes()));
            if (r == null) {
                throw new IllegalStateException("handler returned no reply");
            }
            return r;
        } catch (BodyTooLargeException e) {
            stats.bodyTooLarge.increment();
            log.debug("{}: {} {} refused: {}", serviceName, request.getMethod(), request.getHttpURI().getPath(),
                    e.getMessage());
            return HttpReply.text(413, "text/plain; charset=utf-8", e.getMessage() + "\n")
                    .withHeader("Connection", "close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpReply.text(503, "text/plain; charset=utf-8", "stopping\n");
        } catch (Exception e) {
            log.warn("{}: {} {} failed", serviceName, request.getMethod(), request.getHttpURI().getPath(), e);
            return HttpReply.text(500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    private void noteUnauthorized(Request request) {
        stats.unauthorized.increment();
        long since = unauthorizedLog.takeIfDue();
        if (since > 0) {
            log.warn("{} refused {} request(s) without a valid bearer token since the last report;"
                    + " latest from {} for {}", serviceName, since,
                    request.getConnectionMetaData().getRemoteSocketAddress(), request.getHttpURI().getPath());
        }
    }

    private void send(Request request, Response response, HttpReply reply, Callback done) {
        response.setStatus(reply.status());
        if (reply.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        for (Map.Entry<String, String> h : reply.headers()) {
            response.getHeaders().add(h.getKey(), h.getValue());
        }
        if (reply.stream() != null) {
            stream(response, reply, done);
            return;
        }
        byte[] body = reply.body() == null ? new byte[0] : reply.body();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        Runnable sent = reply.whenSentAction();
        SlicedWrite.write(response, ByteBuffer.wrap(body), sent == null ? done : Callback.from(() -> {
            sent.run();
            done.succeeded();
        }, done::failed));
    }

    private void stream(Response response, HttpReply reply, Callback done) {
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            reply.stream().writeTo(out);
        } catch (IOException | RuntimeException e) {
            log.debug("{}: streamed reply ended: {}", serviceName, e.toString());
            done.failed(e);
            return;
        }
        if (reply.whenSentAction() != null) {
            reply.whenSentAction().run();
        }
        done.succeeded();
    }
}
