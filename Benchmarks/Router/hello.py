"""The small upstream of the router benchmark: answers every GET with a short body."""
import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer and no Nagle delay: otherwise a 40 ms delayed ACK dominates.
    disable_nagle_algorithm = True
    wbufsize = 65536
    body = f"hello {os.environ.get('VERSION', 'v1')}\n".encode()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def handle(self):
        try:
            super().handle()
        except ConnectionResetError:  # wrk closes its connections at the end of a run
            pass

    def log_message(self, *args):
        pass


port = int(os.environ.get("PORT") or sys.argv[1])
# All addresses: in its network namespace the router reaches it at the run's own address.
http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
