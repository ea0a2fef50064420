"""The login and chat pages in a real browser, on a 360-px phone screen.

Every answer the page gets comes from a real service: `stack` (the real Rasa server,
action server and service) or `stack_without_rasa` (the service alone, Rasa genuinely
not running, so POST /api/chat really answers 503). Playwright routing never invents
an answer of ours: it only drops the network (a phone losing its signal) and holds a
real answer for a moment (to see the busy state).
"""

import json
import re

import pytest
from playwright.sync_api import APIResponse, BrowserContext, Page, Request, Route, expect

from assistant.seed import DEMO_PASSWORD

pytestmark = pytest.mark.browser

REPLY_TIMEOUT = 30_000  # ms: a real Rasa can be slow on its first turn
LOG = '[role="log"]'
TUTOR_MESSAGES = f"{LOG} .msg-tutor"
STUDENT_MESSAGES = f"{LOG} .msg-student"
# Demo students: most tests chat as Léa; the button test, which starts a practice,
# uses Yanis so Léa never has a question pending.
STUDENT = "lea"
BUTTON_STUDENT = "yanis"
TUTOR_DOWN = (
    "Rebond ne répond pas pour le moment. Ton message est gardé : réessaie dans une minute."
)


# ---- helpers -------------------------------------------------------------------------


