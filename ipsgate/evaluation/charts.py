"""Server-rendered charts: matplotlib (no pyplot, so no global state) to SVG, embedded as a data URI."""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure

from ipsgate.rules.statistics import SurvivalResult

ARM_STYLES = {"IPS": ("#1d70b8", "-"), "SAU": ("#d4351c", "--")}  # GOV.UK blue and red, and a dash for SAU


def svg_data_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def time_to_first_job_chart(
    result: SurvivalResult, *, labels: dict[str, str], people: dict[str, str], drawn: list[str]
) -> str:
    """Kaplan-Meier curves drawn as the cumulative share in work (1 minus the estimate), by arm. `people` is
    each arm's number of people as the page shows it (so "<5" for an analyst), and only the arms in `drawn` get
    a curve: a curve's steps give away how many people it was drawn from."""
    figure = Figure(figsize=(7, 4))
    axes = figure.subplots()
    for arm, group in result.groups.items():
        if arm not in drawn:
            continue
        colour, line = ARM_STYLES.get(arm, ("#505a5f", ":"))
        days = [point.day for point in group.curve]
        share = [1 - point.survival for point in group.curve]
        if days and days[0] > 0:
            days, share = [0.0, *days], [0.0, *share]
        axes.step(
            days, share, where="post", color=colour, linestyle=line, label=f"{labels.get(arm, arm)} (n={people[arm]})"
        )
    axes.set_xlabel("Days since release")
    axes.set_ylabel("Share who have started a job")
    axes.set_ylim(0, 1)
    axes.set_xlim(left=0)
    axes.yaxis.set_major_formatter(lambda value, _position: f"{value:.0%}")
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="upper left")
    return svg_data_uri(figure)
