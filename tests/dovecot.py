"""A real IMAPS server on loopback for tests and benchmarks: Debian's dovecot.

``Dovecot(tmp_dir).start()`` writes a config into its own folder (self-signed
certificate for 127.0.0.1 made with openssl, a passwd-file user, a Maildir), runs
``dovecot -F`` on a free port and stops it again. ``deliver(raw)`` drops a message
into the Maildir's ``new/`` as an MTA would. Installed by
``scripts/ensure_system_packages.sh``; tests skip when the binary is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import uuid


DOVECOT = "/usr/sbin/dovecot"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
USER = "bousai-inbox"
PASSWORD = "imap-test-password-0123"


def available() -> bool:
    return Path(DOVECOT).exists() and Path(OPENSSL).exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.cert = self.directory / "cert.pem"
        self.maildir = self.directory / "mail" / USER
        self.user = USER
        self.password = PASSWORD
        self.host = "127.0.0.1"
        self.remove_on_stop = False

    @classmethod
    def in_temporary_directory(cls) -> Dovecot:
        """A server in a fresh folder under /tmp, removed on stop.

        Not pytest's tmp_path: its parents are private to the user running the
        tests, and dovecot's own users must reach the Maildir and the passwd file.
        """
        server = cls(Path(tempfile.mkdtemp(prefix="otake-dovecot-")))
        server.remove_on_stop = True
        return server

    def _accounts(self) -> tuple[str, str, str, str]:
        """(login user, internal user, mail uid, mail gid) — dovecot refuses root for
        its login and internal processes, so as root it uses the package's users."""
        if os.geteuid() == 0:
            return "dovenull", "dovecot", "dovecot", "dovecot"
        me = pwd.getpwuid(os.geteuid()).pw_name
        return me, me, me, me

    def start(self) -> Dovecot:
        self.directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                str(self.directory / "key.pem"),
                "-out",
                str(self.cert),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )
        for sub in ("new", "cur", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        (self.directory / "run").mkdir(exist_ok=True)
        (self.directory / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        login_user, internal_user, mail_user, mail_group = self._accounts()
        if os.geteuid() == 0:
            shutil.chown(self.directory / "mail", mail_user, mail_group)
            for path in self.maildir.parent.rglob("*"):
                shutil.chown(path, mail_user, mail_group)
            # dovecot's own users must reach the Maildir (a throw-away folder).
            os.chmod(self.directory, 0o755)  # noqa: S103
        d = self.directory
        config = f"""
base_dir = {d}/run
state_dir = {d}/run
instance_name = otake-test-{uuid.uuid4().hex[:8]}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
ssl_min_protocol = TLSv1.2
default_internal_user = {internal_user}
default_internal_group = {internal_user}
default_login_user = {login_user}
disable_plaintext_auth = yes
auth_mechanisms = plain login
log_path = {d}/dovecot.log
mail_location = maildir:{d}/mail/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={d}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""
        (d / "dovecot.conf").write_text(config)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(d / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        context = ssl.create_default_context(cafile=str(self.cert))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.log()}")
            try:
                with (
                    socket.create_connection((self.host, self.port), timeout=1) as raw,
                    context.wrap_socket(raw, server_hostname=self.host) as tls,
                ):
                    if tls.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.directory / "dovecot.log"
        return path.read_text()[-3000:] if path.exists() else ""

    def deliver(self, raw: bytes) -> Path:
        """Put a message into the Maildir as a delivering MTA does (tmp/ then new/)."""
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.otake-test"
        temporary = self.maildir / "tmp" / name
        temporary.write_bytes(raw)
        if os.geteuid() == 0:
            mail_user = self._accounts()[2]
            shutil.chown(temporary, mail_user, mail_user)
        final = self.maildir / "new" / name
        temporary.rename(final)
        return final

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.remove_on_stop:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
