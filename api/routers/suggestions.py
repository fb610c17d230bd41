"""SDG suggestions for a goal text through the API, from JSON or a form; nothing is stored."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from goalgraph.authoring.suggest import detect_language, suggest, to_json
from goalgraph.conventions import LANGUAGES
from goalgraph.store.edit import UnsupportedFormatError

from ..deps import LangDep
from ..i18n import text
from ..rendering import render_json
from ..schemas import SuggestBody, SuggestRequest, errors
from .authoring import _base

router = APIRouter(tags=["authoring"])

_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 4000},
        "lang": {"type": "string", "enum": list(LANGUAGES)},
        "limit": {"type": "integer", "minimum": 1, "maximum": 50},
    },
    "required": ["text"],
}
_SUGGEST_BODY: dict[str, Any] = {
    "application/json": {"schema": SuggestRequest.model_json_schema()},
    "application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA},
    "multipart/form-data": {"schema": _FORM_SCHEMA},
}


async def _suggest_request(request: Request, lang: str) -> SuggestRequest:
    content_type = _base(request.headers.get("content-type"))
    try:
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields = await request.form(max_files=0, max_fields=10)
            data = {k: v for k, v in fields.items() if isinstance(v, str) and v != ""}
            return SuggestRequest.model_validate(data)
        if content_type == "application/json" or content_type.endswith("+json"):
            return SuggestRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        details = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(details) from exc
    found = content_type or "(none)"
    raise UnsupportedFormatError(text("suggest_unsupported_type", lang).format(found=found))


@router.post(
    "/suggest-sdg",
    summary="Suggest Agenda 2030 targets for a goal text (not stored)",
    response_model=SuggestBody,
    responses=errors(400, 413, 415, 422),
    openapi_extra={"requestBody": {"required": True, "content": _SUGGEST_BODY}},
)
async def suggest_sdg(request: Request, lang: LangDep) -> Response:
    """Ranked SDG targets for a goal text (`goalgraph suggest-sdg`), from the bilingual lexicon
    and Swedish or English stemming against the target texts, each with the matched terms and
    the reason (`reason` in the page language, and both `reason_sv` and `reason_en`). Send JSON
    or a form with `text`, `lang` (the text's language; detected when left out) and `limit`.
    Suggestions are `gg:Suggested`, never decided, and nothing is stored."""
    wanted = await _suggest_request(request, lang)

    def run() -> tuple[str, list[dict[str, Any]]]:
        text_lang = wanted.lang or detect_language(wanted.text)
        return text_lang, to_json(suggest(wanted.text, text_lang, wanted.limit))

    text_lang, suggestions = await to_thread.run_sync(run)
    body = {
        "lang": text_lang,
        "stored": False,
        "suggestions": [{**s, "reason": s[f"reason_{lang}"]} for s in suggestions],
    }
    return render_json(request, body, lang)


__all__: list[Any] = ["router"]
