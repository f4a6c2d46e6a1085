"""A `dashboardUpdated` subscription over /graphql/ws (graphql-transport-ws), for scripts/prometheus_check.py.

The smallest WebSocket client that does: the upgrade, masked text frames out, unfragmented frames in, answers to
pings (the protocol's `ping` messages and WebSocket's own), a close at the end. Only the standard library is used.
"""

import base64
import json
import os
import socket
import struct
import threading
import urllib.parse

SUBSCRIPTION = "subscription ($org: ID!) { dashboardUpdated(organizationId: $org) { changedAt groups reason } }"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class Subscription(threading.Thread):
    """Subscribes to one organization's updates until `stop()`; `updates` holds the reason of each one received."""

    def __init__(self, url, token, organization):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(url)
        self.address = (parts.hostname, parts.port or 80)
        self.token = token
        self.organization = organization
        self.acknowledged = False
        self.updates = []
        self.ended = None
        self.stopping = threading.Event()
        self.buffer = bytearray()
        self.sock = None

    def stop(self):
        self.stopping.set()
        self.join(timeout=5)

    def run(self):
        try:
            self.sock = socket.create_connection(self.address, timeout=5)
            self.upgrade()
            self.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {self.token}"}})
            self.send_json({"id": "1", "type": "subscribe",
                            "payload": {"query": SUBSCRIPTION, "variables": {"org": self.organization}}})
            self.sock.settimeout(0.5)
            while not self.stopping.is_set() and self.ended is None:
                frame = self.next_frame()
                if frame is not None:
                    self.handle(*frame)
            if self.ended is None:
                self.send(CLOSE, struct.pack("!H", 1000))
                self.ended = "closed by the check"
        except (OSError, ValueError) as error:
            self.ended = f"failed: {error}"
        finally:
            if self.sock is not None:
                self.sock.close()

    def upgrade(self):
        host, port = self.address
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            f"GET /graphql/ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
        ).encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ValueError("the server closed the connection during the upgrade")
            self.buffer += chunk
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise ValueError(f"the upgrade was refused: {head.splitlines()[0].decode(errors='replace')}")
        self.buffer = bytearray(rest)

    def handle(self, opcode, payload):
        if opcode == PING:
            self.send(PONG, payload)
        elif opcode == CLOSE:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            self.ended = f"closed by the server ({code} {payload[2:].decode(errors='replace')})"
        elif opcode == TEXT:
            message = json.loads(payload)
            kind = message.get("type")
            if kind == "connection_ack":
                self.acknowledged = True
            elif kind == "ping":
                self.send_json({"type": "pong"})
            elif kind == "next":
                update = (message.get("payload", {}).get("data") or {}).get("dashboardUpdated") or {}
                self.updates.append(update.get("reason", json.dumps(message.get("payload"))[:120]))
            elif kind in ("error", "complete"):
                self.ended = f"{kind}: {json.dumps(message.get('payload'))[:200]}"

    def next_frame(self):
        """The next whole frame in the buffer, reading at most once; None when none is whole yet."""
        frame = self.parse()
        if frame is not None:
            return frame
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return None
        if not chunk:
            self.ended = self.ended or "the server closed the connection"
            return None
        self.buffer += chunk
        return self.parse()

    def parse(self):
        if len(self.buffer) < 2:
            return None
        opcode, length, offset = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
        if length == 126:
            if len(self.buffer) < 4:
                return None
            length, offset = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif length == 127:
            if len(self.buffer) < 10:
                return None
            length, offset = struct.unpack("!Q", self.buffer[2:10])[0], 10
        if len(self.buffer) < offset + length:
            return None
        payload = bytes(self.buffer[offset:offset + length])
        del self.buffer[:offset + length]
        return opcode, payload

    def send_json(self, message):
        self.send(TEXT, json.dumps(message).encode())

    def send(self, opcode, payload):
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self.sock.sendall(header + mask + masked)
