"""The FHIR exporter: the self-assessment as a FHIR R4 ``Questionnaire``, one per locale.

One Questionnaire holds the whole toolkit, a group per topic, rather than one per topic: a
team assesses its service once, over every topic, and the page keeps that as one answers file
(the service, the date, the participants and the planning mode are asked once, for all of
it). Filled in as one form, it gives one ``QuestionnaireResponse``, which
``chemsex-toolkit answers import`` maps back to one answers file.

The linkIds are made from the content's IDs, never from positions or words, so they are the
same in every locale and in every content version that keeps the IDs (``questionnaire.py``
says how). The file is plain JSON written with the standard library: exporting needs no FHIR
library (reading a response back does, the ``fhir`` extra). It is byte-identical between two
builds of the same content: its dates come from the content, never from the clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import ClassVar

from chemsex_toolkit.exporting import ExportContext, OutputFile

from ..xlsx import content_date
from .questionnaire import questionnaire


class FhirExporter:
    name: ClassVar[str] = "fhir"
    description: ClassVar[str] = (
        "FHIR R4 Questionnaire of the whole self-assessment for FHIR servers and form"
        " renderers; one per locale."
    )

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        for view in context.locales:
            toolkit = view.toolkit
            notice = (
                f"{toolkit.text('machine-translated')} ({', '.join(view.review_figures())})"
                if view.machine_translated()
                else ""
            )
            resource = questionnaire(toolkit, content_date(toolkit).date(), notice)
            text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
            yield OutputFile(f"{toolkit.locale}.questionnaire.json", text.encode("utf-8"))
