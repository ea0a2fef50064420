"""Speech-to-text accuracy (WER) and speed (real-time factor) of the recognisers Rebond ships.

Why: a student's spoken answer is only as good as its transcript, and a slow recogniser makes
every voice turn wait. Two sets, reported separately because they say different things:

- `real`: human French speech with exact human transcripts, read from `../shared/data/speech/`
  next to the repository (evaluation data only, never copied into the repo; see its README).
  The 3 read passages of `sppas_fra/` are cut into their 15 inter-pausal segments using the
  interval times of their TextGrids; the 11 spontaneous extracts (one segment each) are used
  whole; plus the read sentence of `picovoice_leopard/`. `whisper_timestamped_fr/` is left
  out: its references are a model's output, not human transcripts. All 27 utterances (134 s)
  are used, no subsampling. When the folder is absent this is said in the output and in the
  JSON, and the eSpeak set is still run.
- `espeak`: 20 short tutor/student sentences written here (maths answers, instructions),
  spoken by eSpeak NG. eSpeak's robotic French is hard for Whisper base: this measures the
  plumbing and numbers, not how well students will be understood; nothing is tuned to it.

Engines: Whisper (faster-whisper base, the product's settings, never a prompt or hotwords)
always, twice: beam search 5 (`whisper_beam5`, the engine's default) and greedy decoding
(`whisper_beam1`, what chat turns and readings use: it cuts the slow tail of the voice turn);
Vosk (free recognition, no grammar) only when `REBOND_VOSK_MODEL` points at a French model,
otherwise recorded as skipped. Models are loaded and warmed up before timing.

WER is jiwer's corpus WER (total substitutions+deletions+insertions / total reference words).
Both sides are normalised the same way before scoring:
1. Unicode NFC, lowercase, typographic apostrophes (’ ʼ) become '.
2. Truncated words (a token ending in "-", e.g. the reading slip "chort-", "s-", "tre-") are
   dropped: a word recogniser cannot spell half a word, and they are not errors of the reader's
   meaning. Hesitation fillers "euh", "heu", "hum", "hm", "mh", "mmh" are dropped too.
3. Elisions: the apostrophe is replaced by a space and the elided letter kept as its own token
   ("j'ai" → "j ai", "qu' elle" → "qu elle"), so both spellings of an elision agree.
   Hyphens inside words become spaces ("sous-vêtements", "cinquante-six", "est-ce").
4. Punctuation is removed (a comma or point between two digits is kept: "0,5").
5. Numbers as written in the reference: the reference keeps its own form (it mixes digits,
   "6 mars 1989", and words, "trente six"). The hypothesis's numbers are turned into digits
   with text2num, then every number the reference spells in words is written back with the
   reference's words. So "36" and "trente-six" both score as "trente six" when the reference
   says "trente six", and "cent trente-huit" scores as "138" when the reference says "138".

Also reported: the median per-utterance WER, and `n_runaway`, the utterances whose
hypothesis has more than twice the reference's words (Whisper looping on a phrase): one such
runaway can dominate a corpus WER on a small set.

Real-time factor = transcription seconds / audio seconds (lower is faster; < 1 is faster than
real time), on the 2-core machine; the 1-minute load average is recorded at start and end
because other work on the machine slows it down. Writes evaluation/results/stt.json.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import jiwer
import numpy as np
from text_to_num import alpha2digit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from speech.audio import decode_to_pcm16k  # noqa: E402
from speech.stt.base import SAMPLE_RATE, as_mono16k  # noqa: E402
from speech.stt.vosk_engine import VOSK_MODEL_ENV, VoskSTT  # noqa: E402
from speech.stt.whisper import DEFAULT_BEAM_SIZE, TURN_BEAM_SIZE, WhisperSTT  # noqa: E402
from speech.tts.espeak import EspeakTTS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SPEECH_DATA = REPO.parent / "shared" / "data" / "speech"
RESULT = REPO / "evaluation" / "results" / "stt.json"
MAX_SECONDS = 60.0

# Written as a tutor or a student would say them; numbers in words, as eSpeak reads them.
ESPEAK_SENTENCES = (
    "Combien font sept fois huit ?",
    "La réponse est cinquante-six.",
    "Trois quarts plus un quart font un entier.",
    "Je veux faire des fractions.",
    "Donne-moi un indice, s'il te plaît.",
    "Simplifie la fraction six huitièmes.",
    "Calcule le périmètre d'un carré de cinq centimètres de côté.",
    "Le résultat est vingt centimètres.",
    "Tu peux répéter la question ?",
    "Bravo, c'est la bonne réponse !",
    "Ce n'est pas tout à fait ça, essaie encore.",
    "Quelle est la moitié de quarante-huit ?",
    "Résous l'équation x plus deux égale cinq.",
    "Lis le texte à voix haute.",
    "Je ne sais pas, je passe.",
    "Range ces nombres du plus petit au plus grand.",
    "Un triangle a trois côtés.",
    "Zéro virgule cinq, c'est la même chose qu'un demi.",
    "Multiplie le numérateur et le dénominateur par trois.",
    "On passe à l'exercice suivant.",
)

FILLERS = frozenset({"euh", "heu", "hum", "hm", "mh", "mmh"})
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_TRUNCATED = re.compile(r"(?<![\w-])\w+-(?=\s|$|[^\w-])")
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_PUNCT = re.compile(r"[^\w\s\u0001]")


@dataclass
class Utterance:
    id: str
    subset: str
    reference: str
    samples: np.ndarray

    @property
    def seconds(self) -> float:
        return self.samples.size / SAMPLE_RATE


# --- normalisation -------------------------------------------------------------------------


def _prepare(text: str, digits: bool) -> list[str]:
    """Steps 1-4 of the docstring, with text2num's digits (hypothesis) or not (reference)."""
    text = unicodedata.normalize("NFC", text).lower().translate(_APOSTROPHES)
    text = _TRUNCATED.sub(" ", text)
    text = text.replace("'", " ")
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    if digits:
        text = alpha2digit(text, "fr")
    text = _DECIMAL.sub("\\1\u0001\\2", text)  # protect 0,5 from the punctuation pass
    text = _PUNCT.sub(" ", text).replace("\u0001", ",")
    return [token for token in text.split() if token not in FILLERS]


