#!/usr/bin/env python3
"""Checks a running footfall console (SPEC §13) as a person and as an attacker would, and prints the findings as
JSON for the test suite (Tests/FootfallCLITests/ConsoleTests.swift) to assert on.

  python3 Scripts/console_check.py --url http://127.0.0.1:PORT/ --user kim --password … --viewer lee --viewer-password …
      --token ff_kim_… --screenshots DIR [--hostile-member ID]

HTTP checks (urllib, no redirects followed): every page and API route without credentials; a viewer on a
consultant page; `..` and encoded slashes; JSON errors; the access log is not served; ten wrong passwords.
Browser checks (Selenium, headless Chromium, chromium-driver and fonts-nanum from Debian): log in, open every page,
click a device and a segment, read the headline figures, use the comparison, download the CSV, take screenshots at
1280×900 and 390×844, and read overflow, console errors and whether Hangul has glyphs.
"""
import argparse
import base64
import http.cookiejar
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fetch(url, headers=None, data=None, cookies=None):
    """(status, headers, body text) without following redirects."""
    handlers = [NoRedirect()]
    if cookies is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(cookies))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def login(base, user, password):
    jar = http.cookiejar.CookieJar()
    data = urllib.parse.urlencode({"username": user, "password": password, "next": "/"}).encode()
    status, headers, _ = fetch(base + "login", data=data, cookies=jar)
    return status, headers, jar


PAGES = ["", "reports/segments", "reports/profile", "reports/groups", "reports/pages", "reports/paths", "reports/funnel",
         "reports/campaigns", "reports/referrers", "reports/logins", "reports/conversions", "reports/hours", "reports/attribution",
         "reports/cohorts", "reports/funnel?window=7"]
CONSULTANT_PAGES = ["reports/customer", "reports/retention-watch"]
ADMIN_PAGES = ["reports/status", "reports/bots", "admin/versions"]


