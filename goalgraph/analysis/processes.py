"""How municipalities' processes differ: steps, dates, bodies, external actors, follow-up
and feedback, and what only some of them have."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.model.governance import Municipality
from goalgraph.namespaces import GG
from goalgraph.texts import strings


@dataclass(frozen=True)
class ProcessProfile:
    """What a municipality's processes look like, for comparison."""

    slug: str
    processes: tuple[str, ...]
    steps: int
    dated_steps: int
    first_date: str | None
    last_date: str | None
    performers: tuple[str, ...]
    external: tuple[str, ...]
    follow_up: tuple[str, ...]
    feedback_to: tuple[str, ...]


@dataclass(frozen=True)
class Difference:
    """Something some of the municipalities have and others do not."""

    aspect: str
    item: str
    present: tuple[str, ...]
    missing: tuple[str, ...]


def process_profile(model: Municipality) -> ProcessProfile:
    """What one municipality's processes and follow-up look like."""
    steps = [s for p in model.processes for s in p.steps]
    dates = sorted(s.date for s in steps if s.date)
    performers = {b for s in steps for b in s.performers}
    follow_up = {k.label for f in model.follow_ups for k in f.kinds} | {
        k.label for s in steps for k in s.kinds
    }
    feedback = {b for f in model.follow_ups for b in f.reports_to} | {
        b for s in steps for b in s.feeds_back_to
    }
    external = {
        b
        for b in performers
        if (found := model.body(b)) and found.type.iri == str(GG.ExternalOrganization)
    }
    return ProcessProfile(
        slug=model.slug,
        processes=tuple(p.label for p in model.processes),
        steps=len(steps),
        dated_steps=len(dates),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        performers=tuple(sorted(model.label_of(b) for b in performers)),
        external=tuple(sorted(model.label_of(b) for b in external)),
        follow_up=tuple(sorted(follow_up)),
        feedback_to=tuple(sorted(model.label_of(b) for b in feedback)),
    )


def process_differences(models: Sequence[Municipality]) -> tuple[Difference, ...]:
    """Follow-up kinds, feedback receivers and external actors that only some municipalities
    have (compared by label, e.g. "delårsrapport", "KF")."""
    t = strings(models[0].lang)
    profiles = {m.slug: process_profile(m) for m in models}
    aspects = (
        (t["aspect_follow_up"], lambda p: p.follow_up),
        (t["aspect_feedback_to"], lambda p: p.feedback_to),
        (t["aspect_external"], lambda p: p.external),
        (t["aspect_dated"], lambda p: (t["yes"],) if p.dated_steps else ()),
    )
    out = []
    for aspect, values in aspects:
        items = sorted({v for p in profiles.values() for v in values(p)})
        for item in items:
            present = tuple(m.label for m in models if item in values(profiles[m.slug]))
            missing = tuple(m.label for m in models if item not in values(profiles[m.slug]))
            if missing:
                out.append(Difference(aspect, item, present, missing))
    return tuple(out)


__all__ = ["Difference", "ProcessProfile", "process_differences", "process_profile"]
