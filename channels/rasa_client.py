"""Talk to the Rasa server's REST channel, the single way into the conversation."""

from __future__ import annotations

import logging

import httpx

log = logging.getLogger("rebond.rasa")


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, or too slow)."""


class RasaClient:
    """One pooled HTTP client to Rasa's REST webhook, shared by every request."""

    def __init__(self, base_url: str, timeout_s: float) -> None:
        self.webhook = f"{base_url}/webhooks/rest/webhook"
        self.http = httpx.AsyncClient(timeout=timeout_s)

    async def send(self, sender: str, text: str) -> list[dict]:
        """Send the student's text as `sender` (a pseudonym) and return the bot messages."""
        try:
            response = await self.http.post(self.webhook, json={"sender": sender, "message": text})
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("Rasa unavailable: %s", exc)
            raise RasaUnavailable(str(exc)) from exc
        messages: list[dict] = []
        for reply in replies:
            speak = (reply.get("custom") or {}).get("speak")
            if reply.get("text"):
                messages.append(self._clean(reply))
            # What text-to-speech says instead of the shown text (a dictation says the whole
            # sentence): the action sends it as `json_message`, which Rasa returns as a
            # separate "custom" message right after the text.
            if speak and messages:
                messages[-1]["speak"] = str(speak)
        return messages

    @staticmethod
    def _clean(reply: dict) -> dict:
        """Keep what the pages show: text and buttons (title + payload, and the page a link
        button opens, such as a reading)."""
        message: dict = {"text": reply["text"]}
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            | ({"url": str(b["url"])} if b.get("url") else {})
            for b in reply.get("buttons") or []
        ]
        if buttons:
            message["buttons"] = buttons
        return message

    async def close(self) -> None:
        """Release the connection pool."""
        await self.http.aclose()