def log_in(page: Page, base_url: str, username: str = STUDENT) -> None:
    """Log in through the API (cookies are shared with the page), then open /chat."""
    response = page.request.post(
        f"{base_url}/api/auth/login", data={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status == 200, response.text()
    page.goto(f"{base_url}/chat")
    expect(page).to_have_url(re.compile(r"/chat$"))
    wait_for_history(page)


def wait_for_history(page: Page) -> None:
    """Wait until chat.js has loaded and drawn the history: from its start (the deferred
    script runs before `load`) until then, it keeps the log aria-busy."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.getElementById('log').hasAttribute('aria-busy')")


def send_and_wait(page: Page, text: str) -> None:
    """Type a message, press Enter, wait for at least one new tutor message."""
    before = page.locator(TUTOR_MESSAGES).count()
    page.locator("#message").fill(text)
    page.locator("#message").press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('[role=log] .msg-tutor').length > n",
        arg=before,
        timeout=REPLY_TIMEOUT,
    )


def is_chat_post(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/api/chat")


def record_chat_posts(page: Page) -> list[dict]:
    """Watch (never answer) the page's POST /api/chat; return the JSON bodies it sends."""
    sent: list[dict] = []
    page.on(
        "request",
        lambda request: (
            sent.append(json.loads(request.post_data or "{}")) if is_chat_post(request) else None
        ),
    )
    return sent


def relative_luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_focus_visible(page: Page) -> None:
    """The focused element shows an outline of at least 2 px with a 3:1 contrast."""
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {
                style: s.outlineStyle,
                width: parseFloat(s.outlineWidth),
                color: s.outlineColor,
                page: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )
    assert style["style"] not in ("none", "hidden"), style
    assert style["width"] >= 2, style
    assert contrast(style["color"], style["page"]) >= 3, style


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(-3)
            .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))""",
        width,
    )
    assert scroll_width <= width, f"page is {scroll_width}px wide on a {width}px screen: {too_wide}"


def format_violations(violations: list) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )


# ---- accessibility audits ------------------------------------------------------------------


def test_login_page_has_no_axe_violations(page: Page, stack, axe_violations) -> None:
    page.goto(f"{stack.base_url}/login")
    expect(page).to_have_title(re.compile("Connexion"))
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_login_page_with_an_error_has_no_axe_violations(page: Page, stack, axe_violations) -> None:
    page.goto(f"{stack.base_url}/login")
    page.locator("#login-submit").click()
    expect(page.get_by_role("alert")).not_to_be_empty()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_chat_page_has_no_axe_violations_after_one_exchange(
    page: Page, stack, axe_violations
) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_chat_page_in_dys_display_has_no_axe_violations(page: Page, stack, axe_violations) -> None:
    log_in(page, stack.base_url)
    page.get_by_label("Affichage DYS").check()
    send_and_wait(page, "bonjour")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_pages_are_french_with_titles_skip_links_and_landmarks(page: Page, stack) -> None:
    for path in ("/login", "/chat"):
        if path == "/chat":
            log_in(page, stack.base_url)
        else:
            page.goto(f"{stack.base_url}{path}")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.title().strip()
        expect(page.locator("a.skip-link")).to_have_count(1)
        expect(page.get_by_role("banner")).to_have_count(1)
        expect(page.get_by_role("main")).to_have_count(1)
        expect(page.locator("form")).to_have_count(1)
        # One shared display script (the DYS toggle), no inline script.
        expect(page.locator('script[src="/static/display.js"]')).to_have_count(1)
        expect(page.locator("script:not([src])")).to_have_count(0)
    expect(page.get_by_role("form", name="Écrire à Rebond")).to_be_visible()
    log = page.get_by_role("log", name="Conversation avec Rebond")
    expect(log).to_have_attribute("aria-live", "polite")


# ---- the whole flow with the keyboard only --------------------------------------------------


def test_keyboard_only_login_then_chat(page: Page, stack) -> None:
    username, password = stack.demo_student
    page.goto(f"{stack.base_url}/login")

    # The first Tab reaches the skip link; Enter follows it to the form.
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Identifiant")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe", exact=True)).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/chat$"))

    # On the chat page the skip link leads straight to the message field.
    wait_for_history(page)
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    message = page.get_by_label("Ton message")
    expect(message).to_be_focused()
    assert_focus_visible(page)

    before = page.locator(TUTOR_MESSAGES).count()
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('[role=log] .msg-tutor').length > n",
        arg=before,
        timeout=REPLY_TIMEOUT,
    )
    # The reply is in the log region, and the student can type the next message at once.
    expect(page.locator(TUTOR_MESSAGES).last).not_to_be_empty()
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("bonjour")
    expect(message).to_have_value("")
    expect(message).to_be_focused()
    assert_focus_visible(page)
    expect(page.locator("#busy")).to_be_empty()


def test_each_message_names_who_speaks_in_words(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    student = page.locator(STUDENT_MESSAGES).last
    tutor = page.locator(TUTOR_MESSAGES).last
    # A screen reader hears "Toi : …" / "Rebond : …"; sighted users see the label.
    assert student.text_content().startswith("Toi :")
    assert tutor.text_content().startswith("Rebond :")
    expect(student.locator(".msg-who")).to_be_visible()
    expect(tutor.locator(".msg-who")).to_be_visible()


def test_history_is_redrawn_after_reload(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    tutor_count = page.locator(TUTOR_MESSAGES).count()
    page.reload()
    wait_for_history(page)
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("bonjour")
    expect(page.locator(STUDENT_MESSAGES).last).not_to_contain_text("non envoyé")
    assert page.locator(TUTOR_MESSAGES).count() >= tutor_count


# ---- login errors and access -----------------------------------------------------------------


def test_wrong_password_shows_an_alert_and_stays_on_login(page: Page, stack) -> None:
    username, _ = stack.demo_student
    page.goto(f"{stack.base_url}/login")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()

    alert = page.get_by_role("alert")
    expect(alert).to_have_text(re.compile(r"\w+"))
    expect(alert).to_be_focused()  # focus moves to the explanation
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(300)  # give a wrong redirect the time to happen
    expect(page).to_have_url(re.compile(r"/login$"))


def test_empty_login_form_is_explained_without_calling_the_service(page: Page, stack) -> None:
    page.goto(f"{stack.base_url}/login")
    page.get_by_role("button", name="Se connecter").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("identifiant")
    expect(alert).to_be_focused()


def test_login_page_does_not_show_the_demo_password(page: Page, stack) -> None:
    _, password = stack.demo_student
    page.goto(f"{stack.base_url}/login")
    assert password not in page.content()


def test_chat_without_login_goes_to_login(page: Page, stack) -> None:
    page.goto(f"{stack.base_url}/chat")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_logout_button_ends_the_session(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{stack.base_url}/chat")
    expect(page).to_have_url(re.compile(r"/login$"))


# ---- when things go wrong while chatting ------------------------------------------------------


def test_tutor_down_keeps_the_text_and_shows_a_kind_alert(page: Page, stack_without_rasa) -> None:
    log_in(page, stack_without_rasa)
    message = page.get_by_label("Ton message")
    message.fill("Je ne comprends pas les fractions")
    message.press("Enter")

    # The real service, with Rasa not running, answers 503 and its message_fr.
    alert = page.locator("#chat-error")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_have_text(TUTOR_DOWN)
    expect(message).to_have_value("Je ne comprends pas les fractions")
    expect(message).to_be_focused()
    expect(message).to_be_editable()
    # The message did not go through, so it is not shown as sent.
    expect(page.locator(STUDENT_MESSAGES).filter(has_text="fractions")).to_have_count(0)

    # Nothing is lost: the service kept it, and the history shows it as not sent.
    page.reload()
    wait_for_history(page)
    kept = page.locator(STUDENT_MESSAGES).filter(has_text="Je ne comprends pas les fractions")
    expect(kept).to_have_count(1)
    expect(kept).to_contain_text("(non envoyé)")


def test_unsent_message_is_marked_in_words_in_the_history(
    page: Page, stack_without_rasa, axe_violations
) -> None:
    log_in(page, stack_without_rasa)
    page.get_by_label("Ton message").fill("Et Thalès, ça sert à quoi")
    page.get_by_label("Ton message").press("Enter")
    expect(page.get_by_role("alert")).to_have_text(TUTOR_DOWN)

    page.reload()
    wait_for_history(page)
    unsent = page.locator(STUDENT_MESSAGES).filter(has_text="Thalès").last
    # Written, not shown by colour alone: a screen reader hears it too.
    expect(unsent).to_have_text("Toi : Et Thalès, ça sert à quoi (non envoyé)")
    expect(unsent.locator(".msg-note")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_network_error_keeps_the_text(page: Page, stack) -> None:
    """A phone losing its network cannot be produced otherwise, so this one test drops the
    request with Playwright (`route.abort()`); nothing answers in the service's place.
    Once the network is back, the same text goes to the real stack."""
    log_in(page, stack.base_url)
    page.route(
        "**/api/chat",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    message = page.get_by_label("Ton message")
    message.fill("bonjour Rebond")
    message.press("Enter")
    alert = page.locator("#chat-error")  # role="alert"; once emptied it leaves the a11y tree
    expect(alert).to_contain_text("connexion")
    expect(message).to_have_value("bonjour Rebond")
    expect(message).to_be_focused()
    expect(page.locator(STUDENT_MESSAGES).filter(has_text="bonjour Rebond")).to_have_count(0)

    # The network is back: Enter resends the same text and the alert goes away.
    page.unroute("**/api/chat")
    before = page.locator(TUTOR_MESSAGES).count()
    message.press("Enter")
    expect(page.locator(TUTOR_MESSAGES)).not_to_have_count(before, timeout=REPLY_TIMEOUT)
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("bonjour Rebond")
    expect(message).to_have_value("")
    expect(alert).to_be_empty()


def test_message_over_the_limit_shows_the_services_message(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    message = page.get_by_label("Ton message")
    # The field stops at 2000 characters; without that limit the service still refuses.
    message.evaluate("field => field.removeAttribute('maxlength')")
    too_long = "a" * 2001
    message.fill(too_long)
    sent = page.locator(STUDENT_MESSAGES).count()
    message.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("2000 caractères")  # the 413 message_fr
    expect(message).to_have_value(too_long)
    expect(page.locator(STUDENT_MESSAGES)).to_have_count(sent)


def test_blank_message_the_page_lets_through_shows_the_services_message(page: Page, stack) -> None:
    """JavaScript's trim() keeps U+0085 (next line) but Python's strip() removes it, so the
    page sends this blank message and the real service answers 422 with its message_fr."""
    log_in(page, stack.base_url)
    message = page.get_by_label("Ton message")
    message.fill("\u0085")
    with page.expect_response(lambda r: is_chat_post(r.request)) as answer:
        message.press("Enter")
    assert answer.value.status == 422
    expect(page.get_by_role("alert")).to_have_text("Ton message est vide. Écris quelque chose.")
    expect(message).to_have_value("\u0085")


def test_expired_session_goes_to_login(page: Page, context: BrowserContext, stack) -> None:
    log_in(page, stack.base_url)
    context.clear_cookies()  # the session really ends: the service answers 401
    page.get_by_label("Ton message").fill("bonjour")
    with page.expect_response(lambda r: is_chat_post(r.request)) as answer:
        page.get_by_label("Ton message").press("Enter")
    assert answer.value.status == 401
    expect(page).to_have_url(re.compile(r"/login$"))


def test_empty_message_is_not_sent(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    sent = record_chat_posts(page)
    page.get_by_label("Ton message").fill("   ")
    page.get_by_label("Ton message").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Écris d'abord ton message")
    page.wait_for_timeout(300)  # give a wrong request the time to leave
    assert sent == []


def test_busy_state_is_announced_while_rebond_writes(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    held: list[tuple[Route, APIResponse]] = []

    def hold(route: Route) -> None:
        """Get the real server's answer, but keep it from the page for now."""
        if route.request.method != "POST":
            route.continue_()
            return
        held.append((route, route.fetch(timeout=REPLY_TIMEOUT)))

    page.route("**/api/chat", hold)
    before = page.locator(TUTOR_MESSAGES).count()
    page.get_by_label("Ton message").fill("bonjour")
    page.get_by_label("Ton message").press("Enter")
    status = page.get_by_role("status")
    expect(status).to_have_text("Rebond écrit…")
    for _ in range(REPLY_TIMEOUT // 50):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never sent its message"
    # The real answer has arrived but is held: Rebond is still shown as writing.
    expect(status).to_have_text("Rebond écrit…")
    expect(page.locator("#send")).to_have_attribute("aria-disabled", "true")
    route, response = held[0]
    assert response.status == 200, response.text()
    route.fulfill(response=response)
    expect(page.locator(TUTOR_MESSAGES)).not_to_have_count(before)
    expect(page.locator(TUTOR_MESSAGES).last).not_to_be_empty()
    expect(status).to_be_empty()
    expect(page.locator("#send")).not_to_have_attribute("aria-disabled", "true")


# ---- the tutor's buttons ----------------------------------------------------------------------


def test_tutor_buttons_are_real_buttons_that_send_their_payload(page: Page, stack) -> None:
    log_in(page, stack.base_url, BUTTON_STUDENT)
    send_and_wait(page, "stop")  # leave any practice under way: "bonjour" then offers the menu
    send_and_wait(page, "bonjour")
    expect(page.locator(TUTOR_MESSAGES).last).to_contain_text("Tu veux faire quoi ?")
    choices = page.locator(LOG).get_by_role("group", name="Réponses proposées")
    expect(choices).to_have_count(1)
    maths = choices.get_by_role("button", name="Faire des maths")
    text = choices.get_by_role("button", name="Comprendre un texte")
    advice = choices.get_by_role("button", name="Que me conseilles-tu ?")
    for button in (maths, text, advice):
        expect(button).to_be_visible()
    assert (
        choices.locator("button").evaluate_all("bs => bs.map(b => [b.tagName, b.type])")
        == [["BUTTON", "button"]] * 3
    )

    # Keyboard: Tab goes from the header to the suggestions, then Enter picks one.
    page.get_by_role("button", name="Se déconnecter").focus()
    page.keyboard.press("Tab")
    expect(maths).to_be_focused()
    assert_focus_visible(page)
    before = page.locator(TUTOR_MESSAGES).count()
    with page.expect_request(is_chat_post) as request:
        page.keyboard.press("Enter")
    # The payload goes to Rasa; the title is the label the transcript keeps.
    assert request.value.post_data_json == {"text": "/start_maths", "label": "Faire des maths"}
    expect(page.locator(TUTOR_MESSAGES)).not_to_have_count(before, timeout=REPLY_TIMEOUT)
    expect(page.locator(TUTOR_MESSAGES).filter(has_text="C'est parti pour")).to_have_count(1)
    # The transcript shows the words of the button, not the technical payload.
    expect(page.locator(STUDENT_MESSAGES).last).to_have_text("Toi : Faire des maths")
    # Old suggestions are gone and the student is back in the message field.
    expect(page.locator(LOG).get_by_role("button", name="Que me conseilles-tu ?")).to_have_count(0)
    expect(page.get_by_label("Ton message")).to_be_focused()

    # After a reload, the saved history still shows the button's words.
    page.reload()
    wait_for_history(page)
    expect(page.locator(STUDENT_MESSAGES).last).to_have_text("Toi : Faire des maths")
    expect(page.locator(LOG)).to_contain_text("C'est parti pour")
    expect(page.locator(LOG)).not_to_contain_text("/start_maths")
    send_and_wait(page, "stop")  # leave no question pending for other tests


# ---- phone screen, zoom and display ---------------------------------------------------------


def test_no_horizontal_scroll_on_a_360px_phone(page: Page, stack) -> None:
    page.goto(f"{stack.base_url}/login")
    assert_no_horizontal_scroll(page, 360)
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    assert_no_horizontal_scroll(page, 360)
    # A very long word or link in a message must wrap, not widen the page. The tutor
    # only says what it wrote itself, so the long link is the student's message.
    send_and_wait(page, "https://example.org/" + "x" * 300)
    assert_no_horizontal_scroll(page, 360)
    page.get_by_label("Affichage DYS").check()
    assert_no_horizontal_scroll(page, 360)


def test_no_horizontal_scroll_at_200_percent_zoom(new_context, stack) -> None:
    # 200 % zoom on a 360 × 740 phone leaves 180 × 370 CSS pixels.
    page = new_context(viewport={"width": 180, "height": 370}, device_scale_factor=2).new_page()
    page.goto(f"{stack.base_url}/login")
    assert_no_horizontal_scroll(page, 180)
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    assert_no_horizontal_scroll(page, 180)
    page.get_by_label("Affichage DYS").check()
    assert_no_horizontal_scroll(page, 180)


def test_text_is_at_least_16px_with_line_height_1_5(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    send_and_wait(page, "bonjour")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.msg-text, label, input, button, p')]
            .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes
    assert min(sizes) >= 16, sizes
    message_line_height = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.msg-text'));"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()"
    )
    assert message_line_height >= 1.5


def test_dys_display_changes_the_font_size_and_is_remembered(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    font_size = "() => parseFloat(getComputedStyle(document.getElementById('message')).fontSize)"
    normal = page.evaluate(font_size)

    toggle = page.get_by_label("Affichage DYS")
    expect(toggle).not_to_be_checked()
    toggle.focus()
    assert_focus_visible(page)
    page.keyboard.press("Space")  # operable with the keyboard
    expect(toggle).to_be_checked()
    bigger = page.evaluate(font_size)
    assert bigger > normal
    spacing = page.evaluate("getComputedStyle(document.body).letterSpacing")
    assert spacing not in ("normal", "0px")

    page.reload()
    expect(page.get_by_label("Affichage DYS")).to_be_checked()
    assert page.evaluate(font_size) == bigger

    # The choice also follows the student to the login page.
    page.goto(f"{stack.base_url}/login")
    expect(page.get_by_label("Affichage DYS")).to_be_checked()

    page.get_by_label("Affichage DYS").uncheck()
    page.goto(f"{stack.base_url}/chat")
    assert page.evaluate(font_size) == normal


def test_character_hint_near_the_limit(page: Page, stack) -> None:
    log_in(page, stack.base_url)
    message = page.get_by_label("Ton message")
    expect(message).to_have_attribute("maxlength", "2000")
    hint = page.locator("#count-hint")
    message.fill("a" * 100)
    expect(hint).to_be_empty()
    message.fill("a" * 1950)
    expect(hint).to_contain_text("50 caractères")
    # The hint is tied to the field, so screen readers hear it too.
    expect(message).to_have_attribute("aria-describedby", "count-hint")
    message.fill("a" * 2000)
    expect(hint).to_contain_text("limite")


def test_reduced_motion_stops_the_busy_animation(new_context, stack) -> None:
    for motion, moving in (("no-preference", True), ("reduce", False)):
        page = new_context(reduced_motion=motion).new_page()
        log_in(page, stack.base_url)
        page.evaluate("document.getElementById('busy').textContent = 'Rebond écrit…'")
        animation = page.evaluate(
            "getComputedStyle(document.getElementById('busy'), '::after').animationName"
        )
        assert (animation != "none") == moving, (motion, animation)
