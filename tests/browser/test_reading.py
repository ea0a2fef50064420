"""The reading practice page (/lecture/<id>) in a real browser, on a 360-px phone screen.

Every answer comes from a real service (`stack_without_rasa`: the service with its real
Whisper and eSpeak engines and database; the reading page never talks to Rasa). The student's
voice is eSpeak reading the passage's first sentences, one skipped, played into Chromium's
FAKE capture device (`--use-file-for-fake-audio-capture`), which stands in for a microphone.
eSpeak's French is hard for Whisper, so the tests check the structure of the feedback (every
word marked, the miscues said in words and shown by shape), not which word got which mark.
"""

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, Response, expect

from assistant.reading.passages import view
from speech.audio import encode
from speech.tts.espeak import EspeakTTS
from tests.browser.conftest import PHONE, launch_with_microphone, phone_with_microphone
from tests.browser.test_login_and_chat import (
    assert_focus_visible,
    assert_no_horizontal_scroll,
    format_violations,
    log_in,
)

pytestmark = pytest.mark.browser

PASSAGE = "la-cle-perdue"  # « Ce mardi, Léa rentre du lycée à cinq heures. Elle cherche… »
# The student reads « Ce mardi… heures. » « Pas de clé. » « Elle cherche dans ses poches. »,
# skipping « Elle cherche sa clé dans son sac. » (sentence 1).
SENTENCES_READ = (0, 2, 3)
RESULT_TIMEOUT = 60_000  # ms: Whisper on a 2-core machine, then the spoken summary
SPEECH_URL = re.compile(r"/api/speech/[^/]+\.ogg$")


# ---- a browser whose microphone reads the passage ---------------------------------------------


@pytest.fixture(scope="session")
def passage() -> dict:
    """The passage as the page gets it (words with indices, sentences)."""
    return view(PASSAGE)


