"""A small Markdown table printer for the benchmark report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Table:
    """A titled Markdown table: ``columns`` are (header, key) pairs; rows are dicts."""

    title: str
    columns: Sequence[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, **row) -> dict:
        self.rows.append(row)
        return row

    def markdown(self) -> str:
        heads = [h for h, _ in self.columns]
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(heads) + " |")
        numeric = [
            all(isinstance(r.get(key), (int, float)) or r.get(key) is None for r in self.rows)
            for _, key in self.columns
        ]
        lines.append("|" + "|".join("--:" if num else ":--" for num in numeric) + "|")
        for row in self.rows:
            cells = [cell(row.get(key)) for _, key in self.columns]
            lines.append("| " + " | ".join(cells) + " |")
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return "\n".join(lines)


def cell(value) -> str:
    """A table cell: floats with a sensible number of digits, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
        if abs(value) >= 0.01:
            return f"{value:.2f}"
        return f"{value:.1e}"
    return str(value).replace("|", "\\|")
