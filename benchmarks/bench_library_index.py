"""How long a new process takes to list a large template library, with and without the kept index.

Writes N generated templates (every fifth Korean) into a temporary folder, then runs three fresh
Python processes: the first parses every file and writes the index, the second reads the index
(what a restarted workbench does), the third parses again with the index removed.

Run: python benchmarks/bench_library_index.py [--templates 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.workload import write_templates  # noqa: E402

LIST_ONCE = """
import sys, time
from pathlib import Path
from workbench.library import Library
start = time.perf_counter()
entries = Library(Path(sys.argv[1]), Path(sys.argv[2])).entries()
print(f"{len(entries)} {time.perf_counter() - start:.2f}")
"""


def list_in_new_process(library: Path, index: Path) -> str:
    """Entries and seconds, as a fresh interpreter reports them."""
    done = subprocess.run(
        [sys.executable, "-c", LIST_ONCE, str(library), str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main() -> None:
    """Write the library, then time the three cold listings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=10_000)
    count = parser.parse_args().templates
    with tempfile.TemporaryDirectory() as folder:
        library, index = Path(folder) / "library", Path(folder) / "cache" / "library.pickle"
        write_templates(library, count)
        print("| listing in a new process | templates | seconds |\n|---|---|---|")
        for label in ("parse every file, write the index", "read the kept index"):
            entries, seconds = list_in_new_process(library, index).split()
            print(f"| {label} | {entries} | {seconds} |")
        size = index.stat().st_size
        index.unlink()
        entries, seconds = list_in_new_process(library, index).split()
        print(f"| parse every file again (index removed) | {entries} | {seconds} |")
        print(f"\nindex file: {size / 1_048_576:.1f} MiB")


if __name__ == "__main__":
    main()
