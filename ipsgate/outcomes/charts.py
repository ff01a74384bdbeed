"""Server-rendered charts: matplotlib (Agg) SVG as a data URI for an <img>, drawn from the same (already
suppressed) table cells the page shows, so a chart never reveals a count its table hides."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  # after choosing the Agg backend

from .tables import Cell, Table  # noqa: E402

GOVUK_BLUE = "#1d70b8"
GOVUK_TEXT = "#0b0c0c"


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    src: str  # data:image/svg+xml;base64,...
    table: Table


def _svg_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    # Text as SVG text, not glyph paths: several times faster to draw and a fraction of the size.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _numbers(cells: list[Cell]) -> list[float | None]:
    return [float(c.value) if isinstance(c.value, int | float) else None for c in cells]


def horizontal_bars(table: Table, *, value_column: int, title: str, unit: str = "") -> Chart:
    """One bar per row; rows whose value is hidden ("<5", "not shown") or missing get no bar, only their label."""
    labels = [row[0].text for row in table.rows]
    cells = [row[value_column] for row in table.rows]
    values = _numbers(cells)
    parts = [
        f"{label}: {cell.text}{unit if v is not None else ''}"
        for label, cell, v in zip(labels, cells, values, strict=True)
    ]
    alt = (
        f"Bar chart: {title}. "
        + ("; ".join(parts) if parts else "No data.")
        + ". The same figures are in the table below."
    )
    src = _bars_svg(tuple(labels), tuple(c.text for c in cells), tuple(values), title, unit)
    return Chart(title=title, alt=alt, src=src, table=table)


@lru_cache(maxsize=256)
def _bars_svg(
    labels: tuple[str, ...], texts: tuple[str, ...], values: tuple[float | None, ...], title: str, unit: str
) -> str:
    """Drawing takes most of the dashboard's time, and the same figures are asked for again and again (the page,
    then its downloads; everyone looking at last quarter), so each drawing is kept by its inputs."""
    fig = Figure(figsize=(7, 0.45 * max(len(labels), 2) + 0.8), layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, [v or 0 for v in values], color=GOVUK_BLUE)
    ax.set_yticks(positions, labels, color=GOVUK_TEXT)
    for pos, value, text in zip(positions, values, texts, strict=True):
        ax.annotate(
            text + (unit if value is not None else ""),
            (value or 0, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            color=GOVUK_TEXT,
        )
    ax.set_title(title, loc="left", color=GOVUK_TEXT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    return _svg_data_uri(fig)


def dashboard_charts(dashboard) -> list[Chart]:  # type: ignore[no-untyped-def]  # tables.Dashboard
    """The funnel, people into work by group, and sustainment, each with the table it was drawn from."""
    work = dashboard.work
    people_col = work.columns.index("People into work")
    return [
        horizontal_bars(
            dashboard.funnel, value_column=1, title="People at each stage, from referral to sustained work"
        ),
        horizontal_bars(work, value_column=people_col, title=f"People into work ({work.columns[0].lower()})"),
        horizontal_bars(
            dashboard.sustainment, value_column=3, title="Share of jobs still going at each check", unit=""
        ),
    ]
