package org.nsr.ui;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.nsr.config.ConfigException;
import org.nsr.config.ListenerSettings;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpHandler;
import org.nsr.server.HttpReply;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;

/**
 * The page of a finished recording ({@code nsr dashboard DIR}) on the server base: {@code /} (the
 * page with its time slider), {@code /range} (the recording's time range) and {@code /at?t=MILLIS}
 * (the state at that time, from {@link RecordingHistory}). Loopback by default; elsewhere the same
 * token rules as the live page (header or login form, never the URL). Each answer reads archives, so
 * the server has few handler threads: a busy page waits rather than piling up reads.
 */
public final class RecordingDashboard implements HttpHandler, AutoCloseable {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final RecordingHistory history;
    private final PageAccess access;
    private final Map<String, HttpReply> assets = new HashMap<>();
    private HttpServerBase server;

    public RecordingDashboard(RecordingHistory history, ListenerSettings listener) {
        this.history = history;
        this.access = new PageAccess(listener.token());
        assets.putAll(DashboardHandler.vendorAssets());
        assets.put("/", DashboardHandler.assetReply("org/nsr/ui/recording.html", "text/html; charset=utf-8"));
        assets.put("/recording.js", DashboardHandler.assetReply("org/nsr/ui/recording.js",
                "text/javascript; charset=utf-8"));
    }

    /** Binds and serves; a taken port is a {@link org.nsr.server.ListenException}. */
    public RecordingDashboard start(ListenerSettings listener) throws IOException {
        server = new HttpServerBase(HttpServerSettings.builder("recording dashboard").bind(listener.listen())
                .threads(4).maxConnections(32).maxBodyBytes(4096).build(), this).start();
        return this;
    }

    public String url() {
        return server.url();
    }

    @Override
    public HttpReply handle(HttpCall call) throws Exception {
        HttpReply refused = DashboardHandler.gate(access, call);
        if (refused != null) {
            return refused;
        }
        return switch (call.path()) {
            case "/range" -> HttpReply.text(200, JSON, history.range()).withHeader("Cache-Control", "no-store");
            case "/at" -> at(call.query());
            default -> {
                HttpReply r = assets.get(call.path());
                yield r != null ? r : HttpReply.text(404, TEXT, "no such page: " + call.path() + "\n");
            }
        };
    }

    private HttpReply at(String query) throws ConfigException {
        String t = query == null ? null : PageAccess.formField(query, "t");
        long millis;
        try {
            millis = Long.parseLong(t == null ? "" : t);
        } catch (NumberFormatException e) {
            return HttpReply.text(400, TEXT, "t: '" + t + "' is not a time; expected epoch milliseconds, e.g. /at?t="
                    + history.toNanos() / 1_000_000 + "\n");
        }
        if (millis > Long.MAX_VALUE / 1_000_000 || millis < Long.MIN_VALUE / 1_000_000) {
            return HttpReply.text(400, TEXT, "t: '" + t + "' is out of range; expected epoch milliseconds\n");
        }
        return HttpReply.text(200, JSON, history.at(millis * 1_000_000)).withHeader("Cache-Control", "no-store");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