def _number_forms(reference: str) -> dict[tuple[str, ...], list[str]]:
    """Digit form → the reference's own words, for every number the reference spells out."""
    written = _prepare(reference, digits=False)
    as_digits = _prepare(reference, digits=True)
    forms: dict[tuple[str, ...], list[str]] = {}
    matcher = difflib.SequenceMatcher(a=written, b=as_digits, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and any(any(c.isdigit() for c in t) for t in as_digits[j1:j2]):
            forms.setdefault(tuple(as_digits[j1:j2]), written[i1:i2])
    return forms


def normalise_pair(reference: str, hypothesis: str) -> tuple[str, str]:
    """Reference and hypothesis as comparable word strings (see the module docstring)."""
    forms = _number_forms(reference)
    tokens = _prepare(hypothesis, digits=True)
    out: list[str] = []
    i = 0
    longest = max((len(key) for key in forms), default=0)
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            words = forms.get(tuple(tokens[i : i + size]))
            if words is not None:
                out.extend(words)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(_prepare(reference, digits=False)), " ".join(out)


# --- data ----------------------------------------------------------------------------------


def _textgrid_segments(path: Path) -> list[tuple[float, float, str]]:
    """Non-silent intervals (start, end, text) of a Praat TextGrid, long or short format."""
    intervals = re.findall(
        r'(?:xmin = )?([\d.]+)\s+(?:xmax = )?([\d.]+)\s+(?:text = )?"((?:[^"]|"")*)"',
        path.read_text("utf-8"),
    )
    segments = []
    for start, end, text in intervals:
        words = [w for w in text.split() if not re.fullmatch(r"(ipu|gpf|gpd)_\d+|#", w)]
        if words:
            segments.append((float(start), float(end), " ".join(words)))
    return segments


def load_real() -> list[Utterance]:
    """The human French utterances of `../shared/data/speech/` (see the module docstring)."""
    utterances: list[Utterance] = []
    sppas = SPEECH_DATA / "sppas_fra"
    for line in (sppas / "transcripts.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        pcm = decode_to_pcm16k((sppas / item["audio"]).read_bytes(), MAX_SECONDS).samples
        if item["speech_type"] == "read":
            grid = _textgrid_segments(sppas / f"{item['id']}.TextGrid")
            texts = [segment["text_plain"] for segment in item["segments"]]
            if len(grid) != len(texts):
                raise RuntimeError(f"{item['id']}: TextGrid and transcripts.jsonl disagree")
            for index, ((start, end, _), text) in enumerate(zip(grid, texts, strict=True)):
                cut = pcm[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
                utterances.append(Utterance(f"{item['id']}#{index + 1}", "read", text, cut))
        else:
            utterances.append(Utterance(item["id"], "spontaneous", item["transcript_plain"], pcm))
    leopard = SPEECH_DATA / "picovoice_leopard"
    if not (leopard / "test_fr.json").is_file():
        return utterances
    meta = json.loads((leopard / "test_fr.json").read_text("utf-8"))
    pcm = decode_to_pcm16k((leopard / meta["audio_file"]).read_bytes(), MAX_SECONDS).samples
    utterances.append(Utterance("picovoice_leopard/test_fr", "read", meta["transcript"], pcm))
    return utterances


def load_espeak() -> list[Utterance]:
    tts = EspeakTTS()
    utterances = []
    for index, text in enumerate(ESPEAK_SENTENCES):
        speech = tts.synthesize(text, voice="fr")
        samples = _resample(speech.samples, speech.sample_rate)
        utterances.append(Utterance(f"espeak-{index + 1:02d}", "espeak", text, samples))
    return utterances


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """To 16 kHz mono float32 through the product's own decoder (WAV in memory)."""
    from speech.audio import encode

    if rate == SAMPLE_RATE:
        return as_mono16k(samples)
    return decode_to_pcm16k(encode(samples, rate, "wav"), MAX_SECONDS).samples


# --- scoring -------------------------------------------------------------------------------


def evaluate(engine, utterances: list[Utterance]) -> dict:
    """WER and real-time factor of one engine on a set, with per-utterance details."""
    references, hypotheses, details = [], [], []
    spent = 0.0
    for utt in utterances:
        started = time.perf_counter()
        text = engine.transcribe(utt.samples).text
        spent += time.perf_counter() - started
        reference, hypothesis = normalise_pair(utt.reference, text)
        references.append(reference)
        hypotheses.append(hypothesis)
        details.append(
            {
                "id": utt.id,
                "subset": utt.subset,
                "seconds": round(utt.seconds, 2),
                "reference": utt.reference,
                "hypothesis": text,
                "wer": round(jiwer.wer(reference, hypothesis), 3) if reference else None,
            }
        )
    audio = sum(utt.seconds for utt in utterances)
    result = {
        "engine": engine.engine,
        "wer": round(jiwer.wer(references, hypotheses), 3),
        "rtf": round(spent / audio, 3),
        "n_utterances": len(utterances),
        "audio_seconds": round(audio, 1),
        # Robust to one runaway: Whisper sometimes loops on a phrase until its token limit.
        "median_utterance_wer": round(float(np.median([d["wer"] for d in details])), 3),
        "n_runaway": sum(
            len(h.split()) > 2 * max(len(r.split()), 1)
            for r, h in zip(references, hypotheses, strict=True)
        ),
    }
    subsets = sorted({utt.subset for utt in utterances})
    if len(subsets) > 1:
        result["by_subset"] = {}
        for subset in subsets:
            picked = [i for i, utt in enumerate(utterances) if utt.subset == subset]
            result["by_subset"][subset] = {
                "wer": round(
                    jiwer.wer([references[i] for i in picked], [hypotheses[i] for i in picked]), 3
                ),
                "n_utterances": len(picked),
                "audio_seconds": round(sum(utterances[i].seconds for i in picked), 1),
            }
    result["utterances"] = details
    return result


def engines() -> tuple[list, dict[str, str]]:
    """Whisper always; Vosk when a French model is configured."""
    ready: list = []
    for beam_size in (DEFAULT_BEAM_SIZE, TURN_BEAM_SIZE):
        whisper = WhisperSTT(beam_size=beam_size)
        whisper.warm_up()
        ready.append(whisper)
    skipped: dict[str, str] = {}
    if os.environ.get(VOSK_MODEL_ENV):
        vosk = VoskSTT()
        vosk.transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32))  # load the model
        ready.append(vosk)
    else:
        skipped["vosk"] = f"skipped: {VOSK_MODEL_ENV} not set"
    return ready, skipped


def main() -> int:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    ready, skipped = engines()
    result: dict = {
        "jiwer": version("jiwer"),
        "machine": "2 cores, CPU int8",
        "load_average_1min_at_start": round(load_before, 2),
        "normalisation": "NFC+lowercase; truncated words and euh/heu/hum dropped; elided "
        "apostrophes and word hyphens split; punctuation removed; numbers as the reference "
        "writes them (text2num digits on the hypothesis, mapped back to the reference's words)",
    }
    sets: dict[str, list[Utterance] | str] = {}
    if (SPEECH_DATA / "sppas_fra").is_dir():
        sets["real"] = load_real()
    else:
        sets["real"] = f"skipped: {SPEECH_DATA} not found (real French speech not available)"
        print(sets["real"])
    sets["espeak"] = load_espeak()
    for name, utterances in sets.items():
        if isinstance(utterances, str):
            result[name] = utterances
            continue
        result[name] = {engine_key(e): evaluate(e, utterances) for e in ready} | skipped
    result["total_run_seconds"] = round(time.perf_counter() - started, 1)
    result["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    print(
        f"{'set':<8}{'engine':<28}{'WER':>7}{'RTF':>7}{'utts':>6}{'audio s':>9}"
        f"{'med WER':>9}{'runaway':>9}"
    )
    for name in sets:
        block = result[name]
        if isinstance(block, str):
            print(f"{name:<8}{block}")
            continue
        for key, row in block.items():
            if isinstance(row, str):
                print(f"{name:<8}{key:<28}{row}")
                continue
            print(
                f"{name:<8}{row['engine']:<28}{row['wer']:>7.3f}{row['rtf']:>7.3f}"
                f"{row['n_utterances']:>6}{row['audio_seconds']:>9.1f}"
                f"{row['median_utterance_wer']:>9.3f}{row['n_runaway']:>9}"
            )
            for subset, sub in row.get("by_subset", {}).items():
                print(
                    f"{'':<8}{'  ' + subset:<28}{sub['wer']:>7.3f}{'':>7}"
                    f"{sub['n_utterances']:>6}{sub['audio_seconds']:>9.1f}"
                )
    print(
        f"jiwer {result['jiwer']}, run {result['total_run_seconds']} s, load "
        f"{result['load_average_1min_at_start']}→{result['load_average_1min_at_end']} "
        f"→ {RESULT.name}"
    )
    return 0


def engine_key(engine) -> str:
    return "vosk" if isinstance(engine, VoskSTT) else f"whisper_beam{engine.beam_size}"


if __name__ == "__main__":
    sys.exit(main())
