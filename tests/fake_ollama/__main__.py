"""Run the fake Ollama daemon in the foreground: python -m tests.fake_ollama --port 11435.

Structured output and tools: `--format-fault MODEL=KIND` (repeatable; KIND malformed, wrong or
length) breaks that model's `format` answers; `--always-call-tools` makes a tools model call a
tool on every turn, so a tool loop runs into its step limit. `--scripted-reply MODEL=TEXT`
(repeatable) makes MODEL answer the given texts in turn, e.g. a judge's verdicts."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .server import FakeOllama
from .structured import FORMAT_FAULTS


def _format_fault(text: str) -> tuple[str, str]:
    """Read MODEL=KIND."""
    model, _, kind = text.rpartition("=")
    if not model or kind not in FORMAT_FAULTS:
        choices = ", ".join(FORMAT_FAULTS)
        raise argparse.ArgumentTypeError(f"expected MODEL=KIND with KIND one of {choices}")
    return model, kind


def _scripted_reply(text: str) -> tuple[str, str]:
    """Read MODEL=TEXT (the text may hold '=' too)."""
    model, equals, reply = text.partition("=")
    if not model.strip() or not equals:
        raise argparse.ArgumentTypeError("expected MODEL=TEXT")
    return model.strip(), reply


def _scripts(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each model's scripted texts, in the order given."""
    scripts: dict[str, list[str]] = {}
    for model, reply in pairs:
        scripts.setdefault(model, []).append(reply)
    return scripts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fake_ollama",
        description="Serve a fake Ollama daemon (REST API on a real HTTP port) until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=11435, help="port (0 = any free port)")
    parser.add_argument(
        "--token-delay", type=float, default=0.0, help="seconds per generated token (default 0)"
    )
    parser.add_argument(
        "--answer-tokens",
        type=int,
        default=None,
        help="tokens in a plain answer (default 24; num_predict and stop still cut it)",
    )
    parser.add_argument(
        "--load-delay", type=float, default=0.0, help="seconds to load a model that is not loaded"
    )
    parser.add_argument(
        "--max-concurrency",
        type=int,
        default=None,
        help="generation/embedding requests run at once; the rest wait (default unlimited)",
    )
    parser.add_argument(
        "--max-queue", type=int, default=None, help="waiting requests before 503 (default no limit)"
    )
    parser.add_argument(
        "--response-delay", type=float, default=0.0, help="seconds added before every /api/ answer"
    )
    parser.add_argument(
        "--burn-ms",
        type=float,
        default=0.0,
        help="CPU milliseconds each token costs, spent in worker processes (default 0: none)",
    )
    parser.add_argument(
        "--burn-workers",
        type=int,
        default=1,
        help="processes that each burn --burn-ms per token, like a runner's threads (default 1)",
    )
    parser.add_argument(
        "--format-fault",
        action="append",
        default=[],
        type=_format_fault,
        metavar="MODEL=KIND",
        help="break MODEL's format answers: KIND is malformed (not JSON), wrong (JSON breaking "
        "the schema) or length (cut off, done_reason length); repeatable",
    )
    parser.add_argument(
        "--always-call-tools",
        action="store_true",
        help="a tools model calls a tool on every turn, even right after a tool result",
    )
    parser.add_argument(
        "--scripted-reply",
        action="append",
        default=[],
        type=_scripted_reply,
        metavar="MODEL=TEXT",
        help="MODEL's chat/generate answers are these texts in turn, cycling (streaming and "
        "metrics as usual; format ignored); repeatable",
    )
    parser.add_argument("--ollama-version", default="0.24.0", help="what /api/version reports")
    parser.add_argument("--gpu", action="store_true", help="report models as fully in VRAM")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse flags, start the daemon, print its URL and serve until SIGINT/SIGTERM."""
    args = _parser().parse_args(argv)
    daemon = FakeOllama(
        args.host,
        args.port,
        token_delay=args.token_delay,
        answer_tokens=args.answer_tokens,
        load_delay=args.load_delay,
        max_concurrency=args.max_concurrency,
        max_queue=args.max_queue,
        response_delay=args.response_delay,
        version=args.ollama_version,
        gpu=args.gpu,
        burn_ms=args.burn_ms,
        burn_workers=args.burn_workers,
        format_faults=dict(args.format_fault),
        always_call_tools=args.always_call_tools,
        scripted_replies=_scripts(args.scripted_reply),
        verbose=args.verbose,
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    daemon.start()
    print(daemon.url, flush=True)
    models = ", ".join(daemon.model_names())
    print(f"fake ollama {args.ollama_version} serving {models}; Ctrl-C to stop", file=sys.stderr)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        daemon.stop()


if __name__ == "__main__":
    main()
