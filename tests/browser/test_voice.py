"""Voice on the chat page in a real browser: « Parler », « Écouter », reading aloud.

Every answer the page gets comes from the real stack (`stack`: Rasa, actions, service
with its speech engines). A browser microphone cannot exist in CI, so the recording
tests run in a dedicated Chromium whose FAKE capture device stands in for a microphone:
`--use-file-for-fake-audio-capture` plays a WAV of French synthesised here by eSpeak
(« je veux faire des maths »), and `--use-fake-ui-for-media-stream` answers the
permission prompt. eSpeak's French is hard for Whisper, so the tests check that a
transcript and a tutor reply appear, not the exact words.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from speech.audio import encode
from speech.tts.espeak import EspeakTTS
from tests.browser.conftest import PHONE, launch_with_microphone, phone_with_microphone
from tests.browser.test_login_and_chat import (
    REPLY_TIMEOUT,
    STUDENT_MESSAGES,
    TUTOR_MESSAGES,
    assert_focus_visible,
    assert_no_horizontal_scroll,
    format_violations,
    log_in,
    record_chat_posts,
    send_and_wait,
    wait_for_history,
)

pytestmark = pytest.mark.browser

SPEECH_URL = re.compile(r"/api/speech/[^/]+\.ogg$")
RECORD_SECONDS = 4  # the fake device loops the WAV: this hears the sentence about twice


# ---- a browser with a fake microphone ------------------------------------------------------


@pytest.fixture(scope="session")
def french_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """« je veux faire des maths » in eSpeak's French, with a little silence around it."""
    speech = EspeakTTS().synthesize("je veux faire des maths", voice="fr")
    pause = np.zeros(int(speech.sample_rate * 0.4), dtype=np.float32)
    samples = np.concatenate([pause, speech.samples, pause])
    path = tmp_path_factory.mktemp("voice") / "je-veux-faire-des-maths.wav"
    path.write_bytes(encode(samples, speech.sample_rate, "wav"))
    return path


@pytest.fixture(scope="session")
def mic_browser(browser: Browser, french_wav: Path) -> Iterator[Browser]:
    """Chromium whose fake microphone says the French sentence."""
    mic = launch_with_microphone(browser, french_wav)
    yield mic
    mic.close()


@pytest.fixture
def mic_page(mic_browser: Browser) -> Iterator[Page]:
    """A fresh 360-px phone page, microphone allowed, in the fake-microphone browser."""
    with phone_with_microphone(mic_browser) as page:
        yield page


# ---- helpers ----------------------------------------------------------------------------------


def talk_button(page: Page):
    return page.locator("#talk")


def speak_and_wait(page: Page, seconds: float = RECORD_SECONDS) -> None:
    """Press « Parler », let the fake microphone speak, press again; wait for the reply."""
    tutor_before = page.locator(TUTOR_MESSAGES).count()
    talk = talk_button(page)
    talk.click()
    expect(talk).to_have_attribute("aria-pressed", "true")
    expect(talk).to_have_text(re.compile("J'écoute… Appuie pour envoyer"))
    page.wait_for_timeout(seconds * 1000)
    talk.click()
    expect(talk).to_have_attribute("aria-pressed", "false")
    page.wait_for_function(
        """n => document.querySelectorAll('[role=log] .msg-tutor').length > n
               || document.getElementById('chat-error').textContent.trim() !== ''""",
        arg=tutor_before,
        timeout=REPLY_TIMEOUT * 2,
    )
    error = page.locator("#chat-error").text_content().strip()
    assert not error, f"the voice turn failed: {error}"


def spoken_transcript(page: Page) -> str:
    """The last student bubble's text, without the hidden « (dit à voix haute) »."""
    return page.locator(STUDENT_MESSAGES).last.evaluate(
        """el => {
            const body = el.querySelector('.msg-text').cloneNode(true);
            body.querySelectorAll('.visually-hidden').forEach(n => n.remove());
            return body.textContent.trim();
        }"""
    )


def wait_for_audio(page: Page) -> dict:
    """Wait until the page's <audio> has a /api/speech/….ogg source it could load."""
    page.wait_for_function(
        """() => {
            const a = document.getElementById('voice-player');
            return a && /\\/api\\/speech\\/[^/]+\\.ogg$/.test(a.src)
                && (a.readyState >= 1 || a.duration > 0);
        }""",
        timeout=REPLY_TIMEOUT,
    )
    return page.evaluate(
        """() => {
            const a = document.getElementById('voice-player');
            return {src: a.src, readyState: a.readyState, duration: a.duration};
        }"""
    )


