"""An applicant's visit in a real browser: Debian's Chromium driven by Playwright.

Needs /usr/bin/chromium and fonts-noto-cjk (`.ci/run` installs them; see README).
Every page visited must pass axe-core's WCAG 2.0–2.2 A/AA rules and must not
scroll sideways on a 375 px wide phone.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} がありません。`apt-get install chromium fonts-noto-cjk` を実行してください。"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # fixtures meanwhile are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright.sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="module")
def axe_script():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@pytest.fixture
def site(live_server, settings):
    settings.ROOT_URLCONF = "tests.browser_urls"
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def new_page(browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="ja-JP", timezone_id="Asia/Tokyo"
    )
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def check_page(page, axe_script):
    """axe finds nothing at WCAG 2.0–2.2 A/AA, nothing overflows sideways, no console errors."""
    page.evaluate(axe_script)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}) {v['nodes'][0]['target']}"
        for v in result["violations"]
    ]
    assert violations == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width}px wide in a {viewport}px window"
    # A header link is never broken over lines (eight links once stood one character wide).
    broken = page.evaluate(
        """Array.from(document.querySelectorAll('.site-nav a')).filter(a => {
             const range = document.createRange(); range.selectNodeContents(a);
             return range.getClientRects().length > 1; }).map(a => a.textContent)"""
    )
    assert broken == [], f"{page.url}: header links broken over lines: {broken}"
    assert page.errors == [], page.url


def test_applicant_finds_an_experienced_hire_who_works_from_home(browser, site, axe_script):
    page = new_page(browser, 375)
    page.goto(site + "/")
    check_page(page, axe_script)

    page.get_by_role("link", name="インタビューをすべて見る").click()
    page.wait_for_url("**/interviews/")
    check_page(page, axe_script)

    page.get_by_role("link", name="キャリア活用採用選考").first.click()
    page.wait_for_url("**route=*")
    page.locator("details.filters summary").click()  # folded once a filter is active
    page.get_by_role("navigation", name="絞り込み").get_by_role(
        "link", name="在宅（テレワーク）"
    ).click()
    page.wait_for_url("**place=home*")
    check_page(page, axe_script)
    assert "採用区分: キャリア活用採用選考" in page.locator(".active-filters").inner_text()
    titles = page.locator(".results .card__title").all_inner_texts()
    assert titles and "行政手続のオンライン化を支える2人" in " ".join(titles)

    page.get_by_role("link", name="行政手続のオンライン化を支える2人").click()
    page.wait_for_url("**/interviews/digital-service-two-days/")
    check_page(page, axe_script)
    glance = page.get_by_role("region", name="1日の流れを比べる")
    assert glance.locator(".glance__person").count() == 2
    playwright.expect(glance.get_by_text("申請フォームの設計レビュー")).to_be_visible()
    playwright.expect(glance.get_by_text("回線更新の設計書作成")).to_be_visible()

    related = page.get_by_role("region", name="関連するインタビュー").get_by_role("link").first
    target = related.get_attribute("href")
    related.click()
    page.wait_for_url(f"**{target}")
    check_page(page, axe_script)
    page.context.close()


def test_on_a_desktop_the_two_days_sit_side_by_side_on_one_axis(browser, site, axe_script):
    page = new_page(browser, 1280)
    page.goto(site + "/interviews/digital-service-two-days/")
    check_page(page, axe_script)
    a, b = page.locator(".glance__person").all()
    box_a, box_b = a.bounding_box(), b.bounding_box()
    assert box_a["x"] + box_a["width"] <= box_b["x"]
    assert abs(box_a["y"] - box_b["y"]) < 1
    # Same time, same height: A's 12:00 lunch and B's 12:00 lunch line up.
    lunch_a = a.get_by_text("昼休憩").bounding_box()
    lunch_b = b.get_by_text("昼休憩").bounding_box()
    assert abs(lunch_a["y"] - lunch_b["y"]) < 2
    # Longer entries are taller: B's two-hour design work against A's half-hour meeting.
    two_hours = b.locator(".glance__block", has_text="回線更新の設計書作成").bounding_box()
    half_hour = a.locator(".glance__block", has_text="係内の進捗共有").bounding_box()
    assert two_hours["height"] > 3 * half_hour["height"]
    # Every block's first line (its time) is inside the block, a quarter of an hour too.
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll('.glance__block')).filter(block => {
            const box = block.getBoundingClientRect();
            const time = block.querySelector('.glance__time').getBoundingClientRect();
            return time.top < box.top - 1 || time.bottom > box.bottom + 1;
        }).map(block => block.textContent.trim().replace(/\\s+/g, ' '))"""
    )
    assert clipped == []
    page.context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/interviews/?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84",
        "/careers/ict/",
        "/no-such-page/",
        "/routes/",
        "/routes/kyaria-katsuyou-saiyou-senkou/",
        "/news/",
        "/news/onrain-shigoto-setsumeikai-shiryou/",
        "/faq/",
        "/hatarakikata/",
        "/events/",
        "/events/ict-shoku-onrain-shigoto-setsumeikai-fuyu/",
        "/search/?q=%EF%BC%A9%EF%BC%A3%EF%BC%B4",
    ],
)
def test_other_pages_pass_axe_on_a_phone(browser, site, axe_script, path):
    page = new_page(browser, 375)
    response = page.goto(site + path)
    page.errors = [e for e in page.errors if "404" not in e]  # the 404 page's own status
    assert response.status == (404 if "no-such" in path else 200)
    check_page(page, axe_script)
    page.context.close()


