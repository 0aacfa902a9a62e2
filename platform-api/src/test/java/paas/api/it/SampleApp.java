package paas.api.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The small Python web app the integration tests push: it answers {@code DYNO GREETING} to every
 * GET and prints one line per request.
 */
final class SampleApp {
    private SampleApp() {
    }

    /** Writes the app with {@code procfile} into the fixture's work dir and commits it on branch main. */
    static Path commit(PlatformFixture fixture, String procfile) throws Exception {
        Path repo = fixture.workDir;
        fixture.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("Procfile"), procfile);
        Files.writeString(repo.resolve("server.py"), """
                import os
                from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

                class Handler(BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = (os.environ["DYNO"] + " " + os.environ.get("GREETING", "none") + "\\n").encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, fmt, *args):
                        print("%s %s" % (self.command, self.path), flush=True)

                ThreadingHTTPServer(("", int(os.environ["PORT"])), Handler).serve_forever()
                """);
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "first");
        return repo;
    }
}
