"""The spreadsheet template as data: its sheets, their columns and what each column means in RDF.

The same specification drives the Excel workbook, the CSV folder and the YAML form: a sheet has
a key (the YAML key and CSV file name), a Swedish and an English name; a column has a key, a
Swedish and an English header, a kind (how a cell is read) and the RDF property it fills.
Vocabulary columns (body types, level kinds, bases, …) take the Swedish or English label of an
ontology term, its local name or its CURIE; the lists are read from the ontology, so a term
added there is available in the template without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from goalgraph import resources
from goalgraph.namespaces import GG

#: How a cell is read (see :mod:`goalgraph.authoring.convert`).
Kind = Literal[
    "id",  # the row's identifier
    "slug",  # the municipality's slug
    "text",  # one language-tagged literal
    "texts",  # several language-tagged literals, one per line
    "string",  # one plain literal
    "strings",  # several plain literals, one per line
    "ref",  # one reference to a row (or a full IRI / CURIE)
    "refs",  # several references, separated by ";" or spaces
    "term",  # one ontology term from a vocabulary
    "terms",  # several ontology terms, separated by ";" or new lines
    "date",  # xsd:date, xsd:gYearMonth, xsd:gYear or xsd:dateTime from its form
    "year",  # xsd:gYear
    "instant",  # a time:Instant with time:inXSDGYear or time:inXSDDate
    "integer",
    "decimal",
    "share",  # a decimal 0-1, also written "80 %"
    "boolean",
    "sdg",  # an SDG goal or target notation, e.g. "11.6"
    "curie",  # a property, e.g. "dcterms:extent"
    "source",  # a reference (row id, IRI, CURIE) or, otherwise, a plain literal
]

#: Whether a sheet's rows are IRIs (``required``), IRIs when an id is given (``optional``),
#: blank nodes with an id that other rows may refer to (``label``) or blank nodes (``none``).
IdMode = Literal["required", "optional", "label", "none"]

TIME = "http://www.w3.org/2006/time#"


@dataclass(frozen=True)
class Column:
    """One column of a sheet."""

    key: str
    sv: str
    en: str
    kind: Kind
    prop: URIRef | None = None
    lang: str | None = None
    required: bool = False
    #: For ``ref``/``refs``: the sheets whose rows it may name (empty: any sheet).
    targets: tuple[str, ...] = ()
    #: For ``term``/``terms``: the vocabulary (see :func:`vocabularies`).
    vocabulary: str | None = None
    #: The triple runs from the value to the row (``value prop row``).
    inverse: bool = False
    #: For ``string``: a regular expression the value must match, with its explanation.
    pattern: str | None = None
    help_sv: str = ""
    help_en: str = ""

    def headers(self) -> tuple[str, str, str]:
        """The names a header cell may have: Swedish, English and the key."""
        return (self.sv, self.en, self.key)


@dataclass(frozen=True)
class Sheet:
    """One sheet: a kind of thing, one row each."""

    key: str
    sv: str
    en: str
    columns: tuple[Column, ...]
    rdf_type: URIRef | None = None
    id_mode: IdMode = "required"
    single: bool = False
    #: Rows get ``gg:municipality`` pointing at the municipality.
    in_municipality: bool = True
    help_sv: str = ""
    help_en: str = ""

    def column(self, key: str) -> Column:
        """The column with this key."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def id_column(self) -> Column | None:
        """The column that holds the row's identifier, if the sheet has one."""
        return next((c for c in self.columns if c.kind in ("id", "slug")), None)

    def names(self) -> tuple[str, str, str]:
        """The names a sheet may have: Swedish, English and the key."""
        return (self.sv, self.en, self.key)


# --- shared columns ------------------------------------------------------------------------


def _id(help_sv: str = "", help_en: str = "", required: bool = True) -> Column:
    return Column(
        "id",
        "id",
        "id",
        "id",
        required=required,
        help_sv=help_sv or "Stabil identitet inom kommunen, t.ex. goal-kf1. Ändra den inte.",
        help_en=help_en or "Stable identifier within the municipality, e.g. goal-kf1. Keep it.",
    )


def _labels(required: bool = True) -> tuple[Column, ...]:
    return (
        Column("label_sv", "namn", "name (Swedish)", "text", SKOS.prefLabel, "sv", required),
        Column("label_en", "namn på engelska", "name (English)", "text", SKOS.prefLabel, "en"),
    )


