"""The toolhunt API: answers /, /healthz once the database migration ran, and /tools."""
import http.server
import json
import os
import pathlib

DATA = pathlib.Path(os.environ.get("TOOLHUNT_DATA_DIR") or os.environ.get("TOOL_DATA_DIR", "."))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        migrated = (DATA / "schema-version").exists()
        if self.path == "/":
            self.reply(200, {"tool": "toolhunt", "try": ["/tools", "/healthz", "/flower"]})
        elif self.path == "/healthz":
            self.reply(200 if migrated else 503, {"migrated": migrated})
        elif self.path == "/tools":
            self.reply(200, {"tools": ["toolhunt"], "schema": (DATA / "schema-version").read_text().strip() if migrated else None})
        else:
            self.reply(404, {"error": "not found"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        print("api:", fmt % args, flush=True)


port = int(os.environ.get("PORT", "5000"))
print(f"api: listening on port {port} (all addresses)", flush=True)
http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
