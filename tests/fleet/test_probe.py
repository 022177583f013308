"""Probing three fake daemons at once: one down or stalled is a state, never an exception."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.fake_ollama import FakeOllama
from tests.fleet.conftest import RETRAINED, fleet_over
from workbench.errors import DaemonUnavailable, RequestTimedOut
from workbench.fleet import Fleet, Host, UnknownHost
from workbench.i18n import error_text
from workbench.ollama import OllamaService
from workbench.settings import load_settings


def test_every_daemon_is_probed_in_order(fleet: Fleet) -> None:
    gpu, cpu, laptop = fleet.probe()
    assert [s.label for s in (gpu, cpu, laptop)] == ["gpu", "cpu", "laptop"]
    assert all(s.up and s.version == "0.24.0" for s in (gpu, cpu, laptop))
    assert [m.name for m in laptop.models] == ["all-minilm:latest"]
    assert gpu.has("qwen3:0.6b") and cpu.has("QWEN3:0.6b") and not laptop.has("qwen3:0.6b")
    assert laptop.has("all-minilm") and laptop.model("all-minilm") is laptop.models[0]
    assert cpu.digest("qwen3:0.6b") == RETRAINED != gpu.digest("qwen3:0.6b")
    assert laptop.digest("qwen3:0.6b") == ""


def test_a_loaded_model_shows_on_its_daemon_only(fleet: Fleet) -> None:
    fleet.service("cpu").load("gemma3:270m")
    gpu, cpu, _ = fleet.probe()
    assert cpu.loaded("gemma3:270m") and not cpu.loaded("qwen3:0.6b")
    assert not gpu.loaded("gemma3:270m")
    assert [m.name for m in cpu.running] == ["gemma3:270m"]


def test_a_daemon_that_is_down_is_a_state_with_its_error(fleet: Fleet, cpu: FakeOllama) -> None:
    cpu.stop()
    gpu, down, laptop = fleet.probe()
    assert gpu.up and laptop.up
    assert not down.up and isinstance(down.error, DaemonUnavailable)
    assert (down.version, down.models, down.running) == ("", (), ())
    assert not down.has("gemma3:270m") and down.digest("gemma3:270m") == ""
    cpu.start()
    assert all(state.up for state in fleet.probe())


def test_a_stalled_daemon_is_cut_off_at_the_deadline(gpu: FakeOllama, cpu: FakeOllama) -> None:
    cpu.response_delay = 30
    fleet = fleet_over(probe_timeout=0.3, gpu=gpu, cpu=cpu)
    fast, stalled = fleet.probe()
    assert fast.up
    assert isinstance(stalled.error, RequestTimedOut)
    assert stalled.error.code == "error.fleet_probe_timeout"
    assert f"cpu ({cpu.url}) did not answer within 0.3 s" in str(stalled.error)
    assert "0.3초" in error_text(stalled.error, "ko")
    cpu.stop()
    fleet.close()


class _WebPage(BaseHTTPRequestHandler):
    """A web server that is not Ollama: every path is an HTML page."""

    def do_GET(self) -> None:
        body = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


def test_a_server_that_is_not_ollama_is_a_state_with_its_error(gpu: FakeOllama) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    web = f"http://127.0.0.1:{server.server_address[1]}"
    fleet = Fleet(
        [Host("web", web), Host("gpu", gpu.url)],
        {"web": OllamaService(web, 1, 5, 5), "gpu": OllamaService(gpu.url, 1, 5, 5)},
    )
    page, fake = fleet.probe()
    assert fake.up
    assert page.error is not None and page.error.code == "error.unexpected"
    assert web in str(page.error)
    fleet.close()
    server.shutdown()
    server.server_close()


def test_services_are_found_by_label(fleet: Fleet, cpu: FakeOllama) -> None:
    assert fleet.labels == ("gpu", "cpu", "laptop")
    assert fleet.service("cpu").host == cpu.url
    with pytest.raises(UnknownHost) as caught:
        fleet.service("tpu")
    assert "'tpu'" in str(caught.value) and "gpu, cpu, laptop" in str(caught.value)


def test_from_settings_builds_one_service_per_daemon(gpu: FakeOllama, cpu: FakeOllama) -> None:
    settings = load_settings({"OLLAMA_HOSTS": f"fast={gpu.url},{cpu.url}"})
    fleet = Fleet.from_settings(settings)
    assert fleet.labels == ("fast", f"127.0.0.1:{cpu.port}")
    assert fleet.probe_timeout == settings.connect_timeout
    assert [state.up for state in fleet.probe()] == [True, True]
    fleet.close()


def test_a_fleet_without_daemons_probes_nothing() -> None:
    assert Fleet((), {}).probe() == []
