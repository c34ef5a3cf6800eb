"""The simulator as a real process, and a tiny shop that only records the callbacks it receives."""

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.gateway import gateway_simulator, gateway_simulator_process  # noqa: F401


class Receiver:
    """A stand-in for the shop's callback endpoint: stores each posted form, answers `reply`."""

    def __init__(self):
        self.forms: list[dict[str, str]] = []
        self.reply = "ACTION=POSTAUTH"
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
                receiver.forms.append(form)
                body = receiver.reply.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    shop = Receiver()
    yield shop
    shop.stop()
