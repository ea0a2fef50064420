"""Validation of every xAPI 1.0.3 object, with a message that names the faulty property.

An LRS must reject a statement that breaks any MUST of the data model with 400 Bad Request;
the message gives the JSON path (`statement.actor.mbox`) so a client developer can fix the
sender without reading our code. Unknown properties are rejected too: xAPI objects are closed.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

from assistant.errors import ApiError

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# An absolute IRI: a scheme, a colon, then no whitespace nor the characters RFC 3987 forbids.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_SHA2 = re.compile(r"^[0-9a-fA-F]{56,128}$")
_EMAIL = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$", re.IGNORECASE
)
_NUM = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(
    rf"^P(?:{_NUM}W|(?=\d|T\d)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?"
    rf"(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?)$"
)
_VERSION = re.compile(r"^1\.0(\.\d+)?$")
# Properties the LRS sets or may rewrite: two statements differing only there are the same.
_LRS_PROPERTIES = ("stored", "authority", "version")


class XapiValidationError(ApiError):
    """400 Bad Request for a request that breaks the xAPI specification."""

    def __init__(self, message_en: str, code: str = "invalid_xapi") -> None:
        super().__init__(
            400,
            code,
            f"Requête xAPI refusée : {message_en}",
            message_en,
        )


def fail(path: str, problem: str) -> XapiValidationError:
    """The error for `path` (e.g. `statement.actor.mbox`)."""
    return XapiValidationError(f"{path}: {problem}")


# ---- scalar checks ---------------------------------------------------------------------


def _expect(value: Any, kind: type | tuple[type, ...], path: str, what: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise fail(path, f"must be {what}")


def _object(value: Any, path: str, allowed: set[str], required: tuple[str, ...] = ()) -> dict:
    _expect(value, dict, path, "a JSON object")
    unknown = value.keys() - allowed
    if unknown:
        raise fail(path, f"unknown or forbidden property {', '.join(sorted(unknown))}")
    for name in required:
        if name not in value:
            raise fail(path, f"missing required property {name}")
    return value


def _string(value: Any, path: str) -> str:
    _expect(value, str, path, "a string")
    return value


def validate_uuid(value: Any, path: str = "id") -> str:
    """A UUID in its 8-4-4-4-12 hex form; returned lower-case (ids compare as UUIDs)."""
    if not isinstance(value, str) or not _UUID.match(value):
        raise fail(path, f"{json.dumps(value)} is not a UUID")
    return value.lower()


def validate_iri(value: Any, path: str) -> str:
    """An absolute IRI (a scheme such as `http:` is required)."""
    if not isinstance(value, str) or not _IRI.match(value):
        raise fail(path, f"{json.dumps(value)} is not an absolute IRI")
    return value


def validate_timestamp(value: Any, path: str = "timestamp") -> datetime:
    """An ISO 8601 date-time; without an offset it is taken as UTC. `-00:00` is refused
    (xAPI: a timestamp must not use the "unknown offset" forms)."""
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        raise fail(path, f"{json.dumps(value)} is not an ISO 8601 timestamp")
    if re.search(r"-00(:?00)?$", value):
        raise fail(path, "the offset -00:00 is not allowed")
    text = value.upper().replace("Z", "+00:00")
    if re.search(r"[+-]\d{2}$", text):
        text += ":00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise fail(path, f"{json.dumps(value)} is not a valid date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def validate_duration(value: Any, path: str = "result.duration") -> str:
    """An ISO 8601 duration such as `PT1H30M` or `P2W`."""
    if not isinstance(value, str) or not _DURATION.match(value):
        raise fail(path, f"{json.dumps(value)} is not an ISO 8601 duration")
    return value


def validate_language_map(value: Any, path: str) -> dict:
    """A map from RFC 5646 language tags to strings."""
    _expect(value, dict, path, "a language map")
    for tag, text in value.items():
        if not _LANGUAGE_TAG.match(tag):
            raise fail(path, f"{json.dumps(tag)} is not a language tag")
        _string(text, f"{path}.{tag}")
    return value


def validate_extensions(value: Any, path: str) -> dict:
    """Extensions: any JSON value under IRI keys."""
    _expect(value, dict, path, "an object")
    for key in value:
        validate_iri(key, f"{path} key")
    return value


def _number(value: Any, path: str) -> float:
    _expect(value, (int, float), path, "a number")
    return float(value)


# ---- agents ----------------------------------------------------------------------------


def _account(value: Any, path: str) -> None:
    _object(value, path, {"homePage", "name"}, ("homePage", "name"))
    validate_iri(value["homePage"], f"{path}.homePage")
    _string(value["name"], f"{path}.name")


def _ifis(value: dict, path: str) -> list[str]:
    present = [name for name in IFIS if name in value]
    if len(present) > 1:
        raise fail(path, f"has more than one identifier ({', '.join(present)}); exactly one")
    if "mbox" in value and (not isinstance(value["mbox"], str) or not _EMAIL.match(value["mbox"])):
        raise fail(f"{path}.mbox", "must be a mailto: IRI such as mailto:name@example.org")
    if "mbox_sha1sum" in value and (
        not isinstance(value["mbox_sha1sum"], str) or not _SHA1.match(value["mbox_sha1sum"])
    ):
        raise fail(f"{path}.mbox_sha1sum", "must be 40 hexadecimal digits")
    if "openid" in value:
        validate_iri(value["openid"], f"{path}.openid")
    if "account" in value:
        _account(value["account"], f"{path}.account")
    return present


_AGENT_KEYS = {"objectType", "name", *IFIS}


def validate_agent(value: Any, path: str) -> dict:
    """An Agent: exactly one inverse functional identifier."""
    _object(value, path, _AGENT_KEYS)
    if value.get("objectType", "Agent") != "Agent":
        raise fail(f"{path}.objectType", "must be Agent")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    if not _ifis(value, path):
        raise fail(path, "an Agent needs exactly one of mbox, mbox_sha1sum, openid, account")
    return value


def validate_group(value: Any, path: str) -> dict:
    """A Group: identified (one IFI) or anonymous (then `member` is required)."""
    _object(value, path, {*_AGENT_KEYS, "member"})
    if value.get("objectType") != "Group":
        raise fail(f"{path}.objectType", "must be Group")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    identified = bool(_ifis(value, path))
    if "member" in value:
        _expect(value["member"], list, f"{path}.member", "an array of Agents")
        for i, member in enumerate(value["member"]):
            validate_agent(member, f"{path}.member[{i}]")
    elif not identified:
        raise fail(path, "an anonymous Group needs a member array")
    return value


def validate_actor(value: Any, path: str) -> dict:
    """An Agent or a Group, by `objectType`."""
    if isinstance(value, dict) and value.get("objectType") == "Group":
        return validate_group(value, path)
    return validate_agent(value, path)


def agent_key(agent: dict) -> str:
    """A canonical string for an agent's or group's IFI: how agents compare in xAPI."""
    if "mbox" in agent:
        return "mbox:" + agent["mbox"].lower()
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    if "account" in agent:
        return f"account:{agent['account']['homePage']} {agent['account']['name']}"
    # An anonymous group has no identity of its own; its members do.
    return "anonymous:" + json.dumps(agent, sort_keys=True)


def parse_agent_param(text: str, name: str = "agent") -> dict:
    """The `agent` query parameter: a JSON Agent (or identified Group) with exactly one IFI."""
    try:
        value = json.loads(text)
    except ValueError:
        raise fail(name, "must be a JSON Agent object") from None
    agent = validate_actor(value, name)
    if not any(ifi in agent for ifi in IFIS):
        raise fail(name, "must have exactly one identifier")
    return agent


# ---- verbs, activities, objects --------------------------------------------------------


def validate_verb(value: Any, path: str) -> dict:
    _object(value, path, {"id", "display"}, ("id",))
    validate_iri(value["id"], f"{path}.id")
    if "display" in value:
        validate_language_map(value["display"], f"{path}.display")
    return value


def _interaction_components(value: Any, path: str) -> None:
    _expect(value, list, path, "an array of interaction components")
    seen: set[str] = set()
    for i, component in enumerate(value):
        where = f"{path}[{i}]"
        _object(component, where, {"id", "description"}, ("id",))
        if _string(component["id"], f"{where}.id") in seen:
            raise fail(f"{where}.id", "interaction component ids must be unique")
        seen.add(component["id"])
        if "description" in component:
            validate_language_map(component["description"], f"{where}.description")


def validate_definition(value: Any, path: str) -> dict:
    allowed = {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENT_LISTS,
    }
    _object(value, path, allowed)
    for name in ("name", "description"):
        if name in value:
            validate_language_map(value[name], f"{path}.{name}")
    for name in ("type", "moreInfo"):
        if name in value:
            validate_iri(value[name], f"{path}.{name}")
    if "extensions" in value:
        validate_extensions(value["extensions"], f"{path}.extensions")
    if "interactionType" in value and value["interactionType"] not in INTERACTION_TYPES:
        raise fail(f"{path}.interactionType", "is not an xAPI interaction type")
    if "correctResponsesPattern" in value:
        _expect(value["correctResponsesPattern"], list, f"{path}.correctResponsesPattern", "array")
        for i, pattern in enumerate(value["correctResponsesPattern"]):
            _string(pattern, f"{path}.correctResponsesPattern[{i}]")
    for name in COMPONENT_LISTS:
        if name in value:
            if "interactionType" not in value:
                raise fail(f"{path}.{name}", "needs an interactionType")
            _interaction_components(value[name], f"{path}.{name}")
    return value


def validate_activity(value: Any, path: str) -> dict:
    _object(value, path, {"objectType", "id", "definition"}, ("id",))
    if value.get("objectType", "Activity") != "Activity":
        raise fail(f"{path}.objectType", "must be Activity")
    validate_iri(value["id"], f"{path}.id")
    if "definition" in value:
        validate_definition(value["definition"], f"{path}.definition")
    return value


def validate_statement_ref(value: Any, path: str) -> dict:
    _object(value, path, {"objectType", "id"}, ("objectType", "id"))
    value["id"] = validate_uuid(value["id"], f"{path}.id")
    return value


def _validate_object(value: Any, path: str, inside_substatement: bool) -> dict:
    _expect(value, dict, path, "a JSON object")
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        return validate_activity(value, path)
    if kind == "Agent":
        return validate_agent(value, path)
    if kind == "Group":
        return validate_group(value, path)
    if kind == "StatementRef":
        return validate_statement_ref(value, path)
    if kind == "SubStatement":
        if inside_substatement:
            raise fail(path, "a SubStatement cannot contain a SubStatement")
        return _validate_body(value, path, substatement=True)
    raise fail(f"{path}.objectType", f"{json.dumps(kind)} is not an xAPI object type")


# ---- result, context, attachments ------------------------------------------------------


def validate_result(value: Any, path: str) -> dict:
    allowed = {"score", "success", "completion", "response", "duration", "extensions"}
    _object(value, path, allowed)
    if "score" in value:
        score = _object(value["score"], f"{path}.score", {"scaled", "raw", "min", "max"})
        numbers = {k: _number(v, f"{path}.score.{k}") for k, v in score.items()}
        if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
            raise fail(f"{path}.score.scaled", "must be between -1 and 1")
        if "min" in numbers and "max" in numbers and numbers["min"] > numbers["max"]:
            raise fail(f"{path}.score", "min must not exceed max")
        if "raw" in numbers and (
            numbers["raw"] < numbers.get("min", numbers["raw"])
            or numbers["raw"] > numbers.get("max", numbers["raw"])
        ):
            raise fail(f"{path}.score.raw", "must lie between min and max")
    for name in ("success", "completion"):
        if name in value:
            _expect(value[name], bool, f"{path}.{name}", "true or false")
    if "response" in value:
        _string(value["response"], f"{path}.response")
    if "duration" in value:
        validate_duration(value["duration"], f"{path}.duration")
    if "extensions" in value:
        validate_extensions(value["extensions"], f"{path}.extensions")
    return value


def validate_context(value: Any, path: str, object_is_activity: bool) -> dict:
    allowed = {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
    _object(value, path, allowed)
    if "registration" in value:
        value["registration"] = validate_uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        validate_actor(value["instructor"], f"{path}.instructor")
    if "team" in value:
        validate_group(value["team"], f"{path}.team")
    if "contextActivities" in value:
        where = f"{path}.contextActivities"
        activities = _object(
            value["contextActivities"], where, {"parent", "grouping", "category", "other"}
        )
        for name, entry in activities.items():
            items = entry if isinstance(entry, list) else [entry]
            for i, activity in enumerate(items):
                validate_activity(activity, f"{where}.{name}[{i}]")
    for name in ("revision", "platform"):
        if name in value:
            if not object_is_activity:
                raise fail(f"{path}.{name}", "is only allowed when the object is an Activity")
            _string(value[name], f"{path}.{name}")
    if "language" in value and (
        not isinstance(value["language"], str) or not _LANGUAGE_TAG.match(value["language"])
    ):
        raise fail(f"{path}.language", "must be an RFC 5646 language tag")
    if "statement" in value:
        validate_statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        validate_extensions(value["extensions"], f"{path}.extensions")
    return value


def validate_attachments(value: Any, path: str) -> list:
    _expect(value, list, path, "an array of attachments")
    allowed = {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
    for i, attachment in enumerate(value):
        where = f"{path}[{i}]"
        _object(
            attachment, where, allowed, ("usageType", "display", "contentType", "length", "sha2")
        )
        validate_iri(attachment["usageType"], f"{where}.usageType")
        validate_language_map(attachment["display"], f"{where}.display")
        if "description" in attachment:
            validate_language_map(attachment["description"], f"{where}.description")
        _string(attachment["contentType"], f"{where}.contentType")
        _expect(attachment["length"], int, f"{where}.length", "an integer")
        if not isinstance(attachment["sha2"], str) or not _SHA2.match(attachment["sha2"]):
            raise fail(f"{where}.sha2", "must be a hexadecimal SHA-2 digest")
        if "fileUrl" in attachment:
            validate_iri(attachment["fileUrl"], f"{where}.fileUrl")
        if (
            attachment["usageType"] == SIGNATURE_USAGE
            and attachment["contentType"] != "application/octet-stream"
        ):
            raise fail(f"{where}.contentType", "a signature must be application/octet-stream")
    return value


# ---- statements ------------------------------------------------------------------------

_STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
_SUBSTATEMENT_KEYS = {
    "objectType",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "attachments",
}


def _validate_body(value: Any, path: str, substatement: bool) -> dict:
    allowed = _SUBSTATEMENT_KEYS if substatement else _STATEMENT_KEYS
    _object(value, path, allowed, ("actor", "verb", "object"))
    validate_actor(value["actor"], f"{path}.actor")
    validate_verb(value["verb"], f"{path}.verb")
    obj = _validate_object(value["object"], f"{path}.object", substatement)
    if value["verb"]["id"] == VOIDED and obj.get("objectType") != "StatementRef":
        raise fail(f"{path}.object", "a voiding statement's object must be a StatementRef")
    if "result" in value:
        validate_result(value["result"], f"{path}.result")
    if "context" in value:
        is_activity = obj.get("objectType", "Activity") == "Activity"
        validate_context(value["context"], f"{path}.context", is_activity)
    if "timestamp" in value:
        validate_timestamp(value["timestamp"], f"{path}.timestamp")
    if "attachments" in value:
        validate_attachments(value["attachments"], f"{path}.attachments")
    return value


def validate_statement(value: Any, path: str = "statement") -> dict:
    """Check a statement against the xAPI 1.0.3 data model; ids come back lower-case."""
    _validate_body(value, path, substatement=False)
    if "id" in value:
        value["id"] = validate_uuid(value["id"], f"{path}.id")
    if "stored" in value:
        validate_timestamp(value["stored"], f"{path}.stored")
    if "authority" in value:
        validate_actor(value["authority"], f"{path}.authority")
    if "version" in value and (
        not isinstance(value["version"], str) or not _VERSION.match(value["version"])
    ):
        raise fail(f"{path}.version", "must be an xAPI 1.0.x version")
    return value


def comparable(statement: dict, keep_timestamp: bool = True) -> dict:
    """The part of a statement that decides whether two statements are the same one (same id
    stored twice, or a signed payload and its statement): what the LRS sets is left out."""
    dropped = _LRS_PROPERTIES if keep_timestamp else (*_LRS_PROPERTIES, "timestamp")
    return {k: v for k, v in statement.items() if k not in dropped}
