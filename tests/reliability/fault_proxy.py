"""A proxy between the portal and the Stripe emulator that fails on demand, as a network and a Stripe can.

    proxy.fail("lost", times=2)   # the next two writes reach Stripe; their answers are cut off (reset)
    proxy.fail("reset")           # the next write is cut off before it reaches Stripe
    proxy.fail("hang")            # the next write is held, unanswered, until `heal()`
    proxy.refuse()                # the port is closed: every connection is refused, until `heal()`

Faults apply to writes (POST, DELETE) unless `writes_only=False`. `applied` lists what was done to which
request, so a test can tell that its fault was met; `writes` lists each write that reached Stripe with its
`Idempotency-Key`, so a test can tell that a write sent again was the same write.
"""
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

FAULTS = ("reset", "hang", "lost")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a connection the proxy cut on purpose is not news


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):
        pass

    def _cut(self):
        """Close with a TCP reset: to the client, the connection was reset by the peer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _handle(self):
        proxy = self.server.proxy
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault = proxy.take(self.command, self.path)
        if fault == "reset":
            return self._cut()
        if fault == "hang":
            proxy.released.wait(60)
            return self._cut()
        if self.command != "GET":
            proxy.writes.append((self.command, self.path, self.headers.get("Idempotency-Key")))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        upstream = requests.request(self.command, proxy.upstream + self.path, headers=headers, data=body, timeout=10)
        if fault == "lost":
            return self._cut()
        self.send_response(upstream.status_code)
        for name, value in upstream.headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    do_GET = do_POST = do_DELETE = _handle

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass


class FaultProxy:
    def __init__(self, upstream):
        self.upstream = upstream
        self.applied: list[tuple[str, str, str]] = []
        self.writes: list[tuple[str, str, str | None]] = []
        self.released = threading.Event()
        self._plan: list[str] = []
        self._writes_only = True
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._listen()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _listen(self):
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.proxy = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def _stop_listening(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def fail(self, fault, times=1, writes_only=True):
        assert fault in FAULTS, fault
        with self._lock:
            self._plan = [fault] * times
            self._writes_only = writes_only
            self.released.clear()

    def refuse(self):
        self._stop_listening()

    def take(self, method, path):
        with self._lock:
            if self._plan and (method != "GET" or not self._writes_only):
                fault = self._plan.pop(0)
                self.applied.append((fault, method, path))
                return fault
        return None

    def heal(self):
        """No more faults: held requests are cut, a refusing port listens again."""
        with self._lock:
            self._plan = []
        self.released.set()
        if self._server is None:
            self._listen()

    def close(self):
        self.released.set()
        self._stop_listening()
