"""Comprehension and étude de la langue in the chat page, in Debian chromium: the passage and
its question with answer buttons, a dictation that shows a blank but is heard whole, and no
axe violations on a phone screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_and_chat import (
    REPLY_TIMEOUT,
    TUTOR_MESSAGES,
    assert_no_horizontal_scroll,
    format_violations,
    log_in,
    send_and_wait,
)

pytestmark = pytest.mark.browser


def test_a_text_and_its_question_with_answer_buttons(page: Page, stack, axe_violations) -> None:
    log_in(page, stack.base_url, "amina")
    send_and_wait(page, "je veux travailler la compréhension d'un texte")
    messages = page.locator(TUTOR_MESSAGES)
    expect(messages.filter(has_text="Voici un texte")).to_have_count(1, timeout=REPLY_TIMEOUT)
    question = messages.last
    expect(question).to_contain_text("Question 1 sur")
    buttons = question.get_by_role("button")
    if buttons.filter(has_text="A)").count():  # multiple choice: one button per choice
        expect(buttons.filter(has_text="B)")).to_have_count(1)
    assert_no_horizontal_scroll(page, 360)
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_a_dictation_is_heard_whole_but_shown_with_a_blank(page: Page, stack) -> None:
    log_in(page, stack.base_url, "amina")
    send_and_wait(page, "je veux travailler les sons")
    for _ in range(6):  # skip to the module's first dictation
        if "seulement le mot qui manque" in page.locator(TUTOR_MESSAGES).last.inner_text():
            break
        send_and_wait(page, "je passe")
    dictation = page.locator(TUTOR_MESSAGES).last
    texts = page.locator(TUTOR_MESSAGES).all_inner_texts()[-4:]
    assert "___" in dictation.inner_text(), texts
    with page.expect_request("**/api/speak") as spoken:
        dictation.get_by_role("button", name="Écouter ce message").click()
    said = spoken.value.post_data_json["text"]
    assert "___" not in said and said.count("Je répète") == 1
