"""Response models: they document the JSON bodies in the OpenAPI description.

Views come from :mod:`goalgraph.model.views`; these models describe their stable keys and allow
extra ones.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from goalgraph.conventions import Lang

from .negotiation import content_types


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Ref(_Open):
    """A reference to a resource."""

    iri: str
    label: str


class ErrorBody(_Open):
    """An error: a short code, a message for people, and the HTTP status."""

    error: str = Field(examples=["not-found"])
    message: str
    status: int


class LevelRef(Ref):
    rank: int | None = None


class Element(Ref):
    """A goal-chain element in a list."""

    short: str | None = None
    identifier: str | None = None
    level: LevelRef | None = None


class Citation(_Open):
    document: Ref | None = None
    passage: str | None = None
    locator: str | None = None
    comment: str | None = None


class SdgLink(Ref):
    notation: str | None = None
    goal: Ref | None = None
    basis: Ref | None = None
    reason: str | None = None


class ResourceView(Ref):
    """Any resource: kind, types, statements, sources and incoming links."""

    kind: str
    types: list[Ref] = []
    comment: str | None = None
    municipality: Ref | None = None
    properties: list[dict[str, Any]] = []
    citations: list[Citation] = []
    incoming: list[dict[str, Any]] = []


class GoalView(ResourceView):
    """A goal with its chain, documents, Agenda 2030 links, owners and indicators."""

    short: str | None = None
    identifier: str | None = None
    level: LevelRef | None = None
    owners: list[Ref] = []
    contributors: list[Ref] = []
    supports: list[Element] = []
    chain_up: list[Element] = []
    chain_down: list[Element] = []
    documents: list[dict[str, Any]] = []
    sdg: list[SdgLink] = []
    indicators: list[dict[str, Any]] = []


class MunicipalitySummary(Ref):
    slug: str
    code: str | None = None
    goals: int


class MunicipalityView(ResourceView):
    """A municipality with its goals, bodies, documents, governance model and SDG coverage."""

    slug: str
    code: str | None = None
    elements: list[dict[str, Any]] = []
    bodies: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    processes: list[dict[str, Any]] = []
    governance_models: list[dict[str, Any]] = []
    sdg_coverage: list[dict[str, Any]] = []


class SdgGoalSummary(Ref):
    notation: str
    colour: str | None = None
    linked_elements: int
    linked_documents: int = 0


class SdgView(Ref):
    """An SDG goal or target and the municipal elements that serve it."""

    kind: str
    notation: str
    definition: str | None = None
    definition_lang: str | None = None
    translation_note: str | None = None
    goal: Ref | None = None
    targets: list[dict[str, Any]] | None = None
    served_by: list[dict[str, Any]] = []


class ValidationReportBody(_Open):
    """A SHACL validation report (goalgraph.validation.graph)."""

    conforms: bool
    violations: int
    warnings: int
    results: list[dict[str, Any]]


class ValidationStatus(_Open):
    slug: str
    label: str
    conforms: bool | None
    violations: int | None
    warnings: int | None
    #: Why there is no report (``None`` when there is one).
    problem: str | None = None


class WriteBody(_Open):
    """What a committed write stored."""

    graph: str
    slug: str
    triples: int
    created: bool
    warnings: int
    message: str


class Health(_Open):
    status: str
    reason: str | None = None
    generation: int | None = None
    municipalities: list[str] = []


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for error statuses (JSON, or HTML for browsers)."""
    return {
        status: {
            "model": ErrorBody,
            "description": _ERROR_TEXT.get(status, "Error"),
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
        for status in statuses
    }


def ok(description: str, formats: tuple[str, ...]) -> dict[int | str, dict[str, Any]]:
    """The 200 response for the non-JSON formats of a route."""
    return {200: {"description": description, "content": content_types(formats)}}


_ERROR_TEXT = {
    400: "Malformed input (bad RDF, SPARQL syntax error, forbidden SPARQL operation).",
    401: "Missing or wrong bearer token.",
    403: "Writes disabled on this server, or the graph is read-only.",
    404: "Unknown resource.",
    406: "None of the accepted media types can be produced.",
    413: "Request body too large.",
    415: "Unsupported Content-Type.",
    422: "Invalid parameters, failed validation, or a query over the time or size limit.",
    503: "All SPARQL workers are busy.",
}


# -- authoring: sheets, period diffs, indicator status, SDG suggestions, drafts --------------


class IssueBody(_Open):
    """One problem in an uploaded sheet or document, and where it is."""

    source: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str
    message_sv: str
    message_en: str
    location: str


class ImportErrorBody(ErrorBody):
    """A refused import: the sheet's issues (sheet, row, column), or the validation report of
    a graph that does not conform. Nothing was stored."""

    issues: list[IssueBody] | None = None
    report: dict[str, Any] | None = None


class PeriodRef(_Open):
    iri: str
    label: str


class DiffBody(_Open):
    """What changed in a municipality's goals between two mandate periods."""

    municipality: str
    old_period: PeriodRef
    new_period: PeriodRef
    counts: dict[str, int]
    changes: list[dict[str, Any]]


class StatusBody(_Open):
    """Computed goal attainment of every chain element for a year, with the indicators."""

    municipality: str
    year: int | None
    goals: list[dict[str, Any]]
    indicators: list[dict[str, Any]]


class SuggestRequest(BaseModel):
    """A goal text to suggest Agenda 2030 targets for."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=4000,
        description="The goal text, in Swedish or English.",
        examples=["Kommunen ska minska utsläppen av växthusgaser"],
    )
    lang: Lang | None = Field(
        default=None, description="The text's language; detected when left out."
    )
    limit: int = Field(default=5, ge=1, le=50, description="How many targets to suggest.")


class Suggestion(_Open):
    """A suggested SDG target with its score and why (`gg:Suggested`, never decided)."""

    notation: str
    iri: str
    score: float
    terms: list[str]
    shared: list[str]
    text: str
    reason: str
    reason_sv: str
    reason_en: str


class SuggestBody(_Open):
    """Ranked suggestions for a goal text; nothing is stored."""

    lang: str
    stored: bool
    suggestions: list[Suggestion]


class DraftBody(_Open):
    """A draft graph extracted from a goal document, with its validation report; not stored."""

    slug: str
    source: str
    stored: bool
    counts: dict[str, int]
    report: ValidationReportBody
    graph: Any = Field(description="The draft as JSON-LD.")
