"""The login and chat pages in a real browser, on a 360-px phone screen.

Most tests talk to the running service (`stack`). A few replace only the answer of
POST /api/chat (Playwright routing) to check what the page does when the tutor is
down, the network drops, the session ends or the tutor sends buttons — cases the
real stack cannot be asked to produce on demand.
"""

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

REPLY_TIMEOUT = 30_000  # ms: a real Rasa can be slow on its first turn
LOG = '[role="log"]'
TUTOR_MESSAGES = f"{LOG} .msg-tutor"
STUDENT_MESSAGES = f"{LOG} .msg-student"


# ---- helpers -------------------------------------------------------------------------


def log_in(page: Page, stack) -> None:
    """Log in through the API (cookies are shared with the page), then open /chat."""
    username, password = stack.demo_student
    response = page.request.post(
        f"{stack.base_url}/api/auth/login", data={"username": username, "password": password}
    )
    assert response.status == 200, response.text()
    page.goto(f"{stack.base_url}/chat")
    expect(page).to_have_url(re.compile(r"/chat$"))
    # chat.js has loaded the history once the busy flag of the log is gone
    # and the intro was personalised (or at least the script ran).
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


def fake_chat_reply(page: Page, status: int, body: dict) -> list[dict]:
    """Answer POST /api/chat with `status`/`body`; return the JSON bodies the page sent."""
    sent: list[dict] = []

    def handle(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        sent.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=status, content_type="application/json", body=json.dumps(body))

    page.route("**/api/chat", handle)
    return sent


def error_body(code: str, message_fr: str) -> dict:
    return {"error": {"code": code, "message_fr": message_fr, "message_en": "(en)"}}


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
    assert scroll_width <= width, f"page is {scroll_width}px wide on a {width}px screen"


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
    log_in(page, stack)
    send_and_wait(page, "bonjour")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_chat_page_in_dys_display_has_no_axe_violations(page: Page, stack, axe_violations) -> None:
    log_in(page, stack)
    page.get_by_label("Affichage DYS").check()
    send_and_wait(page, "bonjour")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_pages_are_french_with_titles_skip_links_and_landmarks(page: Page, stack) -> None:
    for path in ("/login", "/chat"):
        if path == "/chat":
            log_in(page, stack)
        else:
            page.goto(f"{stack.base_url}{path}")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.title().strip()
        expect(page.locator("a.skip-link")).to_have_count(1)
        expect(page.get_by_role("banner")).to_have_count(1)
        expect(page.get_by_role("main")).to_have_count(1)
        expect(page.locator("form")).to_have_count(1)
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
    page.wait_for_function("() => !document.getElementById('log').hasAttribute('aria-busy')")
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
    log_in(page, stack)
    send_and_wait(page, "bonjour")
    student = page.locator(STUDENT_MESSAGES).last
    tutor = page.locator(TUTOR_MESSAGES).last
    # A screen reader hears "Toi : …" / "Rebond : …"; sighted users see the label.
    assert student.text_content().startswith("Toi :")
    assert tutor.text_content().startswith("Rebond :")
    expect(student.locator(".msg-who")).to_be_visible()
    expect(tutor.locator(".msg-who")).to_be_visible()


def test_history_is_redrawn_after_reload(page: Page, stack) -> None:
    log_in(page, stack)
    send_and_wait(page, "bonjour")
    tutor_count = page.locator(TUTOR_MESSAGES).count()
    page.reload()
    page.wait_for_function("() => !document.getElementById('log').hasAttribute('aria-busy')")
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("bonjour")
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
    log_in(page, stack)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{stack.base_url}/chat")
    expect(page).to_have_url(re.compile(r"/login$"))


# ---- when things go wrong while chatting ------------------------------------------------------


def test_tutor_down_keeps_the_text_and_shows_a_kind_alert(page: Page, stack) -> None:
    log_in(page, stack)
    fake_chat_reply(page, 503, error_body("tutor_unavailable", "Rebond fait une pause."))
    message = page.get_by_label("Ton message")
    message.fill("Je ne comprends pas les fractions")
    message.press("Enter")

    alert = page.locator("#chat-error")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Rebond fait une pause.")
    expect(message).to_have_value("Je ne comprends pas les fractions")
    expect(message).to_be_focused()
    expect(message).to_be_editable()
    # The message did not go through, so it is not shown as sent.
    expect(page.locator(STUDENT_MESSAGES).filter(has_text="fractions")).to_have_count(0)

    # Once the tutor is back, Enter resends the same text and the alert goes away.
    page.unroute("**/api/chat")
    fake_chat_reply(page, 200, {"messages": [{"text": "Pas de souci, on y va."}]})
    message.press("Enter")
    expect(page.locator(TUTOR_MESSAGES).last).to_contain_text("Pas de souci")
    expect(page.locator(STUDENT_MESSAGES).last).to_contain_text("fractions")
    expect(message).to_have_value("")
    expect(alert).to_be_empty()