ALT_SV = Column(
    "altlabels_sv",
    "andra namn",
    "other names (Swedish)",
    "texts",
    SKOS.altLabel,
    "sv",
    help_sv="Förkortningar och andra namn, ett per rad.",
    help_en="Abbreviations and other names, one per line.",
)
COMMENTS = (
    Column("comment_sv", "kommentar", "comment (Swedish)", "text", RDFS.comment, "sv"),
    Column("comment_en", "kommentar på engelska", "comment (English)", "text", RDFS.comment, "en"),
)
CHAIN = ("goals",)
ANY: tuple[str, ...] = ()


def _ref(
    key: str, sv: str, en: str, prop: URIRef, targets: tuple[str, ...], **kw: object
) -> Column:
    return Column(key, sv, en, "ref", prop, targets=targets, **kw)  # type: ignore[arg-type]


def _refs(
    key: str, sv: str, en: str, prop: URIRef, targets: tuple[str, ...], **kw: object
) -> Column:
    return Column(key, sv, en, "refs", prop, targets=targets, **kw)  # type: ignore[arg-type]


def _term(key: str, sv: str, en: str, prop: URIRef, vocabulary: str, **kw: object) -> Column:
    return Column(key, sv, en, "term", prop, vocabulary=vocabulary, **kw)  # type: ignore[arg-type]


def _terms(key: str, sv: str, en: str, prop: URIRef, vocabulary: str, **kw: object) -> Column:
    return Column(key, sv, en, "terms", prop, vocabulary=vocabulary, **kw)  # type: ignore[arg-type]


ROLLUP = _ref(
    "rollup",
    "sammanvägningsregel",
    "roll-up rule",
    GG.rollUpRule,
    ("rollup",),
    help_sv="Regel för måluppfyllelse (bladet Sammanvägning); den närmaste gäller.",
    help_en="Attainment rule (sheet Roll-up rules); the nearest one applies.",
)

