"""The network report as one offline HTML page: no script, no request, its style inline and
allowed by hash (the same policy as the self-assessment page); every chart an inline SVG with a
text alternative and the table of its figures."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import jinja2

from chemsex_toolkit.exporting.base import OutputFile
from chemsex_toolkit.network.labels import Labels, answer_labels
from chemsex_toolkit.network.model import PRIORITIES, NetworkFigures
from chemsex_toolkit.network.registry import ReportContext

HERE = Path(__file__).parent
# Fill colours of the chart segments; every segment is also named in the legend and the table.
ANSWER_FILLS = {"green": "#1b7f3b", "yellow": "#c98a00", "red": "#b3261e", "none": "#6b6b6b"}
PRIORITY_FILLS = {
    "1": "#b3261e",
    "2": "#d9534f",
    "3": "#c98a00",
    "4": "#e0b84d",
    "none": "#1b7f3b",
    "open": "#9e9e9e",
}


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def bars(rows: list[tuple[str, list[tuple[str, int, str]]]], width: int = 600) -> dict[str, object]:
    """A horizontal stacked bar per row: its label and (name, value, fill) segments, laid out
    for the template (positions in the SVG's own units)."""
    # Each row: its label on a line of text, then its bar.
    label_width, text_height, bar_height, gap = 0, 16, 18, 10
    step = text_height + bar_height + gap
    total = max((sum(v for _n, v, _f in segments) for _l, segments in rows), default=0) or 1
    laid = []
    for index, (label, segments) in enumerate(rows):
        x = float(label_width)
        parts = []
        for name, value, fill in segments:
            span = (width - label_width) * value / total
            if value:
                parts.append(
                    {
                        "x": round(x, 2),
                        "w": round(span, 2),
                        "fill": fill,
                        "name": name,
                        "value": value,
                    }
                )
            x += span
        laid.append(
            {"label": label, "y": index * step, "bar_y": index * step + text_height, "parts": parts}
        )
    return {
        "width": width,
        "height": max(len(rows) * step - gap, step),
        "bar": bar_height,
        "rows": laid,
    }


class HtmlReport:
    name = "html"
    description = "One offline HTML page: tables and charts with text alternatives."

    def render(self, figures: NetworkFigures, context: ReportContext) -> Iterator[OutputFile]:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        css = (HERE / "style.css").read_text(encoding="utf-8")
        csp = "; ".join(
            [
                "default-src 'none'",
                f"style-src {_hash(css)}",
                "img-src data:",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )
        t = Labels(context)
        labels = answer_labels(figures)
        colours = {answer.id: answer.colour for answer in figures.answers}
        by_id = {item.id: item for item in figures.items}
        question_charts = {
            item.id: bars(
                [
                    (
                        next(q.short for q in figures.questions if q.id == counts.question),
                        [
                            *(
                                (labels[a], counts.counts[a], ANSWER_FILLS[colours[a]])
                                for a in counts.counts
                            ),
                            (t("report-not-answered"), counts.not_answered, "#ffffff"),
                        ],
                    )
                    for counts in item.questions
                ]
            )
            for item in figures.items
        }
        urgent_chart = bars(
            [
                (
                    by_id[i].title,
                    [
                        (t("priority-1"), by_id[i].priorities["1"], PRIORITY_FILLS["1"]),
                        (t("priority-2"), by_id[i].priorities["2"], PRIORITY_FILLS["2"]),
                    ],
                )
                for i in figures.most_urgent
            ]
        )
        change_charts = {
            service.service: bars(
                [
                    (
                        a.date or t("report-no-date"),
                        [(t.priority(p), a.totals[p], PRIORITY_FILLS[p]) for p in PRIORITIES],
                    )
                    for a in service.assessments
                ]
            )
            for service in figures.services
            if len(service.assessments) > 1
        }
        page = env.get_template("report.html.j2").render(
            f=figures,
            t=t,
            csp=csp,
            css=css,
            lang=context.locale,
            dir=context.direction,
            labels=labels,
            priorities=PRIORITIES,
            by_id=by_id,
            question_charts=question_charts,
            urgent_chart=urgent_chart,
            change_charts=change_charts,
            services=len(figures.services),
        )
        yield OutputFile("index.html", page.encode("utf-8"))
