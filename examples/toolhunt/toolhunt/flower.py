"""A small dashboard that watches the API through $TOOLHUNT_API_URL."""
import http.server
import os
import threading
import time
import urllib.request

API = os.environ.get("TOOLHUNT_API_URL", "")
last = {"status": "unknown"}


def watch():
    while True:
        try:
            with urllib.request.urlopen(API + "/healthz", timeout=2) as answer:
                last["status"] = f"api answered {answer.status}"
        except Exception as error:  # the dashboard shows whatever happened
            last["status"] = f"api unreachable: {error}"
        print("flower:", last["status"], flush=True)
        time.sleep(5)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"flower watching {API}: {last['status']}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


threading.Thread(target=watch, daemon=True).start()
port = int(os.environ.get("PORT", "5555"))
print(f"flower: listening on port {port} (all addresses), watching {API}", flush=True)
http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