# --- the sheets ----------------------------------------------------------------------------

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "municipality",
        "Kommun",
        "Municipality",
        (
            Column(
                "id",
                "id",
                "id",
                "slug",
                required=True,
                help_sv="Kommunens kortnamn med små bokstäver, t.ex. vaggeryd.",
                help_en="The municipality's slug in lower case, e.g. vaggeryd.",
            ),
            Column(
                "code",
                "kommunkod",
                "municipality code",
                "string",
                GG.municipalityCode,
                required=True,
                pattern=r"^[0-9]{4}$",
                help_sv="Fyra siffror enligt SCB, t.ex. 0665 (skriv den som text i Excel).",
                help_en="Four digits (Statistics Sweden), e.g. 0665 (as text in Excel).",
            ),
            *_labels(),
            *COMMENTS,
        ),
        GG.Municipality,
        single=True,
        in_municipality=False,
        help_sv="En rad: kommunen som arbetsboken beskriver.",
        help_en="One row: the municipality the workbook describes.",
    ),
    Sheet(
        "model",
        "Styrmodell",
        "Governance model",
        (_id(), *_labels(), ROLLUP, *COMMENTS),
        GG.GovernanceModel,
        single=True,
        help_sv="En rad: styrmodellen. Alla nivåer, uppföljningar och regler hör till den.",
        help_en="One row: the governance model. Every level, follow-up and rule belongs to it.",
    ),
    Sheet(
        "levels",
        "Nivåer",
        "Levels",
        (
            _id(),
            *_labels(),
            ALT_SV,
            Column(
                "rank",
                "rang",
                "rank",
                "integer",
                GG.rank,
                required=True,
                help_sv="1 är högst.",
                help_en="1 is the top.",
            ),
            _term("level_kind", "nivåtyp", "level kind", GG.levelKind, "level_kind"),
            _term("member_class", "elementtyp", "element type", GG.memberClass, "chain_type"),
            _refs("parents", "överordnade nivåer", "parent levels", GG.parentLevel, ("levels",)),
            _terms("decided_by", "beslutas av", "decided by", GG.decidedByType, "body_type"),
            _terms("owner_type", "ägartyp", "owner type", GG.ownerType, "body_type"),
            Column(
                "indicators_here",
                "indikatorer här",
                "indicators here",
                "boolean",
                GG.indicatorsHere,
            ),
            ROLLUP,
            *COMMENTS,
        ),
        GG.GovernanceLevel,
        help_sv="Styrmodellens nivåer med kommunens egna namn.",
        help_en="The governance model's levels under the municipality's own names.",
    ),
    Sheet(
        "followups",
        "Uppföljning",
        "Follow-up",
        (
            _id(),
            *_labels(),
            _terms("kinds", "typ", "kind", GG.followUpKind, "followup_kind"),
            _refs("levels", "följer upp nivå", "follows up level", GG.followsUpLevel, ("levels",)),
            _refs("reports_to", "rapporteras till", "reports to", GG.reportsTo, ("bodies",)),
            _refs("related", "relaterat", "related", DCTERMS.relation, ANY),
            *COMMENTS,
        ),
        GG.FollowUpPoint,
    ),
    Sheet(
        "rules",
        "Regler",
        "Rules",
        (
            _id(),
            *_labels(),
            _term("rule_kind", "regeltyp", "rule kind", GG.ruleKind, "rule_kind"),
            _refs("levels", "gäller nivå", "applies to level", GG.appliesToLevel, ("levels",)),
            _terms(
                "body_types",
                "gäller organtyp",
                "applies to body type",
                GG.appliesToBodyType,
                "body_type",
            ),
            *COMMENTS,
        ),
        GG.GovernanceRule,
    ),
    Sheet(
        "bodies",
        "Organ",
        "Bodies",
        (
            _id(),
            _term("type", "typ", "type", RDF.type, "body_type", required=True),
            *_labels(),
            ALT_SV,
            _refs("part_of", "del av", "part of", ORG.subOrganizationOf, ("bodies",)),
            *COMMENTS,
        ),
    ),
    Sheet(
        "periods",
        "Mandatperioder",
        "Mandate periods",
        (
            _id(),
            *_labels(),
            Column(
                "begin",
                "början",
                "begin",
                "instant",
                URIRef(TIME + "hasBeginning"),
                help_sv="År eller datum.",
                help_en="Year or date.",
            ),
            Column(
                "end",
                "slut",
                "end",
                "instant",
                URIRef(TIME + "hasEnd"),
                help_sv="År eller datum.",
                help_en="Year or date.",
            ),
            _term("basis", "grund", "basis", GG.basis, "basis"),
            Column("reason_sv", "motivering", "reason (Swedish)", "text", GG.reason, "sv"),
            Column(
                "reason_en", "motivering på engelska", "reason (English)", "text", GG.reason, "en"
            ),
            *COMMENTS,
        ),
        GG.MandatePeriod,
    ),
    Sheet(
        "goals",
        "Mål",
        "Goals",
        (
            _id(),
            _term(
                "type",
                "typ",
                "type",
                RDF.type,
                "chain_type",
                required=True,
                help_sv="vision, mål, målområde eller aktivitet.",
                help_en="vision, goal, focus area or activity.",
            ),
            Column(
                "number",
                "nummer",
                "number",
                "string",
                DCTERMS.identifier,
                help_sv="Kommunens numrering, t.ex. KF-mål 1.",
                help_en="The municipality's numbering, e.g. KF-mål 1.",
            ),
            *_labels(),
            Column("short_sv", "kortnamn", "short name (Swedish)", "text", GG.shortLabel, "sv"),
            Column(
                "short_en",
                "kortnamn på engelska",
                "short name (English)",
                "text",
                GG.shortLabel,
                "en",
            ),
            ALT_SV,
            _ref("level", "nivå", "level", GG.atLevel, ("levels",), required=True),
            _refs(
                "supports",
                "stödjer",
                "supports",
                GG.supports,
                CHAIN,
                help_sv="Målen ovanför som detta stödjer.",
                help_en="The goals above that this one supports.",
            ),
            _refs("owners", "ägare", "owners", GG.ownedBy, ("bodies",)),
            _refs(
                "contributors",
                "bidragande organ",
                "contributing bodies",
                GG.contributingBody,
                ("bodies",),
            ),
            _refs("periods", "gäller under", "valid during", GG.validDuring, ("periods",)),
            Column("valid_from", "giltig från", "valid from", "date", GG.validFrom),
            Column("valid_through", "giltig till", "valid through", "date", GG.validThrough),
            _refs("replaced_by", "ersatt av", "replaced by", DCTERMS.isReplacedBy, CHAIN),
            _refs(
                "revision_of",
                "ny version av",
                "revision of",
                PROV.wasRevisionOf,
                CHAIN,
                help_sv="Samma mål i en tidigare lydelse, numrering eller nivå.",
                help_en="The same goal in an earlier wording, numbering or level.",
            ),
            _ref(
                "replaced_by_decision",
                "ersatt genom beslut",
                "replaced by decision",
                GG.replacedByDecision,
                ("decisions",),
            ),
            ROLLUP,
            Column("history_sv", "historik", "history (Swedish)", "text", SKOS.historyNote, "sv"),
            Column(
                "history_en",
                "historik på engelska",
                "history (English)",
                "text",
                SKOS.historyNote,
                "en",
            ),
            *COMMENTS,
        ),
        help_sv="Vision, mål, målområden och aktiviteter i målkedjan.",
        help_en="The vision, goals, focus areas and activities of the goal chain.",
    ),
    Sheet(
        "documents",
        "Dokument",
        "Documents",
        (
            _id(),
            _term("type", "typ", "type", RDF.type, "document_type", required=True),
            *_labels(),
            ALT_SV,
            Column("title_sv", "titel", "title (Swedish)", "text", DCTERMS.title, "sv"),
            Column("case_number", "diarienummer", "case number", "string", GG.caseNumber),
            _refs("supports", "stödjer mål", "supports goals", GG.supportsGoal, CHAIN),
            _refs("includes", "innehåller mål", "includes goals", GG.includesGoal, CHAIN),
            _refs("part_of", "del av", "part of", DCTERMS.isPartOf, ("documents",)),
            _refs("creator", "upprättat av", "created by", DCTERMS.creator, ("bodies",)),
            _refs("replaced_by", "ersatt av", "replaced by", DCTERMS.isReplacedBy, ("documents",)),
            Column("source_file", "källfil", "source file", "string", DCTERMS.source),
            *COMMENTS,
        ),
    ),
    Sheet(
        "decisions",
        "Beslut",
        "Decisions",
        (
            _id(),
            *_labels(),
            _ref("body", "beslutat av", "decided by", GG.decidedBy, ("bodies",), required=True),
            Column("date", "datum", "date", "date", DCTERMS.date, required=True),
            Column(
                "paragraph",
                "paragraf",
                "paragraph",
                "string",
                GG.paragraph,
                help_sv="T.ex. § 112.",
                help_en="E.g. § 112.",
            ),
            Column("case_number", "diarienummer", "case number", "string", GG.caseNumber),
            _refs("adopts", "antar", "adopts", GG.adopts, ANY),
            _refs("establishes", "inrättar", "establishes", GG.establishes, ("bodies",)),
            *COMMENTS,
        ),
        GG.Decision,
    ),
    Sheet(
        "processes",
        "Processer",
        "Processes",
        (
            _id(),
            *_labels(),
            _refs("process_of", "process för", "process for", GG.processOf, ANY),
            *COMMENTS,
        ),
        GG.Process,
    ),
    Sheet(
        "steps",
        "Processteg",
        "Process steps",
        (
            _id(),
            _ref(
                "process",
                "process",
                "process",
                GG.hasStep,
                ("processes",),
                required=True,
                inverse=True,
            ),
            Column("order", "ordning", "order", "integer", GG.stepOrder, required=True),
            *_labels(),
            Column("planned", "datum", "date", "date", GG.plannedDate),
            Column(
                "alternative", "alternativt datum", "alternative date", "date", GG.alternativeDate
            ),
            _refs("performed_by", "utförs av", "performed by", GG.performedBy, ("bodies",)),
            _refs("produces", "resulterar i", "produces", GG.produces, ("documents",)),
            _terms("step_kind", "stegtyp", "step kind", GG.stepKind, "followup_kind"),
            _refs(
                "feeds_back_to", "återkopplar till", "feeds back to", GG.feedsBackTo, ("bodies",)
            ),
            _refs("related", "relaterat", "related", DCTERMS.relation, ANY),
            Column("note_sv", "anteckning", "note (Swedish)", "text", SKOS.note, "sv"),
            Column("note_en", "anteckning på engelska", "note (English)", "text", SKOS.note, "en"),
            *COMMENTS,
        ),
        GG.ProcessStep,
    ),
    Sheet(
        "indicators",
        "Indikatorer",
        "Indicators",
        (
            _id(),
            *_labels(),
            _refs(
                "goals", "följer upp mål", "follows up goals", GG.hasIndicator, CHAIN, inverse=True
            ),
            Column(
                "kolada",
                "Kolada-id",
                "Kolada id",
                "string",
                GG.koladaId,
                help_sv="T.ex. N00945.",
                help_en="E.g. N00945.",
            ),
            Column("unit", "enhet", "unit", "string", GG.unit),
            Column("baseline", "utgångsvärde", "baseline", "decimal", GG.baselineValue),
            Column("baseline_year", "utgångsår", "baseline year", "year", GG.baselineYear),
            Column("target", "målvärde", "target value", "decimal", GG.targetValue),
            Column("target_year", "målår", "target year", "year", GG.targetYear),
            Column(
                "higher_is_better",
                "högre är bättre",
                "higher is better",
                "boolean",
                GG.higherIsBetter,
                help_sv="ja (standard) eller nej.",
                help_en="yes (the default) or no.",
            ),
            *COMMENTS,
        ),
        GG.Indicator,
    ),
    Sheet(
        "staged",
        "Etappmål",
        "Staged targets",
        (
            _id(required=False),
            _ref(
                "indicator",
                "indikator",
                "indicator",
                GG.hasStagedTarget,
                ("indicators",),
                required=True,
                inverse=True,
            ),
            Column("year", "år", "year", "year", GG.stageYear, required=True),
            Column("value", "värde", "value", "decimal", GG.stageValue, required=True),
        ),
        GG.StagedTarget,
        id_mode="optional",
        in_municipality=False,
    ),
    Sheet(
        "results",
        "Utfall",
        "Results",
        (
            _id(required=False),
            _ref(
                "indicator",
                "indikator",
                "indicator",
                GG.hasResult,
                ("indicators",),
                required=True,
                inverse=True,
            ),
            Column(
                "period",
                "period",
                "period",
                "date",
                GG.period,
                required=True,
                help_sv="År, månad eller datum som utfallet avser.",
                help_en="The year, month or date the result refers to.",
            ),
            Column("value", "värde", "value", "decimal", GG.measuredValue, required=True),
            Column(
                "source",
                "källa",
                "source",
                "source",
                DCTERMS.source,
                help_sv="T.ex. Kolada eller ett dokument-id.",
                help_en="E.g. Kolada or a document id.",
            ),
            Column("retrieved", "hämtat", "retrieved", "date", GG.retrieved),
            *COMMENTS,
        ),
        GG.Result,
        id_mode="optional",
        in_municipality=False,
    ),
    Sheet(
        "rollup",
        "Sammanvägning",
        "Roll-up rules",
        (
            _id(),
            *_labels(),
            _term("aggregation", "sammanvägning", "aggregation", GG.aggregation, "aggregation"),
            _term(
                "attainment", "beräkning", "attainment method", GG.attainmentMethod, "attainment"
            ),
            *COMMENTS,
        ),
        GG.RollUpRule,
    ),
    Sheet(
        "bands",
        "Statusgränser",
        "Status bands",
        (
            _id(required=False),
            _ref("rule", "regel", "rule", GG.hasBand, ("rollup",), required=True, inverse=True),
            Column(
                "min",
                "från",
                "from",
                "share",
                GG.minAttainment,
                required=True,
                help_sv="Lägsta måluppfyllelse, t.ex. 80 %.",
                help_en="Lowest attainment, e.g. 80 %.",
            ),
            _term("status", "status", "status", GG.status, "status", required=True),
            Column(
                "colour",
                "färg",
                "colour",
                "string",
                GG.colour,
                help_sv="Hexkod, t.ex. #f2c94c.",
                help_en="Hex code, e.g. #f2c94c.",
            ),
            *_labels(required=False),
        ),
        GG.StatusBand,
        id_mode="optional",
        in_municipality=False,
    ),
    Sheet(
        "weights",
        "Vikter",
        "Weights",
        (
            _ref("goal", "mål", "goal", GG.hasWeighting, CHAIN, required=True, inverse=True),
            _ref(
                "child",
                "vikt för",
                "weight of",
                GG.weightOf,
                ("goals", "indicators"),
                required=True,
            ),
            Column("weight", "vikt", "weight", "decimal", GG.weight, required=True),
        ),
        GG.Weighting,
        id_mode="none",
        in_municipality=False,
    ),
    Sheet(
        "links",
        "Agenda 2030",
        "Agenda 2030",
        (
            _id(
                required=False,
                help_sv="Valfritt; behövs bara när bladet Källor hänvisar till länken.",
                help_en="Optional; needed only when the Citations sheet refers to the link.",
            ),
            _ref(
                "subject",
                "från",
                "from",
                GG.sdgContribution,
                ("goals", "documents"),
                required=True,
                inverse=True,
            ),
            Column(
                "sdg",
                "globalt mål eller delmål",
                "SDG goal or target",
                "sdg",
                GG.sdg,
                required=True,
                help_sv="T.ex. 11.6 eller 13.",
                help_en="E.g. 11.6 or 13.",
            ),
            _term("basis", "grund", "basis", GG.basis, "basis", required=True),
            Column("reason_sv", "motivering", "reason (Swedish)", "text", GG.reason, "sv"),
            Column(
                "reason_en", "motivering på engelska", "reason (English)", "text", GG.reason, "en"
            ),
            Column("score", "poäng", "score", "decimal", GG.suggestionScore),
            Column("matched", "matchade termer", "matched terms", "strings", GG.matchedTerm),
        ),
        GG.SdgContribution,
        id_mode="label",
        in_municipality=False,
    ),
    Sheet(
        "citations",
        "Källor",
        "Citations",
        (
            _ref(
                "resource",
                "gäller",
                "about",
                GG.citation,
                ANY,
                required=True,
                inverse=True,
                help_sv="Id för raden som källan styrker (i vilket blad som helst).",
                help_en="Id of the row the citation supports (in any sheet).",
            ),
            _ref(
                "document", "dokument", "document", GG.citedDocument, ("documents",), required=True
            ),
            Column(
                "passage",
                "citat",
                "passage",
                "string",
                GG.passage,
                required=True,
                help_sv="Ordagrant citat ur dokumentet.",
                help_en="Verbatim quotation from the document.",
            ),
            Column("locator", "plats", "locator", "string", GG.locator),
            *COMMENTS,
        ),
        GG.Citation,
        id_mode="none",
        in_municipality=False,
    ),
    Sheet(
        "extra",
        "Övrigt",
        "Other statements",
        (
            Column("resource", "gäller", "about", "ref", required=True),
            Column(
                "property",
                "egenskap",
                "property",
                "curie",
                required=True,
                help_sv="T.ex. dcterms:extent.",
                help_en="E.g. dcterms:extent.",
            ),
            Column("value", "värde", "value", "string", required=True),
            Column(
                "language",
                "språk",
                "language",
                "string",
                help_sv="sv, en … för text.",
                help_en="sv, en … for text.",
            ),
            Column(
                "datatype",
                "datatyp",
                "datatype",
                "string",
                help_sv="iri för en hänvisning, annars t.ex. xsd:date.",
                help_en="iri for a reference, otherwise e.g. xsd:date.",
            ),
        ),
        id_mode="none",
        in_municipality=False,
        help_sv="Uppgifter som inget annat blad har en kolumn för.",
        help_en="Statements that no other sheet has a column for.",
    ),
)

