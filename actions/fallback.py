"""The first stage of the two-stage fallback, in French: "Tu voulais dire … ?"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

INTENT_LABELS = {
    "start_maths": "faire des maths",
    "start_comprehension": "lire un texte et répondre à des questions",
    "start_fluency": "t'entraîner à lire à voix haute",
    "what_next": "savoir quoi faire maintenant",
    "ask_hint": "avoir un indice",
    "ask_repeat": "que je répète",
    "ask_slower": "que j'aille plus lentement",
    "ask_explain": "une explication",
    "dont_know": "dire que tu ne sais pas",
    "too_hard": "une question plus facile",
    "too_easy": "une question plus difficile",
    "skip": "passer la question",
    "stop": "arrêter",
    "ask_progress": "voir tes progrès",
    "ask_why": "savoir pourquoi",
    "ask_language": "parler de ta langue",
    "set_preference": "changer un réglage",
    "ask_teacher": "écrire à ton professeur",
    "feeling_down": "dire que ça ne va pas fort",
    "distress": "dire que tu es en danger ou très mal",
}


class AskAffirmation(Action):
    """Offer the most likely intent as a yes/no choice, with buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS]
        if not candidates:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        intent = candidates[0]
        dispatcher.utter_message(
            text=f"Tu veux {INTENT_LABELS[intent]} ?",
            buttons=[
                {"title": "Oui", "payload": f"/{intent}"},
                {"title": "Non", "payload": "/deny"},
            ],
        )
        return []
