"""One action per dialogue step of a practice; see nlu_data/rules.yml for when each runs."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tutor_api import call

ACTIVITY_BY_INTENT = {
    "start_maths": "maths",
    "start_comprehension": "comprehension",
    "start_fluency": "fluency",
    "start_langue": "langue",
}
LEVEL_BY_INTENT = {"too_hard": "easier", "too_easy": "harder"}
ORAL = "oral"  # the `topic` of a comprehension text to listen to


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The entity found in the latest message only (an older slot value is not a request)."""
    return next(tracker.get_latest_entity_values(entity), None)


class TutorAction(Action):
    """Call one tutoring operation, utter its messages, set `practice_active` from it."""

    action_name = ""
    operation = ""
    entity: str | None = None  # an entity of the latest message to pass along, if any

    def name(self) -> str:
        return self.action_name

    def choose_operation(self, tracker: Tracker) -> str:
        """The operation to call; some actions choose it from the intent."""
        return self.operation

    def payload(self, tracker: Tracker) -> dict[str, Any]:
        """What the operation needs from the dialogue: the raw text, and the entity if any."""
        body: dict[str, Any] = {"text": tracker.latest_message.get("text") or ""}
        if self.entity:
            body[self.entity] = latest_entity(tracker, self.entity)
        return body

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        reply = await call(tracker.sender_id, self.choose_operation(tracker), self.payload(tracker))
        messages = reply.get("messages", [])
        spoken = reply.get("spoken") or [None] * len(messages)
        for index, (text, speak) in enumerate(zip(messages, spoken, strict=True)):
            last = index == len(messages) - 1
            dispatcher.utter_message(
                text=text,
                buttons=reply.get("buttons") if last else None,
                # Rasa sends this as a separate "custom" message; the gateway folds it back.
                json_message={"speak": speak} if speak else None,
            )
        if reply.get("practice_active") is None:
            return []
        return [SlotSet("practice_active", bool(reply["practice_active"]))]


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name", "")


class StartPractice(TutorAction):
    action_name = "action_start_practice"
    operation = "start"

    def payload(self, tracker: Tracker) -> dict[str, Any]:
        topics = list(tracker.get_latest_entity_values("topic"))
        # « compréhension de l'oral » may come out as two entities, « compréhension de » and
        # « l'oral »: the oral mode is what the student asked for.
        heard = any(t.lower().endswith(ORAL) for t in topics)
        return {
            "activity": ACTIVITY_BY_INTENT.get(_intent(tracker), "maths"),
            "topic": ORAL if heard else next(iter(topics), None),
        }


class StopPractice(TutorAction):
    """Stop on request; on a goodbye with nothing under way, stay silent."""

    action_name = "action_stop_practice"
    operation = "stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if _intent(tracker) == "goodbye" and not tracker.get_slot("practice_active"):
            return []
        return await super().run(dispatcher, tracker, domain)


class ChangeLevel(TutorAction):
    action_name = "action_change_level"

    def choose_operation(self, tracker: Tracker) -> str:
        return LEVEL_BY_INTENT.get(_intent(tracker), "easier")


# Actions that pass the raw text (and at most one entity) to one operation: declared as
# data, one class each (rasa_sdk registers every Action subclass it finds).
PLAIN_ACTIONS: dict[str, tuple[str, str | None]] = {
    "action_what_next": ("next", None),
    "action_check_answer": ("answer", None),
    "action_hint": ("hint", None),
    "action_repeat": ("repeat", None),
    "action_slower": ("slower", None),
    "action_explain": ("explain", "topic"),
    "action_skip": ("skip", None),
    "action_progress": ("progress", None),
    "action_why": ("why", None),
    "action_positioning": ("positioning", None),
    "action_set_language": ("language", "language"),
    "action_set_preference": ("preference", "preference"),
    "action_contact_teacher": ("teacher", None),
    "action_distress": ("distress", None),
    "action_resume_practice": ("resume", None),
}
REGISTERED = [
    type(name, (TutorAction,), {"action_name": name, "operation": operation, "entity": entity})
    for name, (operation, entity) in PLAIN_ACTIONS.items()
]