# ---- « Parler » ------------------------------------------------------------------------------


def test_speaking_shows_what_rebond_understood_then_its_reply(mic_page: Page, stack) -> None:
    log_in(mic_page, stack.base_url)
    students_before = mic_page.locator(STUDENT_MESSAGES).count()
    tutors_before = mic_page.locator(TUTOR_MESSAGES).count()
    speak_and_wait(mic_page)

    assert mic_page.locator(STUDENT_MESSAGES).count() == students_before + 1
    student = mic_page.locator(STUDENT_MESSAGES).last
    # « Toi : … » with a hidden note for screen readers that it was said aloud.
    assert student.text_content().startswith("Toi :")
    expect(student.locator(".visually-hidden", has_text="(dit à voix haute)")).to_have_count(1)
    assert spoken_transcript(mic_page), "the transcript is empty"

    assert mic_page.locator(TUTOR_MESSAGES).count() > tutors_before
    tutor = mic_page.locator(TUTOR_MESSAGES).last
    assert tutor.text_content().startswith("Rebond :")
    expect(tutor.get_by_role("button", name="Écouter ce message")).to_be_visible()
    expect(mic_page.locator("#busy")).to_be_empty()


def test_speaking_works_with_the_keyboard_and_keeps_focus_visible(mic_page: Page, stack) -> None:
    log_in(mic_page, stack.base_url)
    mic_page.get_by_label("Ton message").focus()
    mic_page.keyboard.press("Tab")
    expect(mic_page.get_by_role("button", name="Envoyer")).to_be_focused()
    mic_page.keyboard.press("Tab")
    talk = talk_button(mic_page)
    expect(talk).to_be_focused()
    expect(talk).to_have_accessible_name("Parler")
    assert_focus_visible(mic_page)

    tutors_before = mic_page.locator(TUTOR_MESSAGES).count()
    mic_page.keyboard.press("Enter")
    expect(talk).to_have_attribute("aria-pressed", "true")
    expect(talk).to_be_focused()
    mic_page.wait_for_timeout(RECORD_SECONDS * 1000)
    mic_page.keyboard.press("Space")
    mic_page.wait_for_function(
        """n => document.querySelectorAll('[role=log] .msg-tutor').length > n
               || document.getElementById('chat-error').textContent.trim() !== ''""",
        arg=tutors_before,
        timeout=REPLY_TIMEOUT * 2,
    )
    assert not mic_page.locator("#chat-error").text_content().strip()
    # The student can talk again at once, without looking for the button.
    expect(talk).to_be_focused()
    expect(talk).to_have_attribute("aria-pressed", "false")


def test_chat_page_while_recording_has_no_axe_violations_and_fits_a_phone(
    mic_page: Page, stack, axe_violations
) -> None:
    log_in(mic_page, stack.base_url)
    talk_button(mic_page).click()
    expect(talk_button(mic_page)).to_have_attribute("aria-pressed", "true")
    # The red dot is decoration: the name is the visible words only.
    expect(talk_button(mic_page)).to_have_accessible_name("J'écoute… Appuie pour envoyer")
    expect(mic_page.locator("#busy")).to_have_text("Rebond t'écoute…")
    assert_no_horizontal_scroll(mic_page, PHONE["width"])
    violations = axe_violations(mic_page)
    assert violations == [], format_violations(violations)
    talk_button(mic_page).click()  # send it, so the turn does not outlive the test
    expect(talk_button(mic_page)).to_have_attribute("aria-pressed", "false")


def test_without_a_microphone_the_page_says_so_and_typing_still_works(
    new_context: Callable[..., BrowserContext], stack
) -> None:
    context = new_context()
    # A browser without microphone support at all (old phone browser).
    context.add_init_script("delete Navigator.prototype.mediaDevices; delete window.MediaRecorder;")
    page = context.new_page()
    log_in(page, stack.base_url)
    talk_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("écrire ton message")
    expect(talk_button(page)).to_have_attribute("aria-pressed", "false")
    send_and_wait(page, "bonjour")
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("bonjour")


def test_refused_microphone_is_explained_kindly(page: Page, stack) -> None:
    """The ordinary test browser has no fake device and no permission: getUserMedia fails."""
    log_in(page, stack.base_url)
    talk_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile("micro|navigateur"))
    expect(alert).to_contain_text("écrire ton message")
    expect(talk_button(page)).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_label("Ton message")).to_be_editable()