SHEETS_BY_KEY: dict[str, Sheet] = {s.key: s for s in SHEETS}

#: Where a resource goes on export, by class (the first match wins; subclasses count).
SHEET_OF_CLASS: tuple[tuple[URIRef, str], ...] = (
    (GG.Municipality, "municipality"),
    (GG.GovernanceModel, "model"),
    (GG.GovernanceLevel, "levels"),
    (GG.FollowUpPoint, "followups"),
    (GG.GovernanceRule, "rules"),
    (GG.MandatePeriod, "periods"),
    (GG.ChainElement, "goals"),
    (GG.Document, "documents"),
    (GG.Decision, "decisions"),
    (GG.ProcessStep, "steps"),
    (GG.Process, "processes"),
    (GG.Indicator, "indicators"),
    (GG.StagedTarget, "staged"),
    (GG.Result, "results"),
    (GG.RollUpRule, "rollup"),
    (GG.StatusBand, "bands"),
    (GG.Weighting, "weights"),
    (GG.SdgContribution, "links"),
    (GG.Citation, "citations"),
    (GG.Body, "bodies"),
    (ORG.Organization, "bodies"),
)

#: Sheets whose rows the governance model links to (``model gg:hasLevel level`` …).
MODEL_LINKS: dict[str, URIRef] = {
    "levels": GG.hasLevel,
    "followups": GG.followUpPoint,
    "rules": GG.hasRule,
}

