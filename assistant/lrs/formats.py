"""The `format` of returned statements: `exact` (as stored), `ids` or `canonical`.

`ids` keeps only what identifies agents, groups, activities and verbs (xAPI 1.0.3 §2.1.3);
`canonical` gives each Activity the LRS's canonical definition (merged from every statement
stored, as the Activities resource shows it) and keeps one language per language map, the one
the client's Accept-Language prefers (§2.1.3 "Language Filtering Requirements for Canonical
Format Statements"). Verbs keep their own display: the LRS keeps no canonical verb.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.lrs.validation import IFIS

FORMATS = ("exact", "ids", "canonical")
Transform = Callable[[dict], dict]


def _agent_ids(agent: dict) -> dict:
    kept = {k: agent[k] for k in ("objectType", *IFIS) if k in agent}
    if "member" in agent and not any(ifi in agent for ifi in IFIS):
        kept["member"] = [_agent_ids(m) for m in agent["member"]]
    return kept


def _activity_ids(activity: dict) -> dict:
    return {"objectType": "Activity", "id": activity["id"]}


def _walk(statement: dict, agent: Transform, activity: Transform, verb: Transform) -> dict:
    """Apply the transforms to every agent, activity and verb of a statement."""
    out = dict(statement)
    out["actor"] = agent(statement["actor"])
    out["verb"] = verb(statement["verb"])
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out["object"] = activity(obj)
    elif kind in ("Agent", "Group"):
        out["object"] = agent(obj)
    elif kind == "SubStatement":
        out["object"] = _walk(obj, agent, activity, verb)
    if "authority" in statement:
        out["authority"] = agent(statement["authority"])
    if "context" in statement:
        context = dict(statement["context"])
        for name in ("instructor", "team"):
            if name in context:
                context[name] = agent(context[name])
        if "contextActivities" in context:
            context["contextActivities"] = {
                name: [activity(a) for a in (v if isinstance(v, list) else [v])]
                for name, v in context["contextActivities"].items()
            }
        out["context"] = context
    return out


def preferred_languages(accept_language: str | None) -> list[str]:
    """Accept-Language tags, best first (quality values honoured)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        if not tag:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def _one_language(language_map: dict, languages: list[str]) -> dict:
    if not language_map:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in languages:
        if wanted == "*":
            break
        for tag_lower, tag in lowered.items():
            if tag_lower == wanted or tag_lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    first = next(iter(language_map))
    return {first: language_map[first]}


def _canonical_definition(definition: dict, languages: list[str]) -> dict:
    out = dict(definition)
    for name in ("name", "description"):
        if name in out:
            out[name] = _one_language(out[name], languages)
    for name in ("choices", "scale", "source", "target", "steps"):
        if name in out:
            out[name] = [
                {**c, "description": _one_language(c["description"], languages)}
                if "description" in c
                else c
                for c in out[name]
            ]
    return out


def formatter(
    name: str, accept_language: str | None, definitions: Mapping[str, dict] | None = None
) -> Transform:
    """The transform for a `format` value; `definitions` are the canonical Activity
    definitions by id (`documents.canonical_definitions`), used by `canonical`."""
    if name == "ids":
        return lambda s: _walk(s, _agent_ids, _activity_ids, lambda v: {"id": v["id"]})
    if name == "canonical":
        languages = preferred_languages(accept_language)
        known = definitions or {}

        def activity(a: dict) -> dict:
            definition = known.get(a["id"], a.get("definition"))
            if definition is None:
                return a
            return {**a, "definition": _canonical_definition(definition, languages)}

        def verb(v: dict) -> dict:
            if "display" not in v:
                return v
            return {**v, "display": _one_language(v["display"], languages)}

        return lambda s: _walk(s, lambda a: a, activity, verb)
    return lambda s: s
