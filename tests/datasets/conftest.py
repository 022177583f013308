"""Fixtures of the dataset tests."""

from tests.datasets.builders import history

__all__ = ["history"]
