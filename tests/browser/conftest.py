"""Fixtures for the browser tests: Debian's chromium driven by Playwright, and axe-core.

The running service comes from the `stack` session fixture in tests/conftest.py;
`stack_without_rasa` is a second, service-only stack whose Rasa never runs.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from assistant.launcher import Stack, isolated_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
# The WCAG 2.0 and 2.1 rules, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (it installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def launch_with_microphone(browser: Browser, wav: Path) -> Browser:
    """A second Chromium whose fake capture device (standing in for a microphone) plays
    `wav` in a loop. Launched through the session browser's Playwright: one process can run
    only one sync Playwright at a time."""
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    return browser.browser_type.launch(executable_path=CHROMIUM, args=args)


@contextmanager
def phone_with_microphone(browser: Browser) -> Iterator[Page]:
    """A fresh 360-px phone page with the microphone allowed, closed on exit."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    context.grant_permissions(["microphone"])
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def stack_without_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real service whose Rasa is genuinely not running (own data, demo
    accounts seeded): its POST /api/chat really answers 503 and keeps the message."""
    stack = Stack(isolated_settings(tmp_path_factory.mktemp("norasa")), only=("service",))
    stack.start()
    try:
        yield stack.settings.public_url
    finally:
        stack.stop()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for fresh contexts (own cookies and localStorage), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        settings = {
            "viewport": PHONE,
            "locale": "fr-FR",
            # The service may send a strict Content-Security-Policy; axe is injected
            # as an inline script, so the test context bypasses CSP.
            "bypass_csp": True,
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A fresh page on a 360 × 740 phone screen."""
    return context.new_page()


def run_axe(page: Page) -> list:
    """Run axe-core on the page with the WCAG 2.0/2.1 A and AA rules; return the violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make setup` (it runs `npm ci` for axe-core).")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations;
        }""",
        AXE_TAGS,
    )


@pytest.fixture
def axe_violations() -> Callable[[Page], list]:
    """`axe_violations(page)` -> list of axe-core violations (empty when the page passes)."""
    return run_axe
