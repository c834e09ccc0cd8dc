"""The review app in Debian's Chromium, served by `aes review serve` in a subprocess."""

import re
from pathlib import Path

import playwright.sync_api as playwright  # a test dependency (pyproject): missing is an error, not a skip
import pytest
from review_server import served_by_the_command
from test_review_support import PASSWORD, make_dossier, setup

import criteria
from review.corrections import Change, apply_change

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
expect = playwright.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`aes review serve` on port 0: the system gives it a free port, which uvicorn's log names."""
    out, _ = setup(tmp_path_factory.mktemp("browser"), make_dossier("R0001"), make_dossier("R0002"))
    with served_by_the_command(out) as base:
        yield base


def _page(browser, errors: list[str]):
    page = browser.new_page()
    # A CSP violation or a script error shows up as a console error.
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def _log_in(page, base: str, path: str) -> None:
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/login"))
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")


def test_a_reviewer_corrects_a_date_and_sees_the_criterion_change(server, browser):
    original = make_dossier("R0001")
    corrected, _ = apply_change(original, Change("tcf.pdf", "issue_date", "2024-09-16", "relu"))
    before = {c.id: c.status for c in criteria.assess(original).criteria}
    after = {c.id: c.status for c in criteria.assess(corrected).criteria}
    changed = [cid for cid in before if before[cid] != after.get(cid)]
    assert changed, "precondition: correcting the TCF's issue date must move a criterion"
    criterion = changed[0]

    errors: list[str] = []
    page = _page(browser, errors)
    _log_in(page, server, "/")
    expect(page.locator("h1")).to_have_text("File de revue")
    page.click("a[href='/dossiers/R0001']")
    status = page.locator(f"#crit-{criterion} .status")
    expect(status).to_have_attribute("data-status", before[criterion])

    row = page.locator("#fact-0-issue-date")
    row.locator("a.value").click()
    expect(page.locator("#box-0-issue-date")).to_have_class(re.compile(r"\bactive\b"))
    expect(row).to_contain_text("60 %")
    row.locator("input[type=date]").fill("2024-09-16")
    row.locator("input[name=reason]").fill("Date relue sur l'original")
    row.locator("button[value=correct]").click()

    expect(page.locator("#message")).to_contain_text("version 2")
    expect(page.locator(f"#crit-{criterion} .status")).to_have_attribute("data-status", after[criterion])
    line = page.locator("#journal .audit-line").first
    expect(line).to_contain_text("alice")
    expect(line).to_contain_text("10/01/2022")
    expect(line).to_contain_text("16/09/2024")
    expect(line).to_contain_text("Date relue sur l'original")
    expect(page.locator("#fact-0-issue-date .badge")).to_have_text("relu")

    page.click("text=Se déconnecter")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{server}/dossiers/R0001")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert errors == []


def test_a_click_on_the_page_places_a_missed_value(server, browser):
    errors: list[str] = []
    page = _page(browser, errors)
    _log_in(page, server, "/dossiers/R0002")
    document = page.locator("#doc-0")
    document.locator("details.add summary").click()
    form = document.locator("form.add-fact", has=page.locator("input[name=field][value=period_start]"))
    form.locator("input[type=date]").fill("2021-12-01")
    overlay = document.locator("svg.overlay")
    box = overlay.bounding_box()
    # Click where (300, 400) page points are drawn, whatever the image's displayed size.
    scale = box["width"] / (826 * 72 / 100)
    overlay.click(position={"x": 300 * scale, "y": 400 * scale})
    x0, y0, x1, y1 = (float(v) for v in form.locator("input[name=bbox]").input_value().split(","))
    assert abs((x0 + x1) / 2 - 300) < 2 and abs((y0 + y1) / 2 - 400) < 2
    form.locator("input[name=reason]").fill("Période lue en haut de page")
    form.locator("button[value=add]").click()

    expect(page.locator("#fact-0-period-start a.value")).to_have_text("01/12/2021")
    rect = page.locator("#box-0-period-start")
    assert abs(float(rect.get_attribute("x")) - x0) < 0.1 and abs(float(rect.get_attribute("y")) - y0) < 0.1
    expect(page.locator("#journal .audit-line").first).to_contain_text("Ajouté")
    assert errors == []
