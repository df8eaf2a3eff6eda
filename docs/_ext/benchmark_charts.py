"""Benchmark charts drawn at build time, as inline SVG, from the committed snapshot of bench/ results.

``{benchmark-chart} TITLE`` takes one line per group of bars, ``LABEL = PATTERN``, where PATTERN
(shell-style, ``*`` for the counts a run chose) names one figure of ``bench/run.py``'s JSON; each
group has a bar per installation measured. ``{benchmark-table}`` lists every figure.
"""

from __future__ import annotations

import fnmatch
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SNAPSHOT = Path(__file__).resolve().parents[1] / "benchmarks" / "results.json"
# One colour per installation, as bench/run.py labels them; plain ipywidgets references in grey.
COLOURS = {"ours": "#0f7c7c", "against": "#d9822b"}
REFERENCE_COLOURS = {"ours": "#8a8f98", "against": "#b9bdc4"}
BAR = 18
GAP = 10
LABEL_WIDTH = 230
PLOT_WIDTH = 360
WIDTH = LABEL_WIDTH + PLOT_WIDTH + 80


def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return data


def installation_name(results: dict[str, Any], label: str) -> str:
    version = results[label]["anywidget"]
    return f"anywidget {version} (this release)" if label == "ours" else f"anywidget {version}"


def match(rows: dict[str, Any], pattern: str) -> str:
    """The one figure `pattern` names; a pattern naming none or several is an error."""
    found = [name for name in rows if fnmatch.fnmatchcase(name, pattern)]
    if len(found) != 1:
        raise ValueError(f"{pattern!r} names {len(found)} figures of the snapshot: {found}")
    return found[0]


def bars(
    results: dict[str, Any], groups: list[tuple[str, str]]
) -> list[tuple[str, list[tuple[str, float, str]]]]:
    """Per group: its label and (installation, value, colour) per installation measured."""
    drawn = []
    for label, pattern in groups:
        figure = match(results["ours"]["rows"], pattern)
        reference = "(reference" in figure
        palette = REFERENCE_COLOURS if reference else COLOURS
        values = []
        for install in results:
            value = results[install]["rows"].get(figure)
            if isinstance(value, (int, float)):
                values.append((install, float(value), palette.get(install, "#555")))
        drawn.append((label, values))
    return drawn


def svg(title: str, unit: str, results: dict[str, Any], groups: list[tuple[str, str]]) -> str:
    """A horizontal grouped bar chart; every bar carries its value, so no axis is needed."""
    drawn = bars(results, groups)
    top = max((value for _, values in drawn for _, value, _ in values), default=0.0) or 1.0
    height = sum(len(values) * BAR + GAP for _, values in drawn) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="benchmark-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{html.escape(title)} ({html.escape(unit)})</title>",
    ]
    y = GAP
    for label, values in drawn:
        group_height = len(values) * BAR
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + group_height / 2 + 4}" text-anchor="end" '
            f'font-size="12">{html.escape(label)}</text>'
        )
        for install, value, colour in values:
            width = max(1.0, PLOT_WIDTH * value / top)
            name = installation_name(results, install)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{BAR - 4}" '
                f'fill="{colour}"><title>{html.escape(name)}: {value:g} {html.escape(unit)}</title></rect>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR - 5}" font-size="11">'
                f"{value:g}</text>"
            )
            y += BAR
        y += GAP
    parts.append("</svg>")
    return "".join(parts)


def legend(results: dict[str, Any]) -> str:
    items = [
        (COLOURS.get(install, "#555"), installation_name(results, install)) for install in results
    ]
    items.append((REFERENCE_COLOURS["ours"], "plain ipywidgets, measured in the same run"))
    return (
        '<p class="benchmark-legend">'
        + " ".join(
            f'<span><span class="swatch" style="background:{colour}"></span>{html.escape(name)}</span>'
            for colour, name in items
        )
        + "</p>"
    )


class BenchmarkChart(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"unit": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(SNAPSHOT))
        title = self.arguments[0]
        unit = self.options.get("unit", "")
        groups = []
        for line in self.content:
            label, sep, pattern = line.partition("=")
            if not sep:
                raise self.error(f"benchmark-chart lines are LABEL = PATTERN, not {line!r}")
            groups.append((label.strip(), pattern.strip()))
        try:
            results = load()
            drawing = svg(title, unit, results, groups)
        except (OSError, ValueError, KeyError) as error:
            raise self.error(f"benchmark-chart {title!r}: {error}") from error
        caption = f'<p class="benchmark-title">{html.escape(title)} ({html.escape(unit)})</p>'
        return [
            nodes.raw(
                "",
                f'<figure class="benchmark">{caption}{drawing}{legend(results)}</figure>',
                format="html",
            )
        ]


class BenchmarkTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(SNAPSHOT))
        try:
            results = load()
        except (OSError, ValueError) as error:
            raise self.error(f"benchmark-table: {error}") from error
        installs = list(results)
        head = "".join(f"<th>{html.escape(installation_name(results, i))}</th>" for i in installs)
        rows = []
        for figure in results["ours"]["rows"]:
            cells = "".join(
                f"<td>{html.escape(str(results[i]['rows'].get(figure, 'not measured')))}</td>"
                for i in installs
            )
            rows.append(f"<tr><th>{html.escape(figure)}</th>{cells}</tr>")
        table = (
            '<table class="table benchmark-table"><thead><tr><th>figure</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        return [nodes.raw("", table, format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("benchmark-chart", BenchmarkChart)
    app.add_directive("benchmark-table", BenchmarkTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
