"""deploy/nginx.conf.example, started for real: TLS 1.2+ only, HSTS and headers.

The example is copied with test paths (a throw-away certificate, loopback ports, the
repository's static folder) and run by the machine's nginx.
"""

from collections.abc import Iterator
import http.client
from pathlib import Path
import shutil
import socket
import ssl
import subprocess
import time

from django.conf import settings

import pytest


EXAMPLE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf.example"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory) -> Iterator[int]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: run scripts/ensure_system_packages.sh")
    root = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=line.city.example.jp", "-keyout", str(root / "key.pem"),
         "-out", str(root / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    example = EXAMPLE.read_text()
    snippet = example.split("# /etc/nginx/snippets/otake-proxy.conf:\n", 1)[1]
    (root / "proxy.conf").write_text(snippet.replace("#   ", ""))
    https, http = free_port(), free_port()
    site = (
        example.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen 80;", f"listen 127.0.0.1:{http};")
        .replace("listen [::]:80;", "")
        .replace("/etc/letsencrypt/live/line.city.example.jp/fullchain.pem", str(root / "cert.pem"))
        .replace("/etc/letsencrypt/live/line.city.example.jp/privkey.pem", str(root / "key.pem"))
        .replace("/etc/nginx/snippets/otake-proxy.conf", str(root / "proxy.conf"))
        .replace("/var/log/nginx/otake-line-hub.access.log", str(root / "access.log"))
        .replace("/srv/otake/static/", f"{settings.BASE_DIR}/static/")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{free_port()};")
    )  # fmt: skip
    (root / "site.conf").write_text(site)
    temp = root / "tmp"
    temp.mkdir()
    (root / "nginx.conf").write_text(
        f"daemon off; pid {root}/nginx.pid; error_log {root}/error.log;\n"
        f"events {{}}\nhttp {{ access_log {root}/access.log;\n"
        + "".join(f" {kind}_temp_path {temp};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"\n include {root}/site.conf; }}\n"
    )  # fmt: skip
    command = [NGINX, "-c", str(root / "nginx.conf"), "-p", str(root)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60  # generous: a busy machine starts nginx late
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", https)) == 0:
                break
        time.sleep(0.1)
    yield https
    server.terminate()
    server.wait(timeout=10)


def handshake(port: int, version: ssl.TLSVersion) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = context.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers(
            "DEFAULT:@SECLEVEL=0"
        )  # let the client try; the server decides
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="line.city.example.jp") as tls,
    ):
        return tls.version()


def test_tls_1_2_and_1_3_are_accepted(nginx):
    assert handshake(nginx, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"
    assert handshake(nginx, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
@pytest.mark.parametrize("old", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_tls_older_than_1_2_is_refused(nginx, old):
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        handshake(nginx, old)


def https_headers(port: int, path: str) -> tuple[int, dict[str, str]]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throw-away certificate of this test
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, context=context, timeout=10
    )
    connection.request("HEAD", path, headers={"Host": "line.city.example.jp"})
    response = connection.getresponse()
    connection.close()
    return response.status, {
        name.lower(): value for name, value in response.getheaders()
    }


def test_hsts_and_security_headers_even_when_the_app_is_down(nginx):
    status, headers = https_headers(nginx, "/")
    assert status == 502  # no gunicorn behind this test nginx
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_static_files_carry_the_headers_too(nginx):
    status, headers = https_headers(nginx, "/static/css/site.css")
    assert status == 200
    assert "strict-transport-security" in headers
    assert headers["x-content-type-options"] == "nosniff"
