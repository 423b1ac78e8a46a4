"""Helpers for the web tests: start the real `ansinh serve` on a free
loopback port, and a small HTTP client (http.client: no redirects followed,
cookies kept by hand) so every status and header can be checked."""
import http.client
import json as jsonlib
import os
import re
import select
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

from e2e_helpers import BIN, base_env

PASSWORD = "mat-khau-thu-nghiem"
ROLES = ["admin", "mobiliser", "clerk", "propaganda", "unit_officer", "fund_manager", "inspector"]
# The unit officer works for Huyện Càng Long of the demo (and its communes).
OFFICER_UNIT = "TV-CL"
START_TIMEOUT = 60


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return jsonlib.loads(self.body.decode("utf-8"))

    def csrf(self):
        m = re.search(r'name="csrf" value="([^"]*)"', self.text)
        return m.group(1) if m else None

    def __repr__(self):
        return f"<Response {self.status} {self.body[:200]!r}>"


def multipart(fields, files, boundary="----ansinhTestBoundary7MA4YWxkTrZu0gW"):
    """A multipart/form-data body as a browser sends it, and its Content-Type."""
    out = b""
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for field, filename, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


class Client:
    """One browser: a cookie jar and a connection per request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, form=None, json=None, cookies=True):
        h = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode() if not isinstance(form, bytes) else form
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if json is not None:
            body = jsonlib.dumps(json).encode()
            h.setdefault("Content-Type", "application/json")
        if cookies and self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            resp = Response(r.status, r.getheaders(), data)
        finally:
            c.close()
        for sc in resp.all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def upload(self, path, fields, files, headers=None):
        """POST a multipart/form-data form: fields [(name, value)], files
        [(field, filename, bytes)]."""
        body, ctype = multipart(fields, files)
        h = dict(headers or {})
        h["Content-Type"] = ctype
        return self.request("POST", path, body=body, headers=h)

    def login(self, name, password=PASSWORD, expect=303):
        page = self.get("/dang-nhap")
        r = self.post("/dang-nhap", form={"csrf": page.csrf(), "name": name, "password": password})
        assert r.status == expect, r
        return r

    def csrf(self):
        """The session's CSRF token, read from a staff page."""
        return self.get("/quan-ly").csrf()


def nonce(html, action):
    """The one-time nonce of the form posting to action."""
    form = html[html.index(f'action="{action}"'):]
    form = form[:form.index("</form>")]
    m = re.search(r'<input type="hidden" name="nonce" value="([A-Za-z0-9_-]{43})">', form)
    assert m, form
    return m.group(1)


class Server:
    """`ansinh serve` on 127.0.0.1, port chosen by the kernel."""

    def __init__(self, db, log, *args, env=None):
        e = base_env()
        e.update(env or {})
        self.log_path = Path(log)
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([BIN, "--db", str(db), "serve", "--listen", "127.0.0.1:0",
                                      *args], stdout=subprocess.PIPE, stderr=self.log, env=e)
        line = self._readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, f"no listening line: {line!r} {self.log_text()}"
        self.port = int(m.group(1))

    def _readline(self):
        deadline = time.time() + START_TIMEOUT
        out = b""
        while time.time() < deadline and not out.endswith(b"\n"):
            r, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if r:
                ch = os.read(self.proc.stdout.fileno(), 1)
                if not ch:
                    break
                out += ch
        return out.decode("utf-8", "replace")

    def client(self):
        return Client(self.port)

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text("utf-8", "replace")

    def wait_log(self, pattern, timeout=10):
        """The log once pattern (a regex) appears in it: a request's line is
        written when its response has gone out, a moment after the client
        has read it."""
        deadline = time.time() + timeout
        while True:
            text = self.log_text()
            if re.search(pattern, text, re.M) or time.time() > deadline:
                return text
            time.sleep(0.05)

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.stdout.close()
            self.log.close()
        return rc


def raw_request(port, data, timeout=30):
    """Sends bytes as they are and returns the raw response."""
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    finally:
        s.close()
    return out


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None
