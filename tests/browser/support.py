"""Keyboard-only helpers and the accessibility scan for browser tests."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_keyboard(page: Page, group: str, position: int) -> None:
    """Focus a radio group by Tab, then pick an option with Space and the arrow keys."""
    tab_to(page, f'input[type="radio"][name="{group}"]')
    index_of_focus = """(g) => [...document.querySelectorAll(`input[name="${g}"]`)]
        .indexOf(document.activeElement)"""
    # Focus lands on the checked radio, if any; walk back to the top first.
    for _ in range(page.evaluate(index_of_focus, group)):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    checked = page.evaluate(
        """(g) => [...document.querySelectorAll(`input[name="${g}"]`)]
        .findIndex((r) => r.checked)""",
        group,
    )
    assert checked == position, f"{group}: wanted option {position}, got {checked}"


def serious_violations(page: Page) -> list[str]:
    """Run axe-core on the page; return serious and critical violations, described."""
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