# --- vocabularies --------------------------------------------------------------------------

#: Vocabulary name → (how its members are found, the class or concept class).
_VOCABULARY_SOURCES: dict[str, tuple[str, URIRef]] = {
    "body_type": ("subclasses", GG.Body),
    "chain_type": ("subclasses", GG.ChainElement),
    "document_type": ("subclasses", GG.Document),
    "level_kind": ("instances", GG.LevelKind),
    "followup_kind": ("instances", GG.FollowUpKind),
    "rule_kind": ("instances", GG.RuleKind),
    "basis": ("instances", GG.Basis),
    "aggregation": ("instances", GG.AggregationMethod),
    "attainment": ("instances", GG.AttainmentMethod),
    "status": ("instances", GG.GoalStatus),
}


@dataclass(frozen=True)
class Term:
    """A vocabulary member with its labels."""

    iri: URIRef
    sv: str
    en: str

    @property
    def local(self) -> str:
        """The local name, e.g. ``Council``."""
        return str(self.iri).split("#")[-1]


@cache
def ontology() -> Graph:
    """The ontology graph (cached; do not modify)."""
    return Graph().parse(resources.ontology_file(), format="turtle")


@cache
def vocabularies() -> dict[str, tuple[Term, ...]]:
    """Every vocabulary, its terms in the ontology's order of labels."""
    graph = ontology()
    out: dict[str, tuple[Term, ...]] = {}
    for name, (how, cls) in _VOCABULARY_SOURCES.items():
        if how == "subclasses":
            members = set(graph.transitive_subjects(RDFS.subClassOf, cls))
            if name == "body_type":
                members.add(GG.ExternalOrganization)
            label = RDFS.label
        else:
            members = set(graph.subjects(RDF.type, cls))
            label = SKOS.prefLabel
        terms = []
        for iri in members:
            if not isinstance(iri, URIRef):
                continue
            labels = {lit.language: str(lit) for lit in graph.objects(iri, label)}  # type: ignore[attr-defined]
            terms.append(Term(iri, labels.get("sv", ""), labels.get("en", "")))
        out[name] = tuple(sorted(terms, key=lambda t: t.sv))
    return out