@pytest.fixture(scope="session")
def reading_wav(passage: dict, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """SENTENCES_READ read by eSpeak, a little slowly: a whole sentence is skipped, so the
    reading has miscues whatever Whisper makes of eSpeak's voice. Path and duration (s)."""
    text = " ".join(passage["sentences"][i]["text"] for i in SENTENCES_READ)
    speech = EspeakTTS().synthesize(text, voice="fr", rate=0.8)
    pause = np.zeros(int(speech.sample_rate * 0.5), dtype=np.float32)
    samples = np.concatenate([pause, speech.samples, pause])
    path = tmp_path_factory.mktemp("reading") / "lecture.wav"
    path.write_bytes(encode(samples, speech.sample_rate, "wav"))
    return path, samples.size / speech.sample_rate


@pytest.fixture(scope="session")
def reader_browser(browser: Browser, reading_wav: tuple[Path, float]) -> Iterator[Browser]:
    """Chromium whose fake microphone reads the passage's first sentences."""
    reader = launch_with_microphone(browser, reading_wav[0])
    yield reader
    reader.close()


@pytest.fixture
def reader_page(reader_browser: Browser) -> Iterator[Page]:
    """A fresh 360-px phone page, microphone allowed, in the reading browser."""
    with phone_with_microphone(reader_browser) as page:
        yield page


# ---- helpers ----------------------------------------------------------------------------------


def open_reading(page: Page, base_url: str, passage: dict) -> None:
    """Log in as the demo student, open the passage page, wait until its words are drawn."""
    log_in(page, base_url)
    page.goto(f"{base_url}/lecture/{PASSAGE}")
    expect(page.locator("#passage .rw")).to_have_count(passage["word_count"])
    expect(page.locator("#passage")).not_to_have_attribute("aria-busy", "true")


def no_axe_violations(page: Page, axe_violations: Callable[[Page], list]) -> None:
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def shown_sentences(page: Page) -> list[int]:
    """The sentence numbers the reading view shows now (aids and repeated reading)."""
    return page.locator("#passage .rs:not([hidden])").evaluate_all(
        "nodes => nodes.map(n => Number(n.dataset.sentence))"
    )


def read_aloud(
    page: Page, seconds: float, while_recording: Callable[[], None] | None = None
) -> None:
    """« Commencer la lecture » with the keyboard, let the microphone read, « J'ai fini »."""
    page.locator("#start").focus()
    page.keyboard.press("Enter")
    stop = page.get_by_role("button", name="J'ai fini")
    expect(stop).to_be_focused()
    assert_focus_visible(page)
    started = time.monotonic()
    if while_recording:
        while_recording()
    page.wait_for_timeout(max(0.0, seconds - (time.monotonic() - started)) * 1000)
    page.keyboard.press("Enter")
    page.wait_for_function(
        """() => document.querySelector('#result-title') === document.activeElement
               || document.getElementById('reading-error').textContent.trim() !== ''""",
        timeout=RESULT_TIMEOUT,
    )
    error = page.locator("#reading-error").text_content().strip()
    assert not error, f"the reading failed: {error}"


def reading_answers(page: Page) -> list[dict]:
    """Watch (never answer) the service's answers to the page's reading uploads: they say
    which mode and sentences the page sent."""
    answers: list[dict] = []

    def keep(response: Response) -> None:
        if response.request.method == "POST" and "/api/reading/passages/" in response.url:
            answers.append(response.json() if response.ok else {"status": response.status})

    page.on("response", keep)
    return answers


# ---- the page and its reading aids ------------------------------------------------------------


def test_reading_aids_work_with_the_keyboard_and_are_remembered(
    page: Page, stack_without_rasa: str, passage: dict, axe_violations: Callable[[Page], list]
) -> None:
    open_reading(page, stack_without_rasa, passage)
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text(passage["title"])
    expect(page.get_by_role("link", name="Retour à la discussion").first).to_have_attribute(
        "href", "/chat"
    )
    no_axe_violations(page, axe_violations)
    size_before = page.locator("#passage").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")

    # Every aid is a labelled check box, reached with Tab and ticked with Space.
    page.get_by_label("Texte plus grand").focus()
    assert_focus_visible(page)
    for label in (
        "Texte plus grand",
        "Lignes et lettres plus espacées",
        "Syllabes en couleur",
        "Règle de lecture",
    ):
        expect(page.get_by_label(label)).to_be_focused()
        page.keyboard.press("Space")
        expect(page.get_by_label(label)).to_be_checked()
        page.keyboard.press("Tab")
        if label == "Lignes et lettres plus espacées":
            page.keyboard.press("Tab")  # « Une phrase à la fois » comes last, below
    size = page.locator("#passage").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size > size_before * 1.2, (size_before, size)
    spacing = page.locator("#passage").evaluate("e => getComputedStyle(e).letterSpacing")
    assert spacing not in ("normal", "0px"), spacing

    # Syllables: two alternating colours AND a thin line between them (not colour alone).
    word = page.locator("#passage .rw", has=page.locator(".syl-b")).first
    colours = word.locator(".syl").evaluate_all("s => s.map(x => getComputedStyle(x).color)")
    assert len(set(colours[:2])) == 2, colours
    line = word.locator(".syl").nth(1).evaluate("e => getComputedStyle(e).borderLeftWidth")
    assert float(line.removesuffix("px")) >= 1, line
    assert word.text_content() == passage["words"][int(word.get_attribute("data-index"))]["text"]

    # The ruler follows the arrow keys on the text.
    ruler = page.locator("#ruler")
    expect(ruler).to_be_visible()
    page.locator("#passage").focus()
    assert_focus_visible(page)
    top = ruler.evaluate("e => parseFloat(e.style.top)")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert ruler.evaluate("e => parseFloat(e.style.top)") > top

    # One sentence at a time, « Ligne suivante » from the keyboard.
    page.get_by_label("Une phrase à la fois").focus()
    page.keyboard.press("Space")
    assert len(shown_sentences(page)) == 1
    first = shown_sentences(page)[0]
    page.get_by_role("button", name="Ligne suivante").focus()
    for _ in range(4):  # the ruler goes down the sentence's lines, then to the next sentence
        page.keyboard.press("Enter")
        if shown_sentences(page)[0] != first:
            break
    assert shown_sentences(page) == [first + 1]
    expect(page.locator("#line-live")).to_have_text(
        f"Phrase {first + 2} sur {len(passage['sentences'])}."
    )
    no_axe_violations(page, axe_violations)
    assert_no_horizontal_scroll(page, PHONE["width"])

    # Remembered on this device.
    page.reload()
    expect(page.locator("#passage .rw")).to_have_count(passage["word_count"])
    for box in ("#aid-big", "#aid-spaced", "#aid-syllables", "#aid-ruler", "#aid-oneline"):
        expect(page.locator(box)).to_be_checked()
    expect(page.locator("#passage")).to_have_class(re.compile(r"\baid-oneline\b"))

    # 200 % zoom on the phone: nothing goes off the side.
    page.set_viewport_size({"width": PHONE["width"] // 2, "height": PHONE["height"] // 2})
    assert_no_horizontal_scroll(page, PHONE["width"] // 2)


def test_unknown_passage_is_explained_in_french(page: Page, stack_without_rasa: str) -> None:
    log_in(page, stack_without_rasa)
    page.goto(f"{stack_without_rasa}/lecture/pas-un-texte")
    expect(page.get_by_role("alert")).to_have_text(re.compile("Ce texte n'existe pas"))
    expect(page.locator("#start")).to_have_attribute("aria-disabled", "true")


# ---- reading aloud and the feedback -----------------------------------------------------------


def test_a_reading_aloud_gets_marked_words_wcpm_and_next_steps(
    reader_page: Page,
    stack_without_rasa: str,
    passage: dict,
    reading_wav: tuple[Path, float],
    axe_violations: Callable[[Page], list],
) -> None:
    page = reader_page
    open_reading(page, stack_without_rasa, passage)
    answers = reading_answers(page)

    # « Pendant 1 minute », chosen with the keyboard: a countdown is shown.
    page.get_by_label("Tout le texte").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Pendant 1 minute")).to_be_checked()

    def while_recording() -> None:
        expect(page.locator("#timer")).to_have_text(re.compile(r"Temps restant : 0:[45]\d"))
        expect(page.get_by_role("status")).to_contain_text("pendant 1 minute")
        no_axe_violations(page, axe_violations)

    read_aloud(page, reading_wav[1] + 0.3, while_recording)
    assert answers[-1].get("mode") == "minute"
    assert answers[-1].get("sentences") is None
    expect(page.locator("#comparison")).to_contain_text("première lecture")

    # The figures.
    wcpm = int(page.locator("#wcpm").text_content())
    assert 20 <= wcpm <= 300, wcpm
    expect(page.locator("#accuracy")).to_have_text(re.compile(r"^\d{1,3}\u00a0%$"))
    expect(page.get_by_text("mots correctement lus par minute")).to_be_visible()

    # Every passage word is drawn with the status the service gave it, marked by words as
    # well as by look. (Which words are miscues depends on what Whisper base makes of eSpeak's
    # voice, which varies; tests/fluency checks the scoring itself on exact transcripts.)
    statuses = [w["status"] for w in answers[-1]["score"]["words"]]
    marked = page.locator("#marked .mw:not(.m-inserted)")
    expect(marked).to_have_count(passage["word_count"])
    substituted = page.locator("#marked .mw.m-substituted")
    omitted = page.locator("#marked .mw.m-omitted")
    assert substituted.count() == statuses.count("substituted")
    assert omitted.count() == statuses.count("omitted")
    for i in range(substituted.count()):
        word = substituted.nth(i)
        expect(word.locator("xpath=following-sibling::span[1]")).to_have_text(re.compile("^lu : "))
        assert word.evaluate("e => getComputedStyle(e).textDecorationStyle") == "wavy"
    for i in range(omitted.count()):
        word = omitted.nth(i)
        expect(word.locator(".visually-hidden")).to_contain_text("oublié")
        assert "line-through" in word.evaluate("e => getComputedStyle(e).textDecorationLine")
    practice = page.locator("#practice-words li")
    assert practice.count() >= 1
    if substituted.count() + omitted.count():
        expect(practice.first).not_to_have_text(re.compile("^Aucun"))
    # Only a few sentences were read in « 1 minute »: the rest is « pas lu », not « oublié ».
    last = page.locator("#marked .mw").last
    expect(last).to_have_class(re.compile(r"\bm-notreached\b"))
    expect(last.locator(".visually-hidden")).to_have_text(" (pas lu)")
    expect(page.locator("#legend li")).to_have_count(8)

    # The spoken summary: its text, and its audio.
    assert page.locator("#summary").text_content().strip()
    expect(page.locator("#summary-player")).to_have_attribute("src", SPEECH_URL)
    assert page.locator("#comparison").text_content().strip()
    no_axe_violations(page, axe_violations)
    assert_no_horizontal_scroll(page, PHONE["width"])
    page.set_viewport_size({"width": PHONE["width"] // 2, "height": PHONE["height"] // 2})
    assert_no_horizontal_scroll(page, PHONE["width"] // 2)  # 200 % zoom
    page.set_viewport_size(PHONE)

    # « Écouter le texte »: the model reading highlights the word being said.
    listen = page.locator("#next-steps [data-step=listen]")
    listen.press("Enter")
    expect(page.locator("#passage .word-now")).to_have_count(1, timeout=RESULT_TIMEOUT)
    expect(listen).to_have_text("Arrêter l'écoute")
    listen.press("Enter")
    expect(page.locator("#passage .word-now")).to_have_count(0)

    # Repeated reading of the sentences with errors, when the service found some.
    reread = page.locator("#next-steps [data-step=reread_errors]")
    to_reread = next(
        (s["sentences"] for s in answers[-1]["next_steps"] if s["id"] == "reread_errors"), []
    )
    if not to_reread:
        expect(reread).to_have_count(0)
    else:
        reread.press("Enter")
        expect(page.locator("#start")).to_be_focused()
        shown = shown_sentences(page)
        assert shown == to_reread and len(shown) < len(passage["sentences"]), shown
        expect(page.get_by_role("heading", name="Les phrases à relire")).to_be_visible()
        read_aloud(page, reading_wav[1] + 0.3)
        assert answers[-1].get("sentences") == shown
        assert answers[-1].get("mode") == "whole"
        words = sum(len([w for w in passage["words"] if w["sentence"] == s]) for s in shown)
        expect(page.locator("#marked .mw:not(.m-inserted)")).to_have_count(words)

    # « Relire tout le texte »: the whole text again, then compared with the first reading.
    page.locator("#next-steps [data-step=again]").press("Enter")
    expect(page.locator("#start")).to_be_focused()
    assert len(shown_sentences(page)) == len(passage["sentences"])
    page.get_by_label("Tout le texte").check()
    read_aloud(page, reading_wav[1] + 0.3)
    assert answers[-1].get("mode") == "whole"
    assert answers[-1].get("sentences") is None
    expect(page.locator("#marked .mw:not(.m-inserted)")).to_have_count(passage["word_count"])
    expect(page.locator("#comparison")).to_contain_text("La dernière fois")


def test_a_reading_too_short_to_hear_shows_the_service_message_in_french(
    reader_page: Page, stack_without_rasa: str, passage: dict
) -> None:
    page = reader_page
    open_reading(page, stack_without_rasa, passage)
    page.locator("#start").click()
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/api/reading/passages/" in r.url,
        timeout=RESULT_TIMEOUT,
    ) as answer:
        page.get_by_role("button", name="J'ai fini").click()
    response = answer.value
    assert 400 <= response.status < 500, response.status
    message = response.json()["error"]["message_fr"]
    expect(page.get_by_role("alert")).to_have_text(message)
    expect(page.locator("#result")).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()
    expect(page.get_by_role("status")).to_be_empty()


# ---- the chat's link buttons ------------------------------------------------------------------


def test_chat_shows_a_button_with_a_url_as_a_link_to_the_reading(
    page: Page, stack_without_rasa: str, passage: dict, axe_violations: Callable[[Page], list]
) -> None:
    """The tutor's reply to « je veux m'entraîner à lire » offers passages as buttons with a
    `url`; the reply is drawn here exactly as the service sends it."""
    log_in(page, stack_without_rasa)
    page.evaluate(
        """title => showReplies([{
            text: "Voici un texte à ton niveau.",
            buttons: [
                {title: `Lire « ${title} »`, payload: "", url: "/lecture/la-cle-perdue"},
                {title: "Un autre texte", payload: "/ask_reading"},
                {title: "Ailleurs", payload: "", url: "//example.org/"},
            ],
        }])""",
        passage["title"],
    )
    choices = page.locator("#log .choices").last
    link = choices.get_by_role("link", name=f"Lire « {passage['title']} »")
    expect(link).to_have_attribute("href", "/lecture/la-cle-perdue")
    expect(link).to_have_class(re.compile(r"\bbtn\b"))
    expect(choices.get_by_role("button", name="Un autre texte")).to_be_visible()
    # Only a page of ours becomes a link.
    expect(choices.get_by_role("link", name="Ailleurs")).to_have_count(0)
    no_axe_violations(page, axe_violations)

    link.focus()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/lecture/la-cle-perdue$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(passage["title"])
