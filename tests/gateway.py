"""The card gateway simulator as a real process, for every test folder that pays by card.

`gateway_simulator` (function scope) gives a running simulator with fresh settings: control back to
"normal", its callback log emptied, `settings.TIJARA_CMI_GATEWAY_URL` and `settings.TIJARA_CMI_STORE_KEY`
pointed at it. The process itself is started once per session (`tijara gateway_simulator` on a free port)
and started again if a test stopped it. Import both fixtures in a folder's conftest.py:

    from tests.gateway import gateway_simulator, gateway_simulator_process  # noqa: F401
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tijara.payments.cmi import ver3_hash

ROOT = Path(__file__).resolve().parent.parent
TEST_STORE_KEY = os.environ.get("TIJARA_CMI_STORE_KEY") or "tests-only-cmi-store-key-0123456789abcdef"
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None,
         timeout: float = 20) -> tuple[int, str]:
    """(status, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def post_form(url: str, fields: dict[str, str]) -> tuple[int, str]:
    body = urllib.parse.urlencode(list(fields.items())).encode("utf-8")
    return http("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded"})


class GatewaySimulator:
    """A `tijara gateway_simulator` process and the calls tests make to it."""

    def __init__(self, store_key: str = TEST_STORE_KEY):
        self.store_key = store_key
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.log = Path(tempfile.mkstemp(prefix="gateway-simulator-", suffix=".log")[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        """The hosted page, i.e. the shop's TIJARA_CMI_GATEWAY_URL."""
        return f"{self.url}/fim/est3Dgate"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> "GatewaySimulator":
        executable = Path(sys.executable).parent / "tijara"
        command = [str(executable)] if executable.exists() else [sys.executable, "-m", "tijara"]
        self.port = free_port()
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [*command, "gateway_simulator", "--port", str(self.port), "--store-key", self.store_key],
                cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the gateway simulator exited:\n{self.log.read_text()[-3000:]}")
            try:
                if http("GET", f"{self.url}/healthz", timeout=1)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the gateway simulator did not answer /healthz:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the process (tests of "the gateway is down" call it; the next test gets a new one)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def control(self, mode: str = "normal", delay: float = 2.0) -> dict:
        status, body = http("POST", f"{self.url}/control",
                            json.dumps({"callback": mode, "delay_seconds": delay}).encode(),
                            {"Content-Type": "application/json"})
        assert status == 200, body
        return json.loads(body)

    def callbacks(self) -> list[dict]:
        """The callbacks sent so far, each with its fields, the shop's HTTP status and reply text."""
        return json.loads(http("GET", f"{self.url}/callbacks")[1])["callbacks"]

    def payments(self) -> dict[str, dict[str, str]]:
        """Captured and refunded amounts per oid, as the gateway knows them."""
        return json.loads(http("GET", f"{self.url}/callbacks")[1])["payments"]

    def wait_for_callbacks(self, count: int, timeout: float = 15) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            sent = self.callbacks()
            if len(sent) >= count or time.monotonic() > deadline:
                return sent
            time.sleep(0.05)

    def reset(self) -> None:
        self.control("normal", 2.0)
        http("DELETE", f"{self.url}/callbacks")

    def sign(self, fields: dict[str, str]) -> dict[str, str]:
        """`fields` with the HASH a shop holding the same store key would add."""
        return {**fields, "HASH": ver3_hash(fields, self.store_key)}

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        return post_form(f"{self.url}{path}", fields)


@pytest.fixture(scope="session")
def gateway_simulator_process():
    simulator = GatewaySimulator()
    yield simulator
    simulator.stop()
    simulator.log.unlink(missing_ok=True)


@pytest.fixture
def gateway_simulator(gateway_simulator_process, settings):
    """A running simulator in normal mode with an empty callback log; the shop's settings point at it."""
    simulator = gateway_simulator_process
    if not simulator.running:
        simulator.start()
    simulator.reset()
    settings.TIJARA_CMI_GATEWAY_URL = simulator.gateway_url
    settings.TIJARA_CMI_STORE_KEY = simulator.store_key
    return simulator
