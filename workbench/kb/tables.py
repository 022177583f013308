"""A table read from a document, as text: each row under the first as 'header: value' lines."""

from __future__ import annotations

from collections.abc import Sequence


def row_texts(grid: Sequence[Sequence[str]]) -> list[str]:
    """Each row after the first (the header) as 'header: value' lines, empty cells left out;
    a table of one row reads as 'a | b'. Rows without any text are dropped."""
    rows = [row for row in grid if any(row)]
    if len(rows) < 2:
        return [" | ".join(cell for cell in row if cell) for row in rows]
    headers = rows[0]
    return [
        "\n".join(
            f"{headers[i]}: {value}" if i < len(headers) and headers[i] else value
            for i, value in enumerate(values)
            if value
        )
        for values in rows[1:]
    ]
