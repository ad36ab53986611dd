#!/usr/bin/env python3
"""A NuGet v3 feed over https on 127.0.0.1 for the benchmark: a network-like package source.

    benchmark-feed.py FOLDER CERT KEY LATENCY_MS PORT_FILE

Serves every .nupkg of FOLDER through the flat container (PackageBaseAddress/3.0.0), the one
resource restore needs, and waits LATENCY_MS before each answer, as a remote registry would.
Writes the port it listens on into PORT_FILE, then serves until killed.
"""
import http.server
import json
import os
import ssl
import sys
import time
import zipfile
import xml.etree.ElementTree as ElementTree

folder, cert, key, latency, port_file = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) / 1000.0, sys.argv[5]


def identity(path):
    """The id and version a package's nuspec declares (lowercase, as the flat container wants them)."""
    with zipfile.ZipFile(path) as package:
        nuspec = next(n for n in package.namelist() if n.endswith(".nuspec") and "/" not in n)
        root = ElementTree.fromstring(package.read(nuspec))
        metadata = next(e for e in root if e.tag.endswith("metadata"))
        values = {e.tag.split("}")[-1]: (e.text or "").strip() for e in metadata}
        return values["id"].lower(), values["version"].lower()


packages = {}
for name in sorted(os.listdir(folder)):
    if name.endswith(".nupkg") and not name.endswith(".snupkg"):
        package_id, version = identity(os.path.join(folder, name))
        packages.setdefault(package_id, {})[version] = os.path.join(folder, name)


class Feed(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        time.sleep(latency)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = "https://127.0.0.1:%d" % self.server.server_address[1]
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        if parts == ["v3", "index.json"]:
            index = {"version": "3.0.0", "resources": [{"@id": base + "/flat/", "@type": "PackageBaseAddress/3.0.0"}]}
            return self.answer(200, json.dumps(index).encode())
        if len(parts) == 3 and parts[0] == "flat" and parts[2] == "index.json" and parts[1] in packages:
            return self.answer(200, json.dumps({"versions": sorted(packages[parts[1]])}).encode())
        if len(parts) == 4 and parts[0] == "flat" and parts[2] in packages.get(parts[1], {}) and parts[3].endswith(".nupkg"):
            with open(packages[parts[1]][parts[2]], "rb") as package:
                return self.answer(200, package.read(), "application/octet-stream")
        return self.answer(404, b"{}")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
