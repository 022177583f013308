"""Tests of the dataset builder (workbench.datasets)."""
