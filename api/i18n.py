"""The web pages' texts in Swedish and English, in one table.

The language comes from ``?lang=`` (which also sets a cookie) or the ``lang`` cookie;
Swedish is the default.
"""

from __future__ import annotations

from goalgraph.conventions import DEFAULT_LANG as DEFAULT_LANG
from goalgraph.conventions import LANGUAGES, Lang

LANGS: tuple[Lang, ...] = LANGUAGES
COOKIE = "lang"

TEXTS: dict[str, tuple[str, str]] = {
    # key: (Swedish, English)
    "site": ("goalgraph - kommunal målstyrning", "goalgraph - municipal goal governance"),
    "tagline": (
        "Målkedjor, styrdokument och Agenda 2030 i svenska kommuner som länkade data.",
        "Goal chains, governing documents and Agenda 2030 in Swedish municipalities "
        "as linked data.",
    ),
    "switch": ("In English", "På svenska"),
    "nav_home": ("Kommuner", "Municipalities"),
    "nav_sdg": ("Agenda 2030", "Agenda 2030"),
    "nav_compare": ("Jämförelse", "Comparison"),
    "nav_validate": ("Validering", "Validation"),
    "nav_sparql": ("SPARQL", "SPARQL"),
    "nav_api": ("API", "API"),
    "municipalities": ("Kommuner", "Municipalities"),
    "code": ("Kommunkod", "Municipality code"),
    "goals": ("Mål", "Goals"),
    "goal_chain": ("Målkedja", "Goal chain"),
    "period_choose": ("Visa", "Show"),
    "period_today": ("Mål som gäller i dag", "Goals in force today"),
    "period_all": ("Alla perioder", "All periods"),
    "period_as_of": ("eller datum", "or date"),
    "period_show": ("Visa", "Show"),
    "period_col": ("Period", "Period"),
    "diagram_alt": ("Diagram över målkedjan", "Diagram of the goal chain"),
    "overview_alt": ("Målkedjan i översikt", "The goal chain at a glance"),
    "whole_chain": ("Hela målkedjan", "The whole goal chain"),
    "diagram_missing": ("Diagrammet kan inte visas just nu.", "The diagram cannot be shown now."),
    "elements": ("Vision och mål", "Vision and goals"),
    "level": ("Nivå", "Level"),
    "rank": ("Rang", "Rank"),
    "owner": ("Ägare", "Owner"),
    "owners": ("Ägare", "Owners"),
    "no_owner": ("Ingen ägare angiven", "No owner given"),
    "contributors": ("Bidragande organ", "Contributing bodies"),
    "supports": ("Stödjer", "Supports"),
    "chain_up": ("Uppåt i målkedjan", "Up the goal chain"),
    "chain_down": ("Nedåt i målkedjan", "Down the goal chain"),
    "chain_top": ("Överst i målkedjan.", "At the top of the goal chain."),
    "chain_unstated": (
        "Källorna anger inte vad målet stödjer.",
        "The sources do not state what the goal supports.",
    ),
    "gaps": ("Anges inte i källorna", "Not stated in the sources"),
    "gap_left_open_by": ("lämnas öppet av", "left open by"),
    "gap_count": ("källan anger", "the source states"),
    "chain_bottom": ("Inga mål under detta ännu.", "No goals below this one yet."),
    "documents": ("Styrdokument och dokument", "Governing documents and documents"),
    "documents_supporting": ("Dokument som stödjer målet", "Documents supporting the goal"),
    "no_documents": ("Inga dokument stödjer målet.", "No documents support the goal."),
    "via": ("via", "via"),
    "direct": ("direkt", "directly"),
    "sdg_links": ("Agenda 2030", "Agenda 2030"),
    "no_sdg": ("Inga kopplingar till Agenda 2030.", "No links to Agenda 2030."),
    "basis": ("Grund", "Basis"),
    "reason": ("Motivering", "Reason"),
    "indicators": ("Indikatorer", "Indicators"),
    "no_indicators": ("Inga indikatorer.", "No indicators."),
    "kolada": ("Kolada-id", "Kolada id"),
    "unit": ("Enhet", "Unit"),
    "baseline": ("Utgångsvärde", "Baseline"),
    "target_value": ("Målvärde", "Target value"),
    "target_kind": ("Måltyp", "Target kind"),
    "assessments": ("Bedömningar", "Assessments"),
    "assessment_period": ("Period", "Period"),
    "judgement": ("Bedömning", "Assessment"),
    "motivation": ("Motivering", "Motivation"),
    "assessed_counts": (
        "{achieved} av {assessed} uppnådda, {partly} delvis, {not_achieved} inte uppnådda",
        "{achieved} of {assessed} achieved, {partly} partly, {not_achieved} not achieved",
    ),
    "sources": ("Källor", "Sources"),
    "passage": ("Citat", "Passage"),
    "bodies": ("Organ", "Bodies"),
    "decisions": ("Beslut", "Decisions"),
    "processes": ("Processer", "Processes"),
    "governance": ("Styrmodell", "Governance model"),
    "levels": ("Nivåer", "Levels"),
    "decided_by": ("Beslutas av", "Decided by"),
    "owner_type": ("Ägartyp", "Owner type"),
    "indicators_here": ("Indikatorer på nivån", "Indicators at this level"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "not_stated": ("anges inte", "not stated"),
    "follow_up": ("Uppföljning", "Follow-up"),
    "rules": ("Regler", "Rules"),
    "audit": ("Granskning", "Audit findings"),
    "audit_intro": (
        "Resultatet av kontrollerna av målkedjans integritet och revisionens frågor.",
        "The result of the goal chain's integrity checks and the auditors' questions.",
    ),
    "audit_unavailable": (
        "Granskningen kan inte visas just nu.",
        "The audit findings cannot be shown now.",
    ),
    "conforms": ("Inga fel hittades.", "No violations found."),
    "violations": ("Fel", "Violations"),
    "warnings": ("Varningar", "Warnings"),
    "severity": ("Allvarlighet", "Severity"),
    "Violation": ("Fel", "Violation"),
    "Warning": ("Varning", "Warning"),
    "Info": ("Information", "Info"),
    "focus": ("Gäller", "Focus node"),
    "message": ("Meddelande", "Message"),
    "shape": ("Regel", "Rule"),
    "sdg_coverage": ("Täckning av Agenda 2030", "Agenda 2030 coverage"),
    "dimension": ("Dimension", "Dimension"),
    "dimension_note": (
        "Går tvärs över nivåerna; målen grupperade efter värde.",
        "Cuts across the levels; the goals grouped by value.",
    ),
    "frameworks": ("Externa målramverk", "External goal frameworks"),
    "framework_whole": ("ramverket som helhet", "the framework as a whole"),
    "hierarchies": ("Målhierarkier", "Goal hierarchies"),
    "targets": ("Delmål", "Targets"),
    "sdg_title": ("Agenda 2030: de globala målen", "Agenda 2030: the global goals"),
    "sdg_intro": (
        "Välj ett globalt mål för att se vilka kommunala mål som bidrar till det.",
        "Choose a global goal to see which municipal goals contribute to it.",
    ),
    "linked_elements": ("kopplade kommunala mål", "linked municipal goals"),
    "served_by": ("Kommunala mål som bidrar", "Municipal goals that contribute"),
    "served_none": (
        "Inga kommunala mål är kopplade hit ännu.",
        "No municipal goals are linked here yet.",
    ),
    "linked_to": ("Kopplat till", "Linked to"),
    "served_by_documents": (
        "Styrdokument och dokument som bidrar",
        "Governing documents and documents that contribute",
    ),
    "document": ("Dokument", "Document"),
    "global_goal": ("Globalt mål", "Global goal"),
    "untranslated": (
        "Texten finns bara på engelska.",
        "The text exists only in English.",
    ),
    "municipality": ("Kommun", "Municipality"),
    "compare_title": ("Jämför kommuner", "Compare municipalities"),
    "compare_choose": ("Välj kommuner", "Choose municipalities"),
    "compare_submit": ("Jämför", "Compare"),
    "compare_unavailable": (
        "Jämförelsen är inte tillgänglig på den här servern ännu.",
        "The comparison is not available on this server yet.",
    ),
    "validate_title": ("Validera en fil", "Validate a file"),
    "validate_intro": (
        "Ladda upp en kommuns data i Turtle eller JSON-LD. Filen kontrolleras mot reglerna "
        "men sparas inte.",
        "Upload a municipality's data as Turtle or JSON-LD. The file is checked against the "
        "rules but not stored.",
    ),
    "file": ("Fil", "File"),
    "validate_submit": ("Validera", "Validate"),
    "report_for": ("Rapport för", "Report for"),
    "report_status": ("Status per kommun", "Status per municipality"),
    "input_error": ("Filen kunde inte läsas", "The file could not be read"),
    "line": ("rad", "line"),
    "input_error_fix": (
        "Rätta filen och ladda upp den igen; inget har sparats.",
        "Correct the file and upload it again; nothing was stored.",
    ),
    "sparql_title": ("SPARQL-fråga", "SPARQL query"),
    "sparql_intro": (
        "Ställ en SPARQL 1.1-fråga mot kunskapsgrafen. Endpointen är skrivskyddad; "
        "frågor har en tidsgräns och en gräns för antalet rader.",
        "Ask the knowledge graph a SPARQL 1.1 query. The endpoint is read-only; queries "
        "have a time limit and a limit on the number of rows.",
    ),
    "examples": ("Exempelfrågor", "Example queries"),
    "run_query": ("Kör frågan", "Run query"),
    "rows": ("rader", "rows"),
    "result": ("Resultat", "Result"),
    "query_error": ("Frågan kunde inte köras", "The query could not be run"),
    "sparql_error_syntax": (
        "Texten går inte att läsa som en SPARQL 1.1-fråga. Rätta den i rutan ovan; den "
        "tekniska anmärkningen säger var felet sitter.",
        "The text cannot be read as a SPARQL 1.1 query. Correct it in the box above; the "
        "technical note says where the error is.",
    ),
    "sparql_error_forbidden": (
        "Frågan gör något som inte är tillåtet här: endpointen är skrivskyddad och frågar "
        "inga andra servrar (SERVICE).",
        "The query does something not allowed here: the endpoint is read-only and asks no "
        "other servers (SERVICE).",
    ),
    "sparql_error_timeout": (
        "Frågan tog längre tid än {seconds} s och stoppades. Gör mönstret mer specifikt "
        "eller dela upp frågan.",
        "The query took longer than {seconds} s and was stopped. Make the pattern more "
        "specific or split the query.",
    ),
    "sparql_error_rows": (
        "Svaret skulle ha fler än {rows} rader, gränsen här. Lägg till LIMIT eller ett filter.",
        "The answer would have more than {rows} rows, the limit here. Add a LIMIT or a filter.",
    ),
    "sparql_error_run": (
        "Frågan kunde läsas men gav ett fel när den kördes; se den tekniska anmärkningen.",
        "The query could be read but failed when it ran; see the technical note.",
    ),
    "ask_true": ("Svar: ja", "Answer: yes"),
    "ask_false": ("Svar: nej", "Answer: no"),
    "types": ("Typ", "Type"),
    "properties": ("Uppgifter", "Statements"),
    "incoming": ("Länkar hit", "Links here"),
    "steps": ("Steg", "Steps"),
    "date": ("Datum", "Date"),
    "performed_by": ("Utförs av", "Performed by"),
    "produces": ("Resultat", "Produces"),
    "role": ("Roll", "Role"),
    "owner_role": ("äger", "owns"),
    "contributor_role": ("bidrar", "contributes"),
    "goals_of_body": ("Organets mål", "The body's goals"),
    "supports_goals": ("Stödjer mål", "Supports goals"),
    "formats": ("Andra format", "Other formats"),
    "error": ("Fel", "Error"),
    "back_home": ("Till startsidan", "To the start page"),
    "not_found": ("Sidan eller resursen finns inte.", "The page or resource does not exist."),
    "supports_all": ("alla stödjer alla mål i", "all support every goal of"),
    "show_findings": ("Visa alla iakttagelser", "Show all findings"),
    "full_text": ("Hela texten", "Full text"),
    "technical_note": ("Teknisk anmärkning", "Technical note"),
    "in_swedish": ("(på svenska)", "(in Swedish)"),
    # counted nouns: key_one for 1, key_other for any other number
    "n_goals_one": ("mål", "goal"),
    "n_goals_other": ("mål", "goals"),
    "n_linked_elements_one": ("kopplat kommunalt mål", "linked municipal goal"),
    "n_linked_elements_other": ("kopplade kommunala mål", "linked municipal goals"),
    "n_linked_documents_one": ("kopplat dokument", "linked document"),
    "n_linked_documents_other": ("kopplade dokument", "linked documents"),
    "n_rows_one": ("rad", "row"),
    "n_rows_other": ("rader", "rows"),
    "own_translation": (
        "Agenda 2030:s mål och delmål beskrivs på svenska i goalgraphs egen inofficiella "
        "översättning av FN:s engelska texter; kommunernas texter är källornas egna.",
        "The English names of municipalities' goals, levels, bodies and documents are "
        "goalgraph's own unofficial translation; texts marked (in Swedish) are the sources' "
        "own wording.",
    ),
    # authoring through the API (api/routers/authoring.py); {placeholders} are filled in
    "sheet_created": (
        "<{graph}> skapades med {triples} tripplar från {source}",
        "created <{graph}> with {triples} triples from {source}",
    ),
    "sheet_replaced": (
        "<{graph}> ersattes med {triples} tripplar från {source}",
        "replaced <{graph}> with {triples} triples from {source}",
    ),
    "sheet_other_municipality": (
        "filen beskriver {found!r}, inte {slug!r}; inget har importerats",
        "the file describes {found!r}, not {slug!r}; nothing was imported",
    ),
    "sheet_unsupported_type": (
        "okänd innehållstyp {found!r}: skicka en Excel-arbetsbok (.xlsx) eller YAML, som "
        "kropp eller som fältet file i ett formulär",
        "unsupported content type {found!r}: send an Excel workbook (.xlsx) or YAML, as the "
        "body or as the file field of a form",
    ),
    "sheet_no_file": (
        "formuläret saknar fältet file med arbetsboken eller YAML-filen",
        "the form has no file field with the workbook or YAML file",
    ),
    "sheet_unpacks_too_large": (
        "arbetsboken packas upp till {size} byte, mer än gränsen {limit} byte",
        "the workbook unpacks to {size} bytes, more than the limit of {limit} bytes",
    ),
    "document_empty": (
        "dokumentet är tomt: skicka måldokumentets text",
        "the document is empty: send the goal document's text",
    ),
    "document_too_long": (
        "dokumentet är {size} byte, mer än gränsen {limit} byte för utkast: dela upp det",
        "the document is {size} bytes, more than the limit of {limit} bytes for a draft: split it",
    ),
    "suggest_unsupported_type": (
        "okänd innehållstyp {found!r}: skicka JSON eller ett formulär med text, lang och limit",
        "unsupported content type {found!r}: send JSON or a form with text, lang and limit",
    ),
}

EXAMPLE_QUERIES: tuple[tuple[str, str, str], ...] = (
    (
        "Kommunerna och deras kommunkoder",
        "The municipalities and their codes",
        """PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?municipality ?name ?code WHERE {
  ?municipality a gg:Municipality ; gg:municipalityCode ?code ;
                skos:prefLabel ?name . FILTER(lang(?name) = "sv")
} ORDER BY ?name""",
    ),
    (
        "Fullmäktigemål och vad de stödjer",
        "Council goals and what they support",
        """PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?goal ?label ?supports WHERE {
  ?goal a gg:Goal ; gg:atLevel/gg:levelKind gg:CouncilGoalLevel ;
        skos:prefLabel ?label ; gg:supports ?supports .
  FILTER(lang(?label) = "sv")
} ORDER BY ?goal LIMIT 50""",
    ),
    (
        "Mål som bidrar till globala mål 11",
        "Goals contributing to global goal 11",
        """PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sdg: <http://metadata.un.org/sdg/>
SELECT ?goal ?target WHERE {
  ?goal gg:sdgContribution/gg:sdg ?target .
  ?target skos:broader* sdg:11 .
} ORDER BY ?goal""",
    ),
    (
        "Mål utan ägare eller indikator",
        "Goals without an owner or an indicator",
        """PREFIX gg: <https://w3id.org/goalgraph/ontology#>
SELECT ?goal ?missingOwner ?missingIndicator WHERE {
  ?goal a gg:Goal .
  BIND(NOT EXISTS { ?goal gg:ownedBy ?o } AS ?missingOwner)
  BIND(NOT EXISTS { ?goal gg:hasIndicator ?i } AS ?missingIndicator)
  FILTER(?missingOwner || ?missingIndicator)
} ORDER BY ?goal""",
    ),
)


def text(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang`` (Swedish unless ``en``)."""
    sv, en = TEXTS[key]
    return en if lang == "en" else sv


def translator(lang: str) -> dict[str, str]:
    """All texts in one language, for a template."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