def http_checks(args):
    base = args.url
    out = {}
    # Without credentials: pages go to the login page, the API answers 401 with JSON.
    anonymous = {}
    for path in PAGES + CONSULTANT_PAGES + ADMIN_PAGES + ["reports/segments/download?format=csv"]:
        status, headers, _ = fetch(base + path)
        anonymous[path or "/"] = [status, headers.get("Location", "")]
    for path in ["api/v1/reports/overview", "api/v1/reports/customer?arg=M000001"]:
        status, headers, body = fetch(base + path)
        anonymous[path] = [status, body[:200]]
    status, _, body = fetch(base + "api/v1/reports/overview", headers={"Authorization": "Bearer ff_nobody_00"})
    anonymous["bad token"] = [status, body[:200]]
    status, _, body = fetch(base + "api/v1/health")
    out["health"] = [status, body.strip()]
    out["anonymous"] = anonymous

    # A viewer: aggregate pages yes, consultant and admin pages 403, member ids not in the conversions JSON.
    status, headers, viewer = login(base, args.viewer, args.viewer_password)
    out["viewer_login"] = [status, headers.get("Location", ""), "HttpOnly" in headers.get("Set-Cookie", ""),
                           "samesite=strict" in headers.get("Set-Cookie", "").lower()]
    viewer_pages = {}
    for path in PAGES[:3] + CONSULTANT_PAGES + ADMIN_PAGES:
        status, _, _ = fetch(base + path, cookies=viewer)
        viewer_pages[path or "/"] = status
    status, _, body = fetch(base + "reports/customer/download?format=json&arg=M000001", cookies=viewer)
    viewer_pages["customer download"] = status
    status, _, body = fetch(base + "reports/conversions/download?format=json", cookies=viewer)
    viewer_pages["conversions json has member ids"] = "new_member_ids" in body
    out["viewer"] = viewer_pages

    # Named audiences (SPEC §15): counts for every role, member lists and downloads for consultants and admins.
    audiences = {}
    status, _, body = fetch(base + "audiences", cookies=viewer)
    audiences["viewer_list"] = [status, "maturing_customers" in body, "quote_dropouts" in body, 'href="/audiences/maturing_customers' in body]
    for path in ["audiences/maturing_customers", "audiences/maturing_customers/download?format=csv", "audiences/nosuch"]:
        status, _, body = fetch(base + path, cookies=viewer)
        audiences["viewer " + path] = [status, "M0" in body]
    status, _, admin = login(base, args.user, args.password)
    status, _, body = fetch(base + "audiences", cookies=admin)
    audiences["admin_list"] = [status, 'href="/audiences/maturing_customers' in body]
    status, _, body = fetch(base + "audiences/maturing_customers", cookies=admin)
    audiences["admin_page"] = [status, body.count("<tr>") - 1]
    status, headers, body = fetch(base + "audiences/maturing_customers/download?format=csv", cookies=admin)
    audiences["admin_csv"] = [status, headers.get("Content-Type", ""), body]
    out["audiences"] = audiences

    # Journeys (SPEC §14): the three pages for a viewer, a download equal to the CLI's, options that stay on their page.
    journeys = {}
    for path in ["reports/funnel?window=7", "reports/attribution", "reports/attribution?goal=apply_complete&lookback=7",
                 "reports/cohorts?by=month&periods=4", "reports/cohorts?by=day", "reports/overview?window=7"]:
        status, _, body = fetch(base + path, cookies=viewer)
        journeys[path] = [status, body.count("<tr>")]
    status, _, body = fetch(base + "reports/attribution?goal=apply_complete&device=mobile", cookies=viewer)
    link = re.search(r'href="(/reports/cohorts[^"]*)"', body)
    journeys["navigation keeps no goal"] = bool(link) and "device=mobile" in link.group(1) and "goal=" not in link.group(1)
    status, _, body = fetch(base + "reports/attribution/download?format=json&goal=signup_complete&lookback=7", cookies=viewer)
    journeys["attribution_json"] = [status, body]
    status, _, body = fetch(base + "reports/cohorts/download?format=csv&by=week", cookies=viewer)
    journeys["cohorts_csv"] = [status, body]
    out["journeys"] = journeys

    # The API with a token, against bad parameters; paths that name no page.
    token = {"Authorization": "Bearer " + args.token}
    status, headers, body = fetch(base + "api/v1/reports/overview?channel=email", headers=token)
    out["bad_filter"] = [status, headers.get("Content-Type", ""), body.strip()]
    status, _, body = fetch(base + "api/v1/reports/nosuch", headers=token)
    out["bad_report"] = [status, body.strip()[:200]]
    status, _, body = fetch(base + "api/v1/reports/segments?compare=previous&from=2026-11-19", headers=token)
    out["api_compare"] = [status, json.loads(body).get("comparison", {}).get("from") if status == 200 else body[:200]]
    traversal = {}
    for path in ["reports/..%2F..%2Fetc%2Fpasswd", "reports/%2e%2e", "reports/..", "reports/a%2Fb", "..%2F.console%2Faccess-log.jsonl",
                 ".console/access-log.jsonl", "current/_manifest.json", "reports/../../etc/passwd", "static/../../etc/passwd"]:
        status, _, body = fetch(base + path, headers=token)
        traversal[path] = [status, "access-log" in body and "members" in body]
    out["traversal"] = traversal

    # Wrong passwords: rate-limited after a few (per user and address).
    statuses = []
    for _ in range(10):
        status, _, _ = login(base, args.viewer, "wrong-password-here")
        statuses.append(status)
    out["wrong_passwords"] = statuses
    status, _, _ = login(base, args.viewer, args.viewer_password)
    out["viewer_after_limit"] = status
    return out


