package org.nsr.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpHandler;
import org.nsr.server.HttpReply;

/**
 * The dashboard's routes: the page and its script and style, uPlot from its webjar (served from
 * the jar, so the page needs no network), {@code /events} (server-sent events), {@code /snapshot}
 * (the latest snapshot as JSON) and {@code /login}. Every route but the login form asks
 * {@link PageAccess} first.
 */
final class DashboardHandler implements HttpHandler {
    private static final String HTML = "text/html; charset=utf-8";
    /** How often an idle stream writes a comment, well inside the server's idle timeout. */
    private static final long KEEPALIVE_MILLIS = 1_000;

    private final PageAccess access;
    private final EventHub hub;
    private final Snapshots snapshots;
    private final Map<String, HttpReply> assets = new HashMap<>();
    private volatile String latest; // null until the publisher built its first snapshot
    private volatile boolean closing;

    DashboardHandler(PageAccess access, EventHub hub, Snapshots snapshots) {
        this.access = access;
        this.hub = hub;
        this.snapshots = snapshots;
        asset("/", "org/nsr/ui/index.html", HTML);
        asset("/app.js", "org/nsr/ui/app.js", "text/javascript; charset=utf-8");
        asset("/app.css", "org/nsr/ui/app.css", "text/css; charset=utf-8");
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        asset("/vendor/uPlot.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        asset("/vendor/uPlot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
    }

    /** The webjar's version, from its Maven properties, so a version bump needs no code change. */
    static String uplotVersion() {
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("the uPlot webjar is not on the class path", e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = DashboardHandler.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("resource " + path + " is missing from the jar");
        }
        return in;
    }

    private void asset(String route, String path, String type) {
        assets.put(route, assetReply(path, type));
    }

    /** A file of the jar as a reply; shared with the recording's page. */
    static HttpReply assetReply(String path, String type) {
        try (InputStream in = resource(path)) {
            return HttpReply.of(200, type, in.readAllBytes()).withHeader("Cache-Control", "no-cache");
        } catch (IOException e) {
            throw new IllegalStateException("dashboard asset " + path + " is missing", e);
        }
    }

    /** The uPlot files of the webjar by route. */
    static Map<String, HttpReply> vendorAssets() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        return Map.of("/vendor/uPlot.min.js", assetReply(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "/vendor/uPlot.min.css", assetReply(uplot + "uPlot.min.css", "text/css; charset=utf-8"),
                "/app.css", assetReply("org/nsr/ui/app.css", "text/css; charset=utf-8"));
    }

    /** The latest snapshot, for {@code /snapshot}. */
    void latest(String snapshot) {
        latest = snapshot;
    }

    /** Ends every stream at its next wake-up (at most a keep-alive period). */
    void close() {
        closing = true;
    }

    @Override
    public HttpReply handle(HttpCall call) throws Exception {
        String path = call.path();
        HttpReply refused = gate(access, call);
        if (refused != null) {
            return refused;
        }
        return switch (path) {
            case "/events" -> events();
            case "/snapshot" -> HttpReply.text(200, "application/json", latest == null ? "{}" : latest).withHeader("Cache-Control", "no-store");
            default -> {
                HttpReply r = assets.get(path);
                yield r != null ? r : HttpReply.text(404, "text/plain; charset=utf-8", "no such page: " + path + "\n");
            }
        };
    }

    /**
     * The login form, a refusal without the token, or a non-GET refused; null when the call may go on.
     * Shared with the recording's page.
     */
    static HttpReply gate(PageAccess access, HttpCall call) throws IOException {
        String path = call.path();
        if (path.equals("/login")) {
            return login(access, call);
        }
        if (!access.allows(call)) {
            return path.equals("/") ? HttpReply.text(303, HTML, "").withHeader("Location", "/login")
                    : HttpReply.text(401, "text/plain; charset=utf-8", "log in at /login or send Authorization: Bearer\n");
        }
        if (!call.method().equals("GET")) {
            return HttpReply.text(405, "text/plain; charset=utf-8", "GET only\n").withHeader("Allow", "GET");
        }
        return null;
    }

    private static HttpReply login(PageAccess access, HttpCall call) throws IOException {
        if (access.open()) {
            return HttpReply.text(303, HTML, "").withHeader("Location", "/");
        }
        if (call.method().equals("POST")) {
            String session = access.login(call.body());
            if (session != null) {
                return HttpReply.text(303, HTML, "").withHeader("Location", "/").withHeader("Set-Cookie",
                        PageAccess.COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
            }
            return HttpReply.text(401, HTML, loginPage("That token is not the dashboard's token."));
        }
        return HttpReply.text(200, HTML, loginPage(""));
    }

    static String loginPage(String message) {
        return "<!doctype html><html><head><meta charset=utf-8><title>NSR dashboard: log in</title>"
                + "<link rel=stylesheet href=/app.css></head><body class=login><form method=post action=/login>"
                + "<h1>NSR dashboard</h1><p class=err>" + message + "</p>"
                + "<label>Token <input type=password name=token autofocus></label> <button>Log in</button>"
                + "</form></body></html>";
    }

    private HttpReply events() {
        EventHub.Client client = hub.join(frame("history", snapshots.history()));
        if (client == null) {
            return HttpReply.text(503, "text/plain; charset=utf-8", "too many dashboard pages are open\n")
                    .withHeader("Retry-After", "10");
        }
        String now = latest;
        return HttpReply.stream(200, "text/event-stream", out -> stream(client, now, out))
                .withHeader("Cache-Control", "no-store");
    }

    private void stream(EventHub.Client client, String now, OutputStream out) throws IOException {
        try {
            out.write("retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII));
            String first = client.next(0);
            if (first != null) {
                out.write(first.getBytes(StandardCharsets.UTF_8));
            }
            if (now != null) {
                out.write(frame("tick", now).getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            while (!closing) {
                String e = client.next(KEEPALIVE_MILLIS);
                if (client.dropped()) {
                    return; // too far behind: the hub counted and logged it
                }
                out.write((e == null ? ": keep-alive\n\n" : e).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.leave(client);
        }
    }

    static String frame(String event, String json) {
        return "event: " + event + "\ndata: " + json + "\n\n";
    }
}
