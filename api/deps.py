"""Dependencies shared by the routers: the service, the language, the chosen format, the steps
of a read (:class:`Reader`), and the write token check."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Header, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from goalgraph.lifecycle.selection import Selection
from goalgraph.model.views import Views

from .i18n import COOKIE, DEFAULT_LANG, LANGS, Lang
from .negotiation import MediaType, negotiate
from .rendering import respond
from .service import GraphService
from .settings import Settings

T = TypeVar("T")


class WriteAuthError(Exception):
    """A write without a valid bearer token (401), or on a server without one (403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def get_service(request: Request) -> GraphService:
    """The app's :class:`GraphService` (made in the lifespan)."""
    service: GraphService = request.app.state.service
    return service


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_lang(
    request: Request,
    lang: Annotated[
        Lang | None,
        Query(
            description="Language of labels and page texts: `sv` (default) or `en`. "
            "Remembered in a cookie."
        ),
    ] = None,
) -> Lang:
    """The language: ``?lang=``, else the ``lang`` cookie, else Swedish."""
    if lang is not None:
        return lang
    cookie = request.cookies.get(COOKIE)
    return cookie if cookie in LANGS else DEFAULT_LANG


FormatParam = Annotated[
    str | None,
    Query(
        alias="format",
        description="Overrides the Accept header: a format name such as `json`, `html`, "
        "`turtle`, `jsonld`, `ntriples` (as the route offers), or a media type.",
        max_length=100,
    ),
]
AcceptHeader = Annotated[
    str | None,
    Header(description="Media types the client accepts, with q-values.", max_length=2000),
]


def choose(offered: tuple[str, ...], accept: str | None, override: str | None) -> MediaType:
    """The format to answer with (raises NotAcceptableError → 406)."""
    return negotiate(accept, offered, override)


_bearer = HTTPBearer(
    auto_error=False,
    description="The write token set by the operator (GOALGRAPH_WRITE_TOKEN). Reads need none.",
)


def require_writer(
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Allow the request only with the operator's bearer token."""
    if settings.write_token is None:
        raise WriteAuthError(
            403,
            "writes are disabled on this server: the operator has not set GOALGRAPH_WRITE_TOKEN",
        )
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise WriteAuthError(401, "this write needs a bearer token: Authorization: Bearer <token>")
    if not secrets.compare_digest(
        credentials.credentials.encode("utf-8"), settings.write_token.encode("utf-8")
    ):
        raise WriteAuthError(401, "the bearer token is not valid")


ServiceDep = Annotated[GraphService, Depends(get_service)]
LangDep = Annotated[Lang, Depends(get_lang)]


ImageFormatParam = Annotated[
    Literal["svg", "png", "pdf"] | None,
    Query(alias="format", description="Overrides Accept: `svg`, `png` or `pdf`."),
]


@dataclass(frozen=True)
class Reader:
    """The steps every read route shares: its language and the client's ``Accept`` and
    ``format``, the format chosen from what the route offers, the view read through the
    service's cache, and the answer in that format."""

    request: Request
    service: GraphService
    lang: Lang
    accept: str | None
    override: str | None

    def choose(self, offered: tuple[str, ...]) -> MediaType:
        """The format to answer with (raises NotAcceptableError → 406)."""
        return choose(offered, self.accept, self.override)

    def read(self, key: Hashable, make: Callable[[Views], T]) -> T:
        """A view, from the service's cache when the graph has not changed since."""
        return self.service.read(key, make)

    def respond(
        self,
        media: MediaType,
        *,
        view: Any,
        template: str | None = None,
        context: Mapping[str, Any] | None = None,
        rdf: Callable[[str], bytes] | None = None,
        other: Mapping[str, Callable[[], bytes]] | None = None,
    ) -> Response:
        """Answer in ``media`` (see :func:`api.rendering.respond`)."""
        return respond(
            self.request,
            media,
            self.lang,
            view=view,
            template=template,
            context=context,
            rdf=rdf,
            other=other,
        )


def get_reader(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Reader:
    """The read steps of a route that offers formats by name (``?format=``)."""
    return Reader(request, service, lang, accept, fmt)


def get_image_reader(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    accept: AcceptHeader = None,
    fmt: ImageFormatParam = None,
) -> Reader:
    """The read steps of a route that draws an image (``?format=svg|png|pdf``)."""
    return Reader(request, service, lang, accept, fmt)


ReaderDep = Annotated[Reader, Depends(get_reader)]
ImageReaderDep = Annotated[Reader, Depends(get_image_reader)]


def selection_param(
    as_of: Annotated[
        str | None,
        Query(description="The goals in force on a day: `2020-06-01` (or `2020-06`, `2020`)."),
    ] = None,
    period: Annotated[
        str | None,
        Query(description="The goals of a period: its id, label or years (`2019-2022`)."),
    ] = None,
    all_periods: Annotated[
        bool, Query(alias="all", description="Every period (default: in force today).")
    ] = False,
) -> Selection:
    """What the reader chose to see; by default the goals in force today (a bad date, or two
    choices at once, is a 400)."""
    return Selection.parse(as_of, period, all_periods)


#: The period selection of a page, diagram, comparison or validation report.
SelectionDep = Annotated[Selection, Depends(selection_param)]