def browser_checks(args):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import Select, WebDriverWait

    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=ko-KR"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    options.binary_location = next(p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p))
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    base = args.url
    out = {"pages": {}, "console_errors": []}

    def settle(condition):
        """Waits (15 s at most) until a click's navigation has ended with `condition` true; a timeout leaves the
        URL as it is, for the test to report."""
        try:
            WebDriverWait(driver, 15).until(lambda d: condition(d) and d.execute_script("return document.readyState") == "complete")
        except TimeoutException:
            pass
    os.makedirs(args.screenshots, exist_ok=True)

    def layout(width):
        return driver.execute_script("""
            const width = document.documentElement.clientWidth; let over = 0;
            for (const e of document.querySelectorAll('body *')) { const b = e.getBoundingClientRect();
              let scroller = false; for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') { scroller = true; break; } }
              if (b.right > width + 1 && !scroller && (b.width > 0 || b.height > 0)) over++; }
            return {over: over, scroll: document.documentElement.scrollWidth, width: width, text: document.body.innerText.length}""")

    def shot(name, width, height):
        driver.set_window_size(width, height)
        full = min(driver.execute_script("return document.documentElement.scrollHeight"), 8000)
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                                  "clip": {"x": 0, "y": 0, "width": width, "height": full, "scale": 1}})
        path = os.path.join(args.screenshots, name + f"-{width}.png")
        with open(path, "wb") as file:
            file.write(base64.b64decode(data["data"]))
        return os.path.getsize(path)

    try:
        driver.set_window_size(1280, 900)
        driver.get(base + "reports/segments")
        out["login_redirect"] = driver.current_url.replace(base, "/")
        driver.find_element(By.NAME, "username").send_keys(args.user)
        driver.find_element(By.NAME, "password").send_keys(args.password)
        driver.find_element(By.CSS_SELECTOR, "form.login button").click()
        settle(lambda d: "/login" not in d.current_url)
        out["after_login"] = driver.current_url.replace(base, "/")
        for path in PAGES + CONSULTANT_PAGES + ADMIN_PAGES:
            driver.set_window_size(1280, 900)
            target = base + path + ("?arg=" + args.member if path.endswith("customer") else "")
            driver.get(target)
            name = path.split("/")[-1] or "overview"
            entry = {"title": driver.title, "h1": driver.find_element(By.TAG_NAME, "h1").text if driver.find_elements(By.TAG_NAME, "h1") else ""}
            entry["screenshot_1280"] = shot(name, 1280, 900)
            driver.set_window_size(390, 844)
            driver.get(target)
            entry["layout_390"] = layout(390)
            entry["screenshot_390"] = shot(name, 390, 844)
            out["pages"][name] = entry
        # Click a device on the overview and a segment on the segments page: the URL gains the filter.
        driver.set_window_size(1280, 900)
        driver.get(base)
        device = driver.find_element(By.CSS_SELECTOR, "a.filter[href*='device=mobile']")
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", device)
        settle(lambda d: "device=" in d.current_url)
        out["device_url"] = driver.current_url.replace(base, "/")
        out["device_kpi"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".kpi b")]
        out["device_chips"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "a.chip")]
        driver.get(base + "reports/segments")
        segment = driver.find_element(By.CSS_SELECTOR, "td a.filter[href*='segment=customer']")
        segment.click()
        settle(lambda d: "segment=" in d.current_url)
        out["segment_url"] = driver.current_url.replace(base, "/")
        # Remove the chip again: back to the unfiltered view.
        driver.find_element(By.CSS_SELECTOR, "a.chip").click()
        settle(lambda d: "segment=" not in d.current_url)
        out["chip_removed_url"] = driver.current_url.replace(base, "/")
        driver.back()
        settle(lambda d: "segment=" in d.current_url)
        out["back_url"] = driver.current_url.replace(base, "/")
        # The comparison, chosen in the filter bar.
        driver.get(base + "?from=2026-11-19&to=2026-11-19")
        Select(driver.find_element(By.NAME, "compare")).select_by_value("previous")
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        # The form's GET and the server's redirect to the view's short address: wait for the navigation to end.
        try:
            WebDriverWait(driver, 15).until(lambda d: "compare=" in d.current_url and d.execute_script("return document.readyState") == "complete")
        except TimeoutException:
            pass
        out["compare_url"] = driver.current_url.replace(base, "/")
        out["compare_table"] = len(driver.find_elements(By.CSS_SELECTOR, "table.cmp tr"))
        shot("overview-compare", 1280, 900)
        # The CSV download of the view, fetched with the browser's session cookie.
        link = driver.find_element(By.XPATH, "//p[@class='downloads']/a[1]").get_attribute("href")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        status, headers, body = fetch(link, headers={"Cookie": cookie})
        out["csv"] = {"url": link.replace(base, "/"), "status": status, "type": headers.get("Content-Type", ""), "body": body}
        out["console_errors"] = [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
        out["hangul"] = driver.execute_script("""
            function glyph(t){const c=document.createElement('canvas');c.width=64;c.height=64;const x=c.getContext('2d');
              x.font='40px '+getComputedStyle(document.body).fontFamily;x.fillText(t,4,48);return Array.from(x.getImageData(0,0,64,64).data).join(',');}
            return glyph('한') !== glyph('\\uFFFF');""")
    finally:
        driver.quit()
    return out


# What a hostile log line may carry into a page (the test writes them into the log it ingests): each must show as
# text and never become markup, a script or a link that runs one.
HOSTILE_PAGES = ["", "reports/pages", "reports/paths", "reports/referrers", "reports/campaigns", "reports/bots", "reports/logins",
                 "reports/customer?arg=" + urllib.parse.quote("M<i>5</i>"),
                 "reports/customer?arg=" + urllib.parse.quote("<script>alert(6)</script>"),
                 "reports/segments?campaign=" + urllib.parse.quote('"><svg onload=alert(7)>')]
MARKUP = re.compile(r"<(script|img|svg|iframe)\b[^>]*(alert|onerror|onload)|\bhref\s*=\s*[\"']?\s*javascript:|<i>5</i>", re.I)


def hostile_checks(args):
    """Per page: its status, markup that came from the log (none expected), and whether the payload shows as text."""
    out = {"http": {}, "browser": {}}
    for path in HOSTILE_PAGES:
        status, _, body = fetch(args.url + path, headers={"Authorization": "Bearer " + args.token})
        found = MARKUP.search(body)
        out["http"][path or "/"] = [status, found.group(0) if found else None,
                                    "&lt;script&gt;alert(" in body or "&lt;i&gt;5&lt;/i&gt;" in body or "&lt;img" in body or "javascript:alert" in body]
    if args.skip_browser:
        return out
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(flag)
    options.binary_location = next(p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p))
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(args.url + "login")
        driver.find_element(By.NAME, "username").send_keys(args.user)
        driver.find_element(By.NAME, "password").send_keys(args.password)
        driver.find_element(By.CSS_SELECTOR, "form button, form input[type=submit]").click()
        for path in HOSTILE_PAGES:
            driver.get(args.url + path)
            try:
                driver.switch_to.alert.dismiss()
                alerted = True
            except NoAlertPresentException:
                alerted = False
            seen = driver.execute_script("""
                const text = document.body.innerText;
                return {scripts: document.scripts.length,
                        handlers: Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
                        js_links: Array.from(document.querySelectorAll('a[href]')).filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:')).length,
                        italic: document.querySelectorAll('i').length,
                        payload_as_text: text.includes('<script>') || text.includes('<i>5</i>') || text.includes('onerror') || text.includes('javascript:alert')}""")
            seen["alert"] = alerted
            out["browser"][path or "/"] = seen
    finally:
        driver.quit()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--viewer", required=True)
    parser.add_argument("--viewer-password", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--member", default="M026735")
    parser.add_argument("--screenshots", default="console-shots")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--hostile", action="store_true", help="only the checks of a store made from hostile log lines")
    args = parser.parse_args()
    if not args.url.endswith("/"):
        args.url += "/"
    if args.hostile:
        json.dump(hostile_checks(args), sys.stdout, ensure_ascii=False)
        return
    result = {"http": http_checks(args)}
    if not args.skip_browser:
        result["browser"] = browser_checks(args)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