def test_copy_link_button_copies_the_article_url(browser, site):
    page = new_page(browser, 375)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/interviews/digital-service-two-days/")
    page.get_by_role("button", name="URLをコピー").click()
    playwright.expect(page.get_by_role("status")).to_have_text("コピーしました")
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == site + "/interviews/digital-service-two-days/"
    )
    page.context.close()


def test_hr_uploads_a_phone_photo_and_the_page_serves_it_without_metadata(browser, site):
    from django.contrib.auth import get_user_model

    from tests.test_images import AUTHOR, SERIAL, phone_photo

    get_user_model().objects.create_superuser("hr", password="hr-password-for-tests")
    page = new_page(browser, 1280)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "hr-password-for-tests")
    page.click("input[type=submit]")
    page.goto(site + "/admin/interviews/article/")
    page.get_by_role("link", name="行政手続のオンライン化を支える2人").click()
    page.set_input_files(
        "#id_profiles-0-photo",
        files=[
            {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": phone_photo((1200, 900))}
        ],
    )
    page.fill("#id_profiles-0-photo_alt", "Aさんの写真")
    page.locator("input[name=_continue]").first.click()
    playwright.expect(page.locator(".messagelist .success")).to_be_visible()

    # A mistake comes back as the form with its error (the script numbers the positions).
    page.fill("#id_title", "")
    page.locator("input[name=_continue]").first.click()
    playwright.expect(page.locator(".errornote")).to_be_visible()
    # The admin's scripts run under the site's CSP and Permissions-Policy: nothing is blocked.
    assert page.errors == [], page.errors

    public = new_page(browser, 375)
    public.goto(site + "/interviews/digital-service-two-days/")
    photo = public.locator("img.profile__photo").first
    photo.scroll_into_view_if_needed()
    playwright.expect(photo).to_have_js_property("complete", True)
    current = photo.evaluate("img => img.currentSrc")
    assert current.endswith(".webp"), current  # a rendition, not the original
    body = public.request.get(current).body()
    assert SERIAL.encode() not in body and AUTHOR.encode() not in body
    assert b"Exif" not in body
    page.context.close()
    public.context.close()


def hr_page(browser, site, width=1280):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("hr", password="hr-password-for-tests")
    page = new_page(browser, width)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "hr-password-for-tests")
    page.click("input[type=submit]")
    return page


def test_hr_types_times_the_japanese_way_jumps_to_a_mistake_and_reorders_by_keyboard(browser, site):
    from interviews.models import Article

    page = hr_page(browser, site)
    page.goto(site + "/admin/interviews/article/")
    page.get_by_role("link", name="行政手続のオンライン化を支える2人").click()
    # At 1280 px nothing scrolls sideways, and the long form has a contents list.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    contents = page.get_by_role("navigation", name="このページの目次")
    playwright.expect(contents.get_by_role("link", name="【Case2】Bさん")).to_be_visible()

    page.fill("#id_profiles-0-schedule-0-start", "８：３０")  # a Japanese IME's digits
    page.fill("#id_profiles-1-schedule-1-start", "朝")
    page.locator("input[name=_continue]").first.click()

    # The error is listed at the top, named by person, row and column, and one click away.
    summary = page.locator(".errornote .error-summary a")
    playwright.expect(summary).to_have_count(1)
    playwright.expect(summary).to_contain_text(
        "【Case2】Bさん › 1日のスケジュール 2件目 › 開始時刻"
    )
    playwright.expect(summary).to_contain_text("時刻は 9:00・9時30分・0930 のように")
    summary.click()
    playwright.expect(page.locator("#id_profiles-1-schedule-1-start")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("９時")

    # Bさん moves up with the keyboard: Tab to the button, Enter.
    up = page.locator("#profiles-1 > h3 .move-button").first
    up.focus()
    page.keyboard.press("Enter")
    playwright.expect(page.get_by_role("status")).to_have_text(
        "【Case2】Bさん を 1 番目に移動しました。"
    )

    # A tag typed in the tag box is offered as new and created with the article.
    page.locator("#id_tags").locator("xpath=..").locator(".select2-search__field").fill("庁内研修")
    page.locator(".select2-results__option", has_text="庁内研修（新しいタグ）").click()

    page.locator("input[name=_continue]").first.click()
    playwright.expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.errors == [], page.errors
    article = Article.objects.get(slug="digital-service-two-days")
    a, b = article.profiles.all()
    assert (a.label, b.label) == ("Bさん", "Aさん")
    assert f"{b.schedule.first().start:%H:%M}" == "08:30"
    assert [f"{e.start:%H:%M}" for e in a.schedule.all()][:2] == ["08:30", "09:00"]
    assert "庁内研修" in [t.name for t in article.tags.all()]
    page.context.close()
