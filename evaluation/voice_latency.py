"""Spoken-turn latency through the whole real stack: upload → decode → Whisper → Rasa → eSpeak.

Why: a voice tutor feels broken when the student waits after speaking. This starts the stack
on free ports with its own temporary database (as latency.py does), logs the demo student in,
and sends a realistic practice spoken by eSpeak NG (about 3 s per utterance: asking for
fractions, answers such as « trois quarts », asking for a hint, with 0.3 s of silence
before and 0.5 s after as a browser recording has), encoded as Ogg/Opus like a
browser recording, to `POST /api/voice` (multipart field `audio`), 40 measured turns after 3
warm-up turns.

Measured: from the end of the upload (last byte of the request body sent, from httpx's trace
hooks) to the full JSON response read by the client. The reply's audio is already synthesised
when the response arrives, so this is the student's wait until the tutor can start speaking.
`response.elapsed` (request start → response read) is reported too. Where the time goes comes
from the service's `Server-Timing` header (`decode`, `stt`, `rasa`, `tts`, in ms): the median
of each step; "other" is the client time minus those steps (HTTP, auth, multipart, JSON).
Identical tutor messages hit the speech cache, as they would in a real practice.

Writes p50/p95 to evaluation/results/voice_latency.json. Target: p95 < 1500 ms on 2 cores.
The 1-minute load average is recorded at start and end: other work on the machine shows up
directly in the Whisper step.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.launcher import Stack, isolated_settings  # noqa: E402
from assistant.seed import DEMO_PASSWORD  # noqa: E402
from speech.audio import encode  # noqa: E402
from speech.tts.espeak import EspeakTTS  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "voice_latency.json"
TURNS = 40
WARMUP = 3
TARGET_P95_MS = 1500
STEPS = ("decode", "stt", "rasa", "tts")
# What a student says during a fractions practice, each about 3 s when spoken by eSpeak.
UTTERANCES = (
    "bonjour, aujourd'hui je veux faire des fractions s'il te plaît",
    "je pense que la réponse c'est trois quarts mais je ne suis pas sûre",
    "est-ce que tu peux me donner un indice pour cette question",
    "alors je dirais six huitièmes, ou peut-être trois quarts",
    "pardon, tu peux répéter la question un peu plus lentement",
    "je crois que c'est un demi parce que deux sur quatre",
    "je ne sais pas du tout, je préfère passer à la suite",
    "ça fait deux tiers je pense, enfin je crois",
)
# A browser recording starts a little before the student speaks and stops a little after.
LEAD_S, TRAIL_S = 0.3, 0.5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_timing(header: str) -> dict[str, float]:
    """`decode;dur=12.3, stt;dur=456.7` → {"decode": 12.3, "stt": 456.7}."""
    parts: dict[str, float] = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if name and key == "dur":
                parts[name] = parts.get(name, 0.0) + float(value)
    return parts


def recordings() -> list[tuple[str, bytes, float]]:
    """(text, Ogg/Opus bytes, seconds) for each utterance, spoken by eSpeak NG."""
    tts = EspeakTTS()
    out = []
    for text in UTTERANCES:
        speech = tts.synthesize(text, voice="fr")
        rate = speech.sample_rate
        samples = np.concatenate(
            [
                np.zeros(int(LEAD_S * rate), np.float32),
                speech.samples,
                np.zeros(int(TRAIL_S * rate), np.float32),
            ]
        )
        out.append((text, encode(samples, rate, "ogg"), samples.size / rate))
    return out


def timed_post(client: httpx.Client, data: bytes) -> tuple[httpx.Response, float]:
    """POST one recording; ms from the last request byte sent to the response fully read."""
    marks: dict[str, float] = {}

    def trace(event: str, info: dict) -> None:
        if event.endswith("send_request_body.complete"):
            marks["sent"] = time.perf_counter()

    response = client.post(
        "/api/voice",
        files={"audio": ("turn.ogg", data, "audio/ogg")},
        extensions={"trace": trace},
    )
    done = time.perf_counter()  # client.post returns after the body has been read
    return response, (done - marks.get("sent", done)) * 1000


def main() -> int:
    spoken = recordings()
    load_before = os.getloadavg()[0]
    timings: list[float] = []
    elapsed: list[float] = []
    steps: dict[str, list[float]] = {}
    failures: list[dict] = []
    transcripts: list[tuple[str, str]] = []
    audio_checked = None
    by_utterance: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = isolated_settings(Path(tmp))
        started = time.perf_counter()
        with Stack(settings), httpx.Client(base_url=settings.public_url, timeout=60) as client:
            stack_start_s = time.perf_counter() - started
            login = client.post(
                "/api/auth/login", json={"username": "lea", "password": DEMO_PASSWORD}
            )
            login.raise_for_status()
            for turn in range(WARMUP + TURNS):
                text, data, _ = spoken[turn % len(spoken)]
                response, upload_to_reply_ms = timed_post(client, data)
                if response.status_code != 200:
                    failures.append(
                        {"turn": turn, "status": response.status_code, "body": response.text[:300]}
                    )
                    if response.status_code == 404:
                        break  # the endpoint is not there: no point in 40 more tries
                    continue
                body = response.json()
                if audio_checked is None and body["messages"]:
                    audio = client.get(body["messages"][0]["audio_url"])
                    audio_checked = audio.status_code == 200 and audio.content[:4] == b"OggS"
                if turn < WARMUP:
                    continue
                timings.append(upload_to_reply_ms)
                by_utterance.setdefault(text, []).append(upload_to_reply_ms)
                elapsed.append(response.elapsed.total_seconds() * 1000)
                for name, ms in server_timing(response.headers.get("server-timing", "")).items():
                    steps.setdefault(name, []).append(ms)
                if len(transcripts) < len(spoken):
                    transcripts.append((text, body["transcript"]))

    result: dict = {
        "turns": len(timings),
        "utterance_seconds": round(statistics.fmean(s for _, _, s in spoken), 2),
        "upload_format": "Ogg/Opus 32 kb/s mono (speech.audio.encode)",
        "target_p95_ms": TARGET_P95_MS,
        "machine": "2 cores, SQLite, loopback",
        "stack_start_s": round(stack_start_s, 1),
        "load_average_1min_at_start": round(load_before, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    if timings:
        result |= {
            "voice_turn_p50_ms": round(percentile(timings, 0.50), 1),
            "voice_turn_p95_ms": round(percentile(timings, 0.95), 1),
            "voice_turn_mean_ms": round(statistics.fmean(timings), 1),
            "voice_turn_max_ms": round(max(timings), 1),
            "client_elapsed_p50_ms": round(percentile(elapsed, 0.50), 1),
            "client_elapsed_p95_ms": round(percentile(elapsed, 0.95), 1),
            "meets_target": percentile(timings, 0.95) < TARGET_P95_MS,
            "reply_audio_served": audio_checked,
        }
        medians = {name: round(statistics.median(v), 1) for name, v in steps.items()}
        if medians:
            medians["other"] = round(result["voice_turn_p50_ms"] - sum(medians.values()), 1)
        result["server_timing_median_ms"] = medians
        result["turns_over_target"] = sum(ms >= TARGET_P95_MS for ms in timings)
        # Which recordings are slow: a runaway Whisper decode shows up as one slow sentence.
        result["per_utterance"] = [
            {
                "said": said,
                "heard": heard,
                "median_ms": round(statistics.median(by_utterance[said]), 1),
            }
            for said, heard in transcripts
        ]
    else:
        result["error"] = "no successful voice turn"
    if failures:
        result["failures"] = failures[:10]
        result["failed_turns"] = len(failures)
        if failures[0]["status"] == 404:
            result["error"] = "POST /api/voice answered 404: the endpoint is not there yet"
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    if not timings:
        print(result["error"], f"({len(failures)} failed turns) → {RESULT.name}")
        return 1
    print(f"{'metric':<24}{'ms':>10}")
    for key in (
        "voice_turn_p50_ms",
        "voice_turn_p95_ms",
        "voice_turn_mean_ms",
        "voice_turn_max_ms",
        "client_elapsed_p50_ms",
        "client_elapsed_p95_ms",
    ):
        print(f"{key:<24}{result[key]:>10.1f}")
    print(f"{'median per step':<24}")
    for name, ms in result["server_timing_median_ms"].items():
        print(f"{'  ' + name:<24}{ms:>10.1f}")
    print(f"{'median per sentence':<24}")
    for row in result["per_utterance"]:
        print(f"{'  ' + row['said'][:40]:<44}{row['median_ms']:>10.1f}  heard: {row['heard'][:50]}")
    print(
        f"{len(timings)} turns of ~{result['utterance_seconds']} s audio, "
        f"{len(failures)} failed, target p95 < {TARGET_P95_MS} ms, load "
        f"{result['load_average_1min_at_start']}→{result['load_average_1min_at_end']} "
        f"→ {RESULT.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
