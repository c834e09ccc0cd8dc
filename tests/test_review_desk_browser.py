"""The desk's request page and « Imprimer » in Debian's Chromium, against `aes review serve`."""

import re

import pytest
from test_review_browser import CHROMIUM, _log_in, _page, expect, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def test_a_reviewer_strikes_a_line_then_prints_the_request(server, browser, tmp_path):  # noqa: F811
    errors: list[str] = []
    page = _page(browser, errors)
    _log_in(page, server, "/dossiers/R0002")
    page.click("a#desk")
    expect(page.locator("h1")).to_have_text("Pièces à demander — dossier R0002")
    lines = page.locator(".request-line")
    count = lines.count()
    assert count >= 2
    identity = page.locator(".request-line[data-key=identity_missing]")
    identity.locator("input[name=reason]").fill("Passeport vu au guichet")
    identity.locator("button[value=remove]").click()
    expect(page.locator("#message")).to_have_text("Modification enregistrée.")
    expect(page.locator(".request-line")).to_have_count(count - 1)
    expect(page.locator("#journal .audit-line").first).to_contain_text("Passeport vu au guichet")

    page.click("a#print-request")
    expect(page.locator("h1")).to_have_text("Demande de pièces complémentaires")
    expect(page.locator("#request li.line")).to_have_count(count - 1)
    assert "Une pièce d'identité" not in page.locator("#request").inner_text()
    button = page.locator("button#print")
    expect(button).to_be_visible()
    page.screenshot(path=str(tmp_path / "print-request.png"), full_page=True)
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    button.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")  # desk.js ran, under the page's CSP
    page.emulate_media(media="print")
    expect(button).to_be_hidden()  # the bar is not on paper
    page.goto(re.sub(r"/request/print$", "/inventory/print", page.url))
    expect(page.locator("h1")).to_have_text("Bordereau des pièces reçues")
    assert errors == []
