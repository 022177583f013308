"""Which daemon embeds for a knowledge base: one whose model has the collection's digest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from workbench.errors import Reason
from workbench.fleet import HostState, ModelRef, place
from workbench.kb.collections import CollectionInfo
from workbench.kb.errors import KbError
from workbench.kb.origin import EmbeddingOrigin, short_digest


class NoEmbeddingHost(KbError):
    """No answering daemon has the knowledge base's embedding model."""

    code = "error.kb_no_embedding_host"


class DigestMismatch(NoEmbeddingHost):
    """The answering daemons have the model, but with other weights than the collection's."""

    code = "error.kb_digest_mismatch"


class DigestUnknown(NoEmbeddingHost):
    """An older collection without a recorded digest, and the daemons disagree on it."""

    code = "error.kb_digest_unknown"


def embedding_host(
    info: CollectionInfo,
    states: Sequence[HostState],
    in_flight: Mapping[str, int] | None = None,
) -> str:
    """The label of the daemon to embed for `info`: the one it was embedded on when that one
    answers with the same digest, else the placement rules among those with the same digest.
    Daemons with other weights are refused; a collection without a recorded digest (made
    before several hosts) is served when every answering daemon with the model agrees on one.
    Raises NoEmbeddingHost (or DigestMismatch, DigestUnknown) with the reason."""
    model = info.embedding_model
    usable = [state for state in states if state.up and state.has(model)]
    if not usable:
        raise _no_host(info, states)
    digest = info.origin.digest or _agreed_digest(info, usable)
    same = [state for state in usable if state.digest(model) == digest]
    if not same:
        raise _mismatch(info, usable)
    home = next((state for state in same if _is_origin(state, info.origin)), None)
    return home.label if home else place(ModelRef(model), same, in_flight or {})


def embedding_refusals(
    infos: Iterable[CollectionInfo], states: Sequence[HostState]
) -> dict[str, NoEmbeddingHost]:
    """The knowledge bases no answering daemon can embed for, by display name, with why."""
    refused: dict[str, NoEmbeddingHost] = {}
    for info in infos:
        try:
            embedding_host(info, states)
        except NoEmbeddingHost as exc:
            refused[info.display_name] = exc
    return refused


def _is_origin(state: HostState, origin: EmbeddingOrigin) -> bool:
    return state.label == origin.host or (bool(origin.url) and state.host.url == origin.url)


def _agreed_digest(info: CollectionInfo, usable: Sequence[HostState]) -> str:
    digests = {state.digest(info.embedding_model) for state in usable}
    if len(digests) > 1:
        raise DigestUnknown(
            collection=info.display_name,
            model=info.embedding_model,
            found=_digests(info.embedding_model, usable),
        )
    return digests.pop()


def _digests(model: str, states: Sequence[HostState]) -> str:
    return ", ".join(f"{state.label}: {short_digest(state.digest(model))}" for state in states)


def _labels(labels: Sequence[str]) -> str | Reason:
    return ", ".join(labels) if labels else Reason("fleet.none")


def _origin_text(origin: EmbeddingOrigin) -> str | Reason:
    return origin.host or origin.url or Reason("kb_fleet.unknown_host")


def _no_host(info: CollectionInfo, states: Sequence[HostState]) -> NoEmbeddingHost:
    return NoEmbeddingHost(
        collection=info.display_name,
        model=info.embedding_model,
        origin=_origin_text(info.origin),
        down=_labels([state.label for state in states if not state.up]),
        missing=_labels([state.label for state in states if state.up]),
    )


def _mismatch(info: CollectionInfo, usable: Sequence[HostState]) -> DigestMismatch:
    return DigestMismatch(
        collection=info.display_name,
        model=info.embedding_model,
        digest=short_digest(info.origin.digest),
        origin=_origin_text(info.origin),
        found=_digests(info.embedding_model, usable),
    )
