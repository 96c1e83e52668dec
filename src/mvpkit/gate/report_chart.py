"""The load stage's response times over the run, as an SVG chart inside the report."""

from __future__ import annotations

import csv
from pathlib import Path


def latency_chart(history_csv: Path, width: int = 880, height: int = 240) -> str:
    """An SVG line chart of the median and 95th percentile over the run."""
    points: list[tuple[float, float, float]] = []
    with history_csv.open() as handle:
        for row in csv.DictReader(handle):
            if row.get("Name") != "Aggregated":
                continue
            try:
                points.append((float(row["Timestamp"]), float(row["50%"]), float(row["95%"])))
            except (KeyError, ValueError):
                continue
    if len(points) < 2:
        return "<p>Too short a run to chart.</p>"
    start, end = points[0][0], points[-1][0]
    top = max(p95 for _t, _p50, p95 in points) or 1.0

    def line(index: int) -> str:
        return " ".join(
            f"{(t - start) / max(end - start, 1) * (width - 60) + 50:.1f},"
            f"{height - 30 - values / top * (height - 50):.1f}"
            for t, *rest in points
            for values in [rest[index]]
        )

    return (
        f'<h3>Response times during the run</h3><svg role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        'aria-label="Median and 95th percentile response times during the load test">'
        f'<line x1="50" y1="{height - 30}" x2="{width - 10}" y2="{height - 30}" stroke="#0b0c0c"/>'
        f'<line x1="50" y1="10" x2="50" y2="{height - 30}" stroke="#0b0c0c"/>'
        f'<text x="5" y="20" font-size="12">{top:.0f} ms</text>'
        f'<text x="5" y="{height - 32}" font-size="12">0</text>'
        f'<text x="{width - 120}" y="{height - 10}" font-size="12">{end - start:.0f} s</text>'
        f'<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="{line(0)}"/>'
        f'<polyline fill="none" stroke="#d4351c" stroke-width="2" points="{line(1)}"/>'
        '<text x="60" y="20" font-size="12" fill="#1d70b8">median</text>'
        '<text x="120" y="20" font-size="12" fill="#d4351c">95th percentile</text></svg>'
    )