def test_network_error_keeps_the_text(page: Page, stack) -> None:
    log_in(page, stack)
    page.route(
        "**/api/chat",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    message = page.get_by_label("Ton message")
    message.fill("ma réponse")
    message.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("connexion")
    expect(message).to_have_value("ma réponse")
    expect(message).to_be_focused()


@pytest.mark.parametrize(
    ("status", "code", "text"),
    [
        (413, "message_too_long", "Ton message est trop long."),
        (422, "empty_message", "Ton message est vide."),
    ],
)
def test_rejected_message_shows_message_fr(page: Page, stack, status, code, text) -> None:
    log_in(page, stack)
    fake_chat_reply(page, status, error_body(code, text))
    message = page.get_by_label("Ton message")
    message.fill("un message")
    message.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(text)
    expect(message).to_have_value("un message")


def test_expired_session_goes_to_login(page: Page, stack) -> None:
    log_in(page, stack)
    fake_chat_reply(page, 401, error_body("not_authenticated", "Connecte-toi."))
    page.get_by_label("Ton message").fill("bonjour")
    page.get_by_label("Ton message").press("Enter")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_empty_message_is_not_sent(page: Page, stack) -> None:
    log_in(page, stack)
    sent = fake_chat_reply(page, 200, {"messages": [{"text": "?"}]})
    page.get_by_label("Ton message").fill("   ")
    page.get_by_label("Ton message").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Écris d'abord ton message")
    assert sent == []


def test_busy_state_is_announced_while_rebond_writes(page: Page, stack) -> None:
    log_in(page, stack)
    release: list[Route] = []
    page.route(
        "**/api/chat",
        lambda route: release.append(route) if route.request.method == "POST" else None,
    )
    page.get_by_label("Ton message").fill("bonjour")
    page.get_by_label("Ton message").press("Enter")
    status = page.get_by_role("status")
    expect(status).to_have_text("Rebond écrit…")
    for _ in range(100):  # the route handler runs while Playwright waits
        if release:
            break
        page.wait_for_timeout(50)
    release[0].fulfill(
        status=200, content_type="application/json", body='{"messages": [{"text": "Salut !"}]}'
    )
    expect(page.locator(TUTOR_MESSAGES).last).to_contain_text("Salut !")
    expect(status).to_be_empty()


# ---- the tutor's buttons ----------------------------------------------------------------------


def test_tutor_buttons_are_real_buttons_that_send_their_payload(page: Page, stack) -> None:
    log_in(page, stack)
    payload = '/choisir_theme{"theme":"fractions"}'
    sent = fake_chat_reply(
        page,
        200,
        {
            "messages": [
                {"text": "Salut !"},
                {
                    "text": "On travaille quoi ?",
                    "buttons": [
                        {"title": "Les fractions", "payload": payload},
                        {"title": "Les équations", "payload": "/choisir_theme"},
                    ],
                },
            ]
        },
    )
    send_and_wait(page, "bonjour")
    choice = page.locator(LOG).get_by_role("button", name="Les fractions")
    expect(choice).to_be_visible()
    page.unroute("**/api/chat")
    sent = fake_chat_reply(page, 200, {"messages": [{"text": "Combien font 1/2 + 1/4 ?"}]})
    # Keyboard: focus the button and press Enter.
    choice.focus()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(TUTOR_MESSAGES).last).to_contain_text("1/2 + 1/4")
    assert sent == [{"text": payload}]
    # The transcript shows the words of the button, not the technical payload.
    expect(page.locator(STUDENT_MESSAGES).last).to_have_text(re.compile("Les fractions"))
    # Old suggestions are gone and the student is back in the message field.
    expect(page.locator(LOG).get_by_role("button", name="Les équations")).to_have_count(0)
    expect(page.get_by_label("Ton message")).to_be_focused()


# ---- phone screen, zoom and display ---------------------------------------------------------


def test_no_horizontal_scroll_on_a_360px_phone(page: Page, stack) -> None:
    page.goto(f"{stack.base_url}/login")
    assert_no_horizontal_scroll(page, 360)
    log_in(page, stack)
    send_and_wait(page, "bonjour")
    assert_no_horizontal_scroll(page, 360)
    # A very long word or link in a reply must wrap, not widen the page.
    fake_chat_reply(page, 200, {"messages": [{"text": "https://example.org/" + "x" * 300}]})
    send_and_wait(page, "y" * 300)
    assert_no_horizontal_scroll(page, 360)
    page.get_by_label("Affichage DYS").check()
    assert_no_horizontal_scroll(page, 360)


def test_no_horizontal_scroll_at_200_percent_zoom(new_context, stack) -> None:
    # 200 % zoom on a 360 × 740 phone leaves 180 × 370 CSS pixels.
    page = new_context(viewport={"width": 180, "height": 370}, device_scale_factor=2).new_page()
    page.goto(f"{stack.base_url}/login")
    assert_no_horizontal_scroll(page, 180)
    log_in(page, stack)
    fake_chat_reply(page, 200, {"messages": [{"text": "Très bien, continue comme ça !"}]})
    send_and_wait(page, "bonjour")
    assert_no_horizontal_scroll(page, 180)
    page.get_by_label("Affichage DYS").check()
    assert_no_horizontal_scroll(page, 180)


def test_text_is_at_least_16px_with_line_height_1_5(page: Page, stack) -> None:
    log_in(page, stack)
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
    log_in(page, stack)
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
    log_in(page, stack)
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
        log_in(page, stack)
        page.evaluate("document.getElementById('busy').textContent = 'Rebond écrit…'")
        animation = page.evaluate(
            "getComputedStyle(document.getElementById('busy'), '::after').animationName"
        )
        assert (animation != "none") == moving, (motion, animation)
