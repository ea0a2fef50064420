"""« Outils » on the chat page — the calculator and the brouillon — in a real browser.

The tools never talk to Rasa, so these tests run against `stack_without_rasa` (the real
service alone). Every check goes through the page as a student uses it: keys, clicks,
what is shown and what a screen reader is given.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PHONE
from tests.browser.test_login_and_chat import (
    assert_focus_visible,
    assert_no_horizontal_scroll,
    format_violations,
    log_in,
)

pytestmark = pytest.mark.browser

NB = "\u202f"  # the narrow no-break space of French typography


def q(text: str) -> str:
    """« text », with the narrow no-break spaces the page puts inside the guillemets."""
    return f"«{NB}{text}{NB}»"


TIP = " Tu peux utiliser les chiffres et + − × ÷ ^ √ π ( )."


# (what the student types, the result line the page shows and announces)
RESULTS = [
    ("3,5 × 2", "3,5 × 2 = 7"),
    ("(2+3)^2", "(2 + 3)^2 = 25"),
    ("1/3", "1 ÷ 3 ≈ 0,333333 (arrondi)"),
    ("√16", "√16 = 4"),
    ("2+3×4", "2 + 3 × 4 = 14"),
    ("-3 + 5", "−3 + 5 = 2"),
    ("-2^2", "−2^2 = −4"),  # the power first, as in maths
    ("2 * -3", "2 × −3 = −6"),
    ("2^3^2", "2^3^2 = 512"),  # right-associative: 2^(3^2)
    ("racine(9) + 1", "√(9) + 1 = 4"),
    ("racine carrée de 81", "√81 = 9"),
    ("3x4", "3 × 4 = 12"),
    ("5²", "5² = 25"),
    ("2π", "2π ≈ 6,283185 (arrondi)"),
    ("pi", "π ≈ 3,141593 (arrondi)"),
    ("0,1 + 0,2", "0,1 + 0,2 = 0,3"),
    ("3.5 + 1", "3,5 + 1 = 4,5"),
    ("12 : 4 =", "12 ÷ 4 = 3"),
    ("2(3+4)", "2(3 + 4) = 14"),
    ("2^-1", "2^−1 = 0,5"),
    ("7 − 10", "7 − 10 = −3"),
    ("1 000 × 1 000", f"1{NB}000 × 1{NB}000 = 1{NB}000{NB}000"),
    ("10^20", "10^20 = 1 × 10^20"),
    ("2 ÷ 3 × 3", "2 ÷ 3 × 3 = 2"),
    ("(√2)²", "(√2)² = 2"),  # computer noise (2,0000000000000004) is not shown
    ("123456789012,3456", f"123456789012,3456 ≈ 123{NB}456{NB}789{NB}012 (arrondi)"),
]

# (what the student types, the French sentence the page gives instead of a number)
ERRORS = [
    ("2 ÷ 0", "On ne peut pas diviser par zéro."),
    ("5 / (3 - 3)", "On ne peut pas diviser par zéro."),
    ("0^-1", "On ne peut pas diviser par zéro."),
    ("(2+3", f"Il manque une parenthèse fermante {q(')')}."),
    ("2+3)", f"Il y a une parenthèse fermante {q(')')} en trop."),
    ("2 @ 3", f"Je ne connais pas le signe {q('@')}.{TIP}"),
    ("2 + truc", f"Je ne connais pas {q('truc')}.{TIP}"),
    ("2 +", f"Il manque un nombre après {q('+')}."),
    ("× 3", f"Il manque un nombre avant {q('×')}."),
    ("2 3", f"Il manque un signe (+, −, ×, ÷) avant {q('3')}."),
    ("√-4", "On ne peut pas prendre la racine carrée d'un nombre négatif."),
    ("10^400", "Le résultat est trop grand pour la calculatrice."),
    (
        "(-8)^0,5",
        f"Un nombre négatif n'a pas de puissance à virgule{NB}: ce calcul n'a pas de résultat.",
    ),
    ("   ", "Écris d'abord un calcul, par exemple 3,5 × 2."),
]


# ---- helpers -------------------------------------------------------------------------


def toolbox_toggle(page: Page) -> Locator:
    return page.get_by_role("button", name=re.compile(r"^Outils"))


def open_tools(page: Page) -> None:
    toolbox_toggle(page).click()
    expect(toolbox_toggle(page)).to_have_attribute("aria-expanded", "true")


def calculate(page: Page, expression: str) -> None:
    field = page.get_by_label("Ton calcul")
    field.fill(expression)
    field.press("Enter")


def draft(page: Page) -> Locator:
    return page.get_by_label("Ton brouillon")


def focus_is_in_view(page: Page) -> bool:
    """The focused control is on screen and not under the sticky message box."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const r = el.getBoundingClientRect();
            const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
            const top = document.elementFromPoint(x, y);
            return Boolean(top) && (top === el || el.contains(top));
        }"""
    )


# ---- the « Outils » region ----------------------------------------------------------------


def test_tools_are_closed_on_a_phone_and_do_not_take_the_focus(
    page: Page, stack_without_rasa
) -> None:
    log_in(page, stack_without_rasa)
    toggle = toolbox_toggle(page)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "toolbox-panel")
    expect(page.get_by_label("Ton calcul")).to_be_hidden()
    expect(draft(page)).to_be_hidden()
    # Nothing of the tools is focused when the page opens: the message field stays first.
    assert page.evaluate("!document.querySelector('.toolbox').contains(document.activeElement)")
    # The region is named, and its tools are under their own headings once open.
    expect(page.get_by_role("region", name=re.compile(r"^Outils"))).to_have_count(1)
    open_tools(page)
    expect(page.get_by_role("heading", name="Calculatrice", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Brouillon", exact=True)).to_be_visible()
    # The student's choice is kept on this device.
    page.reload()
    expect(toolbox_toggle(page)).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Ton calcul")).to_be_visible()
    toolbox_toggle(page).click()
    expect(page.get_by_label("Ton calcul")).to_be_hidden()


def test_keyboard_only_use_of_both_tools(page: Page, stack_without_rasa) -> None:
    log_in(page, stack_without_rasa)
    # Skip link to the message field, then Shift-Tab back to the « Outils » button.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    message = page.get_by_label("Ton message")
    expect(message).to_be_focused()
    page.keyboard.press("Shift+Tab")
    toggle = toolbox_toggle(page)
    expect(toggle).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_be_focused()  # opening moves nothing

    # Calculator: type, Enter, read the result; then Tab to « Calculer » and Space.
    page.keyboard.press("Tab")
    calc = page.get_by_label("Ton calcul")
    expect(calc).to_be_focused()
    assert_focus_visible(page)
    assert focus_is_in_view(page)
    page.keyboard.type("3,5 × 2")
    page.keyboard.press("Enter")
    result = page.locator("#calc-result")
    expect(result).to_have_text("3,5 × 2 = 7")
    expect(calc).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type("+1")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Calculer")).to_be_focused()
    assert_focus_visible(page)
    assert focus_is_in_view(page)
    page.keyboard.press("Space")
    expect(result).to_have_text("3,5 × 2 + 1 = 8")

    # The newest result's « Ajouter à ton message » puts it in the message field.
    page.keyboard.press("Tab")
    add = page.get_by_role("button", name=f"Ajouter à ton message{NB}: 8")
    expect(add).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(message).to_have_value("8")
    expect(message).to_be_focused()

    # Brouillon: Shift-Tab back from the message field, write, clear with two presses.
    page.keyboard.press("Shift+Tab")
    clear = page.get_by_role("button", name="Tout effacer")
    expect(clear).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(draft(page)).to_be_focused()
    assert_focus_visible(page)
    assert focus_is_in_view(page)
    page.keyboard.type("aire = 3 × 4")
    page.keyboard.press("Enter")  # a new line, not a submission
    page.keyboard.type("= 12")
    expect(draft(page)).to_have_value("aire = 3 × 4\n= 12")
    page.keyboard.press("Tab")
    expect(clear).to_be_focused()
    assert focus_is_in_view(page)
    page.keyboard.press("Space")
    confirm = page.get_by_role("button", name="Confirmer l'effacement")
    expect(confirm).to_be_focused()
    expect(draft(page)).to_have_value("aire = 3 × 4\n= 12")
    page.keyboard.press("Enter")
    expect(draft(page)).to_have_value("")
    expect(page.locator("#draft-status")).to_have_text("Ton brouillon est effacé.")
    expect(clear).to_be_focused()

    # Close the tools again with the keyboard.
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(calc).to_be_hidden()


# ---- the calculator ----------------------------------------------------------------------


def test_calculator_reads_french_notation(page: Page, stack_without_rasa) -> None:
    log_in(page, stack_without_rasa)
    open_tools(page)
    result = page.locator("#calc-result")
    # Screen readers are told each result politely, without losing their place.
    expect(result).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Ton calcul")).to_have_attribute(
        "aria-describedby", re.compile(r"\bcalc-result\b")
    )
    for typed, shown in RESULTS:
        calculate(page, typed)
        expect(result, f"typed {typed!r}").to_have_text(shown)
        expect(result).not_to_have_class(re.compile("calc-error"))
    expect(page.get_by_label("Ton calcul")).not_to_have_attribute("aria-invalid", "true")


def test_calculator_errors_are_french_sentences(page: Page, stack_without_rasa) -> None:
    log_in(page, stack_without_rasa)
    open_tools(page)
    result = page.locator("#calc-result")
    field = page.get_by_label("Ton calcul")
    for typed, message in ERRORS:
        calculate(page, typed)
        expect(result, f"typed {typed!r}").to_have_text(message)
        expect(result).to_have_class(re.compile("calc-error"))
        expect(field).to_have_attribute("aria-invalid", "true")
        assert not re.search(r"NaN|Infinity|undefined", result.inner_text())
    # An error never enters the history; a good calculation clears the error state.
    expect(page.locator("#calc-history li")).to_have_count(0)
    calculate(page, "1+1")
    expect(result).to_have_text("1 + 1 = 2")
    expect(field).not_to_have_attribute("aria-invalid", "true")


def test_the_same_result_is_announced_again(page: Page, stack_without_rasa) -> None:
    """The live region gets a new node each time, so asking twice is heard twice."""
    log_in(page, stack_without_rasa)
    open_tools(page)
    calculate(page, "2+2")
    first = page.locator("#calc-result > span").element_handle()
    calculate(page, "2+2")
    expect(page.locator("#calc-result")).to_have_text("2 + 2 = 4")
    assert page.evaluate("old => !old.isConnected", first)


def test_history_keeps_five_results_and_adds_one_to_the_message(
    page: Page, stack_without_rasa
) -> None:
    log_in(page, stack_without_rasa)
    open_tools(page)
    for n in range(1, 7):
        calculate(page, f"{n} × 10")
    history = page.get_by_role("list", name="Derniers calculs")
    items = history.get_by_role("listitem")
    expect(items).to_have_count(5)  # the oldest (1 × 10) is gone
    expect(items.first).to_contain_text("6 × 10 = 60")
    expect(items.last).to_contain_text("2 × 10 = 20")

    # Each button names its result for screen readers, and adds it after what is written.
    message = page.get_by_label("Ton message")
    message.fill("Je trouve")
    history.get_by_role("button", name=f"Ajouter à ton message{NB}: 30").click()
    expect(message).to_have_value("Je trouve 30")
    expect(message).to_be_focused()
    # The message field's caret is at the end, ready for the next words.
    page.keyboard.type(" cm")
    expect(message).to_have_value("Je trouve 30 cm")

    # A message with no room left is not cut: the page says why instead.
    message.fill("a" * 1999)
    history.get_by_role("button", name=f"Ajouter à ton message{NB}: 60").click()
    expect(message).to_have_value("a" * 1999)
    expect(page.locator("#calc-result")).to_have_text(
        "Ton message est trop long pour y ajouter ce résultat."
    )


# ---- the brouillon -----------------------------------------------------------------------


def test_brouillon_is_kept_per_student_and_never_sent(page: Page, stack_without_rasa) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url + (request.post_data or "")))
    log_in(page, stack_without_rasa, "lea")
    open_tools(page)
    expect(page.get_by_text("Ton brouillon reste sur cet appareil.")).to_be_visible()
    words = "Thalès : AB/AC = 4/6"
    draft(page).fill(words)

    page.reload()
    expect(draft(page)).to_have_value(words)

    # Another student on the same computer has their own, empty brouillon.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    log_in(page, stack_without_rasa, "amina")
    expect(draft(page)).to_be_editable()
    expect(draft(page)).to_have_value("")
    draft(page).fill("brouillon d'Amina")

    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, stack_without_rasa, "lea")
    expect(draft(page)).to_have_value(words)
    assert not [entry for entry in sent if "Thalès" in entry or "Amina" in entry], sent


def test_clearing_the_brouillon_asks_first(page: Page, stack_without_rasa) -> None:
    log_in(page, stack_without_rasa)
    open_tools(page)
    draft(page).fill("à garder")
    status = page.locator("#draft-status")
    expect(status).to_have_attribute("aria-live", "polite")

    # First press: nothing is lost, the button now asks for confirmation, in words.
    page.get_by_role("button", name="Tout effacer").click()
    expect(draft(page)).to_have_value("à garder")
    expect(page.get_by_role("button", name="Confirmer l'effacement")).to_be_visible()
    confirm = q("Confirmer l'effacement")
    expect(status).to_have_text(
        f"Appuie encore sur {confirm} pour tout effacer. Sinon, ton brouillon est gardé."
    )
    # Leaving the button (Tab) or Échap gives up: the brouillon stays.
    page.get_by_role("button", name="Confirmer l'effacement").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Tout effacer")).to_be_visible()
    page.get_by_role("button", name="Tout effacer").click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Tout effacer")).to_be_visible()
    expect(draft(page)).to_have_value("à garder")
    page.reload()
    expect(draft(page)).to_have_value("à garder")

    # Two presses clear it, for good.
    page.get_by_role("button", name="Tout effacer").click()
    page.get_by_role("button", name="Confirmer l'effacement").click()
    expect(draft(page)).to_have_value("")
    expect(status).to_have_text("Ton brouillon est effacé.")
    page.reload()
    expect(draft(page)).to_be_editable()
    expect(draft(page)).to_have_value("")
    page.get_by_role("button", name="Tout effacer").click()
    expect(status).to_have_text("Ton brouillon est déjà vide.")


# ---- display preferences, accessibility audits, phone screen ----------------------------------


def test_tools_follow_the_page_text_rules_and_the_dys_display(
    page: Page, stack_without_rasa
) -> None:
    log_in(page, stack_without_rasa)
    open_tools(page)
    calculate(page, "1/3")
    # The page's reading rules: text never under 16 px, lines of text at least 1.5 apart.
    texts = page.locator(".toolbox").evaluate(
        """box => [...box.querySelectorAll('h2, h3, h4, label, p, li, input, button, textarea')]
            .map(e => {
                const s = getComputedStyle(e);
                return {
                    what: e.id || e.textContent.trim().slice(0, 30),
                    size: parseFloat(s.fontSize),
                    lines: ['P', 'LI', 'TEXTAREA'].includes(e.tagName)
                        ? parseFloat(s.lineHeight) / parseFloat(s.fontSize) : null,
                };
            })"""
    )
    assert len(texts) > 10
    assert [t for t in texts if t["size"] < 16 or (t["lines"] or 1.5) < 1.5] == [], texts

    # « Affichage DYS » reaches the tools: bigger, spaced, simpler letters.
    style = """el => {
        const s = getComputedStyle(el);
        return {size: parseFloat(s.fontSize), family: s.fontFamily, spacing: s.letterSpacing};
    }"""
    tools = {
        "calcul": page.get_by_label("Ton calcul"),
        "brouillon": page.get_by_label("Ton brouillon"),
        "résultat": page.locator("#calc-result"),
    }
    before = {name: element.evaluate(style) for name, element in tools.items()}
    page.get_by_label("Affichage DYS").check()
    for name, element in tools.items():
        dys = element.evaluate(style)
        assert dys["size"] > before[name]["size"], (name, before[name], dys)
        assert "Verdana" in dys["family"], (name, dys)
        assert dys["spacing"] not in ("normal", "0px"), (name, dys)


def test_tools_have_no_axe_violations_closed_and_open(
    page: Page, stack_without_rasa, axe_violations
) -> None:
    log_in(page, stack_without_rasa)
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)

    open_tools(page)
    calculate(page, "3,5 × 2")
    calculate(page, "2 ÷ 0")  # an error on screen too
    draft(page).fill("x = 2")
    page.get_by_role("button", name="Tout effacer").click()  # armed, asking to confirm
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)

    page.get_by_label("Affichage DYS").check()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 180, "height": 370}], ids=["360px", "200pc-zoom"]
)
def test_tools_fit_a_phone_screen(new_context, stack_without_rasa, viewport) -> None:
    page = new_context(viewport=viewport).new_page()
    log_in(page, stack_without_rasa)
    open_tools(page)
    calculate(page, "123456789 × 987654321 + 1/7")
    calculate(page, "(" * 3 + "1" + ")" * 3)
    calculate(page, "2 + " + "a" * 80)  # a long unknown word in the error message
    draft(page).fill("https://example.org/" + "x" * 300)
    assert_no_horizontal_scroll(page, viewport["width"])
    page.get_by_label("Affichage DYS").check()
    assert_no_horizontal_scroll(page, viewport["width"])