# ---- « Écouter » -----------------------------------------------------------------------------


def test_listen_button_plays_the_message(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    listen = page.locator(TUTOR_MESSAGES).last.get_by_role("button", name="Écouter ce message")
    expect(listen).to_be_visible()
    listen.click()
    audio = wait_for_audio(page)
    assert SPEECH_URL.search(audio["src"]), audio
    assert audio["readyState"] >= 1 or audio["duration"] > 0, audio


def test_keyboard_reaches_the_listen_buttons_and_plays(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    send_and_wait(page, "bonjour")
    page.locator("#autoread-toggle").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('btn-listen')"):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name("Écouter ce message")
    assert_focus_visible(page)
    # One Tab stop for all the « Écouter » buttons: the newest message's.
    tab_stops = page.locator(f"{TUTOR_MESSAGES} .btn-listen:not([tabindex='-1'])")
    expect(tab_stops).to_have_count(1)
    assert focused.evaluate(
        "el => el === document.querySelector('#log .msg-tutor:last-child .btn-listen')"
    )
    # The arrow keys reach the older messages' buttons.
    page.keyboard.press("ArrowUp")
    expect(page.locator(TUTOR_MESSAGES).nth(-2).locator(".btn-listen")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    audio = wait_for_audio(page)
    assert SPEECH_URL.search(audio["src"]), audio


def test_chat_page_with_voice_controls_has_no_axe_violations(
    page: Page, stack, axe_violations
) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    expect(page.get_by_role("button", name="Parler")).to_be_visible()
    expect(page.get_by_label("Lire les messages à voix haute")).to_be_visible()
    expect(page.get_by_role("button", name="Écouter ce message").first).to_be_visible()
    page.get_by_role("button", name="Écouter ce message").last.click()
    wait_for_audio(page)
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert_no_horizontal_scroll(page, PHONE["width"])


# ---- « Lire les messages à voix haute » ----------------------------------------------------


def test_autoread_is_remembered_and_asks_for_speech(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    autoread = page.get_by_label("Lire les messages à voix haute")
    expect(autoread).not_to_be_checked()
    autoread.check()
    assert page.evaluate("localStorage.getItem('rebond.voice.autoread')") == "1"

    page.reload()
    wait_for_history(page)
    expect(page.get_by_label("Lire les messages à voix haute")).to_be_checked()

    sent = record_chat_posts(page)
    send_and_wait(page, "bonjour")
    assert sent and sent[-1].get("speak") is True, sent
    # The reply is read at once: the player gets its audio without any click.
    audio = wait_for_audio(page)
    assert SPEECH_URL.search(audio["src"]), audio

    page.get_by_label("Lire les messages à voix haute").uncheck()
    sent.clear()
    send_and_wait(page, "bonjour")
    assert sent and "speak" not in sent[-1], sent


def test_the_word_being_read_is_highlighted_and_the_text_is_unchanged(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    tutor = page.locator(TUTOR_MESSAGES).last
    text_before = tutor.locator(".msg-text").text_content()
    tutor.get_by_role("button", name="Écouter ce message").click()
    # While it plays, the button says how to stop it, and one word is marked.
    expect(tutor.get_by_role("button", name="Arrêter la lecture")).to_be_visible()
    expect(tutor.locator(".msg-text .word-now")).to_have_count(1, timeout=REPLY_TIMEOUT)
    assert tutor.locator(".msg-text").text_content() == text_before
    # The mark is not colour alone: the word is also underlined.
    decoration = tutor.locator(".word-now").evaluate(
        "el => getComputedStyle(el).textDecorationLine"
    )
    assert "underline" in decoration
    tutor.get_by_role("button", name="Arrêter la lecture").click()
    expect(tutor.get_by_role("button", name="Écouter ce message")).to_be_visible()
    expect(tutor.locator(".word-now")).to_have_count(0)


def test_spoken_turn_is_read_aloud_when_the_option_is_on(mic_page: Page, stack) -> None:
    log_in(mic_page, stack.base_url)
    mic_page.get_by_label("Lire les messages à voix haute").check()
    speak_and_wait(mic_page)
    # The reply's own audio_url is played without any click on « Écouter ».
    audio = wait_for_audio(mic_page)
    assert SPEECH_URL.search(audio["src"]), audio