@cache
def _term_index(vocabulary: str) -> dict[str, tuple[URIRef, ...]]:
    index: dict[str, set[URIRef]] = {}
    for term in vocabularies()[vocabulary]:
        for name in (term.sv, term.en, term.local, f"gg:{term.local}", str(term.iri)):
            if name:
                index.setdefault(name.casefold(), set()).add(term.iri)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def lookup_term(vocabulary: str, value: str) -> tuple[URIRef, ...]:
    """The terms of ``vocabulary`` that ``value`` names (by label, local name, CURIE or IRI)."""
    return _term_index(vocabulary).get(value.strip().casefold(), ())


def term_label(vocabulary: str, iri: URIRef) -> str | None:
    """The Swedish label a term is written with in a sheet, or None if not in the vocabulary."""
    for term in vocabularies()[vocabulary]:
        if term.iri == iri:
            return term.sv
    return None


def find_sheet(name: str) -> Sheet | None:
    """The sheet a user-given name refers to (Swedish name, English name or key)."""
    wanted = name.strip().casefold()
    for sheet in SHEETS:
        if wanted in (n.casefold() for n in sheet.names()):
            return sheet
    return None


def find_column(sheet: Sheet, header: str) -> Column | None:
    """The column a header cell names (Swedish, English or key; case-insensitive)."""
    wanted = " ".join(header.split()).casefold()
    for column in sheet.columns:
        if wanted in (h.casefold() for h in column.headers()):
            return column
    return None
