# An image deployed with `paas deploy:image`: answers which build it is, as which user, and
# stops at once on SIGTERM (the engine's init forwards it).
import http.server
import os
import signal
import sys

VERSION = open("/srv/version").read().strip() if os.path.exists("/srv/version") else "unknown"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"image {VERSION} on {os.environ.get('DYNO')} as uid {os.getuid()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print(fmt % args, flush=True)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"image {VERSION} listening on {os.environ['PORT']}", flush=True)
http.server.ThreadingHTTPServer(("", int(os.environ["PORT"])), Handler).serve_forever()
