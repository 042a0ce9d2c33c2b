#!/usr/bin/env python3
"""Deterministic access-log generator for footfall ("K Life" insurer web site).

Writes Apache ``combined_cookie`` logs, i.e. LogFormat
    %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Cookie}i"
for the hosts www.klife.example / m.klife.example, time zone Asia/Seoul (+0900).
Standard library only; the same arguments always give byte-identical output
(one random.Random(seed), gzip members with mtime 0 and no file name).

Usage
  python3 Scripts/generate_logs.py            # same as --sample
  python3 Scripts/generate_logs.py --sample [--out DIR]
      Committed sample: 3 days (2026-11-17 .. 2026-11-19), 2 web servers ->
      SampleLogs/web{1,2}-YYYY-MM-DD.log.gz (web2-2026-11-18 is two concatenated
      gzip members, as logrotate/cat produce), plus SampleLogs/site.toml,
      customers.csv, products.csv, campaigns.csv.  DIR defaults to
      <repo>/SampleLogs (repo = parent of Scripts/).
  python3 Scripts/generate_logs.py --lines N --visitors V --out PATH
          [--days D] [--servers S] [--start 2026-11-17] [--seed 1]
      Benchmark: exactly N lines in total (the last minutes of the last day are
      cut to hit N exactly; if the traffic model falls short, the real count is
      printed), about V distinct visitors per day.  S = 1: PATH is the .log.gz
      file; S > 1: PATH is a directory receiving webK.log.gz.
      Example: --lines 5000000 --visitors 200000 --out /tmp/bench.log.gz
      gives ~1.6 GB uncompressed (~320 bytes/line).

What is in the logs (see SPEC.md sections 1-7 and 11):
  visitors with a persistent WNUID cookie (absent on the very first hit of a
  brand-new visitor), ~9% cookie-less clients (IP+UA fingerprint) and ~3%
  "private mode" clients (fresh WNUID every visit); members logging in
  (POST /member/login.do, then WNMID=Mnnnnnn), recognised members returning
  without logging in, sign-ups (/member/join_complete.do), logouts (WNMID=
  empty); visits of several page views (think time 5 s - 5 min, rarely up to
  25 min), visits crossing midnight; static hits after each page view (200 /
  304 / some 404); 302s, 500s, HEAD requests; the insurance_signup funnel with
  drop-off, detours and out-of-order steps; channels direct / search (UTF-8
  and ~5% EUC-KR keywords) / social / referral / campaign (bn=, em=, utm_*),
  e-mail open pixel; desktop / mobile / tablet agents; ~10% bot hits, MyMonitor
  uptime checks, /health/check, /admin/**; ~3% IPv6 clients; deliberately
  malformed lines (truncated, lone word request, bad date, TLS handshake
  bytes, empty request "-"), a few valid lines with escaped quotes, and small
  (<= 60 s) timestamp disorder.
"""

import argparse
import collections
import csv
import datetime
import gzip
import heapq
import os
import queue
import random
import sys
import threading
import time
from urllib.parse import quote_plus

TZ = datetime.timezone(datetime.timedelta(hours=9))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
M64 = (1 << 64) - 1
DAY = 86400


def mix64(x):
    """splitmix64 finaliser: a cheap, deterministic 64-bit hash."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


# --------------------------------------------------------------------------
# Site model
# --------------------------------------------------------------------------

PRODUCTS = [
    ("LI001", "무배당 종신보험", "보험"),
    ("LI002", "무배당 정기보험", "보험"),
    ("LI003", "무배당 어린이보험", "보험"),
    ("LI004", "무배당 암보험", "보험"),
    ("LI005", "실손의료보험", "보험"),
    ("LI006", "연금저축보험", "보험"),
    ("LI007", "변액유니버설보험", "보험"),
    ("LI008", "무배당 치아보험", "보험"),
    ("LI009", "무배당 저축보험", "보험"),
    ("LN001", "주택담보대출", "대출"),
    ("LN002", "신용대출", "대출"),
    ("LN003", "보험계약대출", "대출"),
]
UNKNOWN_CODE = "LI099"          # used in a few URLs, deliberately absent from products.csv

# interest groups: product weights, share of kids edu among edu views
GROUPS = {
    "family": ({"LI003": 6, "LI004": 2, "LI005": 2, "LI001": 1, "LI009": 1}, 0.85),
    "senior": ({"LI006": 4, "LI001": 3, "LI008": 2, "LI005": 2, "LN003": 1}, 0.15),
    "young":  ({"LI005": 4, "LI004": 3, "LN002": 3, "LI009": 2, "LI002": 1}, 0.20),
    "wealth": ({"LI007": 4, "LI009": 3, "LI006": 3, "LN001": 2, "LI001": 1}, 0.25),
    "loan":   ({"LN001": 4, "LN002": 4, "LN003": 3, "LI002": 1, "LI005": 1}, 0.20),
}
GROUP_NAMES = ["family", "senior", "young", "wealth", "loan"]
GROUP_CW = []
for _g in GROUP_NAMES:
    _codes = list(GROUPS[_g][0])
    _acc, _cw = 0, []
    for _c in _codes:
        _acc += GROUPS[_g][0][_c]
        _cw.append(_acc)
    GROUP_CW.append((_codes, _cw, GROUPS[_g][1]))


def prod_url(code):
    if code.startswith("LN"):
        return "/product/loan/detail.do?prodCd=" + code
    return "/product/insurance/detail.do?prodCd=" + code


KIDS_PAGES = ["/content/edu/kids/index.do", "/content/edu/kids/money_habit.do",
              "/content/edu/kids/allowance.do", "/content/edu/kids/saving_game.do",
              "/content/edu/kids/first_bank.do", "/content/edu/kids/quiz.do"]
FIN_PAGES = ["/content/edu/finance/index.do", "/content/edu/finance/retirement.do",
             "/content/edu/finance/tax_saving.do", "/content/edu/finance/insurance_basics.do",
             "/content/edu/finance/loan_guide.do", "/content/edu/finance/health_cost.do"]
MISC_PAGES = ["/customer/faq.do", "/customer/notice.do?seq=1182", "/customer/notice.do?seq=1190",
              "/company/about.do", "/customer/branch.do", "/event/list.do",
              "/product/insurance/list.do", "/product/loan/list.do"]
EVENT_PAGES = ["/event/autumn2026.do", "/event/kids_edu.do", "/event/winter_teaser.do",
               "/event/list.do"]

# Korean keywords -> intent target
KEYWORDS = [
    ("종신보험", "LI001"), ("종신보험 추천", "LI001"), ("정기보험", "LI002"),
    ("어린이보험", "LI003"), ("태아보험 가입", "LI003"), ("암보험", "LI004"),
    ("암보험 비교", "LI004"), ("실손보험", "LI005"), ("실비보험 청구", "LI005"),
    ("연금저축보험", "LI006"), ("노후 연금", "LI006"), ("변액유니버설", "LI007"),
    ("치아보험", "LI008"), ("저축보험", "LI009"), ("주택담보대출 금리", "LN001"),
    ("신용대출", "LN002"), ("보험계약대출", "LN003"), ("보험료 계산", "calc"),
    ("어린이 경제교육", "kids"), ("용돈 교육", "kids"), ("연말정산 보험", "fin"),
    ("노후 준비", "fin"), ("케이생명", "index"), ("K생명", "index"),
    ("케이생명 로그인", "login"), ("k life insurance", "index"), ("케이생명 고객센터", "faq"),
]
KW_BY_TARGET = collections.defaultdict(list)
for _kw, _tg in KEYWORDS:
    KW_BY_TARGET[_tg].append(_kw)

SEARCH_ENGINES = [  # (weight, desktop template, mobile template); {q} = encoded keyword
    (55, "https://search.naver.com/search.naver?where=nexearch&sm=top_hty&fbm=0&ie={ie}&query={q}",
         "https://m.search.naver.com/search.naver?sm=mtp_hty.top&where=m&query={q}"),
    (22, "https://www.google.co.kr/search?q={q}&oq={q}&sourceid=chrome&ie=UTF-8",
         "https://www.google.com/search?q={q}&ie=UTF-8&oe=UTF-8&hl=ko-kr&client=safari"),
    (14, "https://search.daum.net/search?w=tot&DA=YZR&t__nil_searchbox=btn&q={q}",
         "https://m.search.daum.net/search?w=tot&nil_profile=btn&q={q}"),
    (4, "https://www.bing.com/search?q={q}&form=QBLH&sp=-1",
        "https://www.bing.com/search?q={q}&form=QBLH"),
    (5, "https://search.zum.com/search.zum?method=uni&option=accu&qm=f_typing.top&query={q}",
        "https://m.search.zum.com/search.zum?method=uni&query={q}"),
]
SE_CW = []
_acc = 0
for _e in SEARCH_ENGINES:
    _acc += _e[0]
    SE_CW.append(_acc)

SOCIAL_REFS = [
    "https://m.facebook.com/", "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.klife.example%2F",
    "https://t.co/Xk3fP9aQz1", "https://t.co/Lm0Qw7ErT2",
    "https://blog.naver.com/moneymom/223641234567",
    "https://blog.naver.com/PostView.naver?blogId=finplanner&logNo=223650011223",
    "https://band.us/band/81234567/post/123", "https://www.instagram.com/",
    "https://www.youtube.com/watch?v=kL1fe7Qz0Ab", "https://m.youtube.com/",
]
REFERRAL_REFS = [
    "https://cafe.naver.com/mom2030/1234567", "https://www.bohum-compare.example/life/ranking",
    "https://news.finance.example.co.kr/article/2026111701", "https://www.google.com/",
    "https://www.moneyclinic.example/board/view?id=8812", "https://kin.naver.com/qna/detail.naver?d1id=4",
    "https://www.ppomppu.example/zboard/view.php?id=money&no=55123",
]
EMAIL_REFS = ["-", "-", "https://mail.naver.com/", "https://mail.daum.net/", "https://mail.google.com/"]

# campaigns: (id, landing, weight, kind)
BANNERS = [("BN_AUTUMN01", "/event/autumn2026.do", 6),
           ("BN_KIDS02", "/content/edu/kids/index.do", 3),
           ("BN_WINTER03", "/event/winter_teaser.do", 1)]   # BN_WINTER03 is not in campaigns.csv
BANNER_REFS = ["https://news.finance.example.co.kr/article/2026111603",
               "https://cafe.naver.com/mom2030", "https://www.moneyclinic.example/",
               "https://m.news.example.co.kr/list"]
EMAIL_ID = "EM2026NOV01"
UTM = "utm_source=kakao&utm_medium=cpc&utm_campaign=autumn_promo"

# --------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------

UAS = [  # (weight, device, user agent)
    (15, "d", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"),
    (9, "d", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"),
    (3, "d", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"),
    (6, "d", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Whale/3.28.266.14 Safari/537.36"),
    (5, "d", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
    (3, "d", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    (2, "d", "Mozilla/5.0 (Windows NT 6.1; Win64; x64; Trident/7.0; rv:11.0) like Gecko"),
    (14, "m", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"),
    (5, "m", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"),
    (10, "m", "Mozilla/5.0 (Linux; Android 14; SM-S928N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36"),
    (9, "m", "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"),
    (4, "m", "Mozilla/5.0 (Linux; Android 13; SM-A546N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.107 Mobile Safari/537.36;KAKAOTALK 2410830"),
    (3, "m", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 2000; 12.9.4; 15PRO)"),
    (3, "m", "Mozilla/5.0 (Linux; Android 12; LM-V500N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Mobile Safari/537.36"),
    (4, "t", "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
    (3, "t", "Mozilla/5.0 (Linux; Android 14; SM-X710N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    (1, "t", "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36"),
]
UA_CW = []
_acc = 0
for _u in UAS:
    _acc += _u[0]
    UA_CW.append(_acc)
UA_TOTAL = _acc

BOTS = [  # (weight, kind, user agent)
    (16, "crawl", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    (8, "crawl", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    (7, "crawl", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"),
    (18, "crawl", "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)"),
    (9, "crawl", "Mozilla/5.0 (compatible; MSIE or Firefox mutant; not on Windows server;) Daumoa 4.0"),
    (8, "crawl", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"),
    (7, "scrape", "python-requests/2.31.0"),
    (5, "curl", "curl/8.4.0"),
    (5, "fb", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
    (2, "robots_h", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"),
]
BOT_CW = []
_acc = 0
for _b in BOTS:
    _acc += _b[0]
    BOT_CW.append(_acc)

MYMONITOR_UA = "MyMonitor/2.3 (uptime check; +https://status.klife-ops.example/)"
HEALTH_UA = "L4-HealthCheck/1.0"
OPEN_UAS = [
    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Microsoft Outlook 16.0.17928; ms-office; MSOffice 16)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
]
OUTLOOK_HEAD_UA = "Microsoft Office Existence Discovery"

# hourly weights of human traffic (Asia/Seoul local time)
HOUR_W = [2.2, 1.3, 0.8, 0.5, 0.4, 0.6, 1.2, 2.6, 4.6, 6.4, 7.0, 6.7, 5.6, 6.2, 6.7, 6.5,
          6.0, 5.3, 4.5, 4.7, 5.3, 5.7, 5.1, 3.6]


def minute_weights():
    """Per-minute weights, piecewise linear between hour centres, mean 1."""
    w = []
    for m in range(1440):
        x = m / 60.0 - 0.5
        h0 = int(x // 1) % 24
        f = x - (x // 1)
        w.append(HOUR_W[h0] * (1 - f) + HOUR_W[(h0 + 1) % 24] * f)
    s = sum(w) / 1440.0
    return [x / s for x in w]


MINUTE_W = minute_weights()

STATIC_SIZES = {}


def static_size(url):
    s = STATIC_SIZES.get(url)
    if s is None:
        h = mix64(hash_str(url))
        if url.endswith(".woff2"):
            s = 38000 + h % 30000
        elif ".js" in url:
            s = 4000 + h % 90000
        elif ".css" in url:
            s = 2500 + h % 40000
        elif url.endswith(".ico"):
            s = 1150
        else:
            s = 600 + h % 60000
        STATIC_SIZES[url] = s
    return s


def hash_str(s):
    h = 1469598103934665603
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) & M64
    return h


DESKTOP_STATIC = ["/css/common.css?v=20261101", "/css/main.css?v=20261101",
                  "/js/jquery-3.7.1.min.js", "/js/common.js?v=20261101", "/js/wn_tracker.js",
                  "/images/common/logo.png", "/images/common/gnb_bg.gif", "/favicon.ico"]
MOBILE_STATIC = ["/m/css/mobile.css?v=20261101", "/js/jquery-3.7.1.min.js",
                 "/m/js/mobile.js?v=20261101", "/js/wn_tracker.js", "/m/images/logo_m.png",
                 "/favicon.ico"]
FONTS = ["/fonts/NanumSquareR.woff2", "/fonts/NanumSquareB.woff2"]
MISSING_STATIC = ["/images/banner/bn_2019_summer.gif", "/css/print.css",
                  "/js/old/prototype.js", "/apple-touch-icon-precomposed.png",
                  "/images/product/li010_main.png"]


def page_images(url):
    """Page-specific static images referenced by a page."""
    if "prodCd=" in url:
        code = url.split("prodCd=", 1)[1][:5].lower()
        return ["/images/product/%s_main.png" % code, "/images/common/btn_calc.gif"]
    if url.startswith("/content/edu/kids"):
        return ["/images/edu/kids_visual.png", "/images/edu/icon_coin.gif"]
    if url.startswith("/content/edu"):
        return ["/images/edu/finance_visual.png"]
    if url.startswith("/event/"):
        name = url.split("/")[2].split(".")[0]
        return ["/images/event/%s_main.jpg" % name, "/images/event/btn_apply.gif"]
    if url.startswith("/index.do"):
        return ["/images/main/visual_01.jpg", "/images/main/banner_autumn.gif",
                "/images/main/quick_menu.png"]
    return ["/images/common/btn_more.gif"]


# --------------------------------------------------------------------------
# Output: gzip writers fed by one compression thread (zlib releases the GIL)
# --------------------------------------------------------------------------

class GzWriter:
    def __init__(self, path, split_at=None):
        self.path = path
        self.f = open(path, "wb")
        self.gz = self._member()
        self.buf = []
        self.nbuf = 0
        self.lines = 0
        self.raw_bytes = 0
        self.split_at = split_at      # emit time at which a second gzip member starts
        self.members = 1

    def _member(self):
        return gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=self.f, mtime=0)

    def write(self, line, emit, out_q):
        if self.split_at is not None and emit >= self.split_at:
            self.split_at = None
            self.flush(out_q)
            out_q.put((self, None))
            self.members += 1
        self.buf.append(line)
        self.lines += 1
        self.nbuf += 1
        if self.nbuf >= 4096:
            self.flush(out_q)

    def flush(self, out_q):
        if self.buf:
            data = "".join(self.buf).encode("utf-8")
            self.raw_bytes += len(data)
            self.buf = []
            self.nbuf = 0
            out_q.put((self, data))

    # called in the compression thread
    def _consume(self, data):
        if data is None:          # start a new gzip member
            self.gz.close()
            self.gz = self._member()
        elif data is False:
            self.gz.close()
            self.f.close()
        else:
            self.gz.write(data)


class Compressor:
    def __init__(self):
        self.q = queue.Queue(maxsize=32)
        self.t = threading.Thread(target=self._run, daemon=True)
        self.err = None
        self.t.start()

    def _run(self):
        while True:
            item = self.q.get()
            if item is None:
                return
            w, data = item
            try:
                w._consume(data)
            except Exception as e:  # pragma: no cover
                self.err = e

    def close(self, writers):
        for w in writers:
            w.flush(self.q)
            self.q.put((w, False))
        self.q.put(None)
        self.t.join()
        if self.err:
            raise self.err


# --------------------------------------------------------------------------
# Visitors
# --------------------------------------------------------------------------

OCCUPATIONS = ["회사원", "회사원", "회사원", "자영업", "공무원", "전문직", "주부", "학생", "프리랜서", "기타"]


class Visitor:
    __slots__ = ("idx", "h", "dev", "ua", "proto", "host", "ip", "cmode", "uid",
                 "pre", "post", "member", "group", "birth", "gender", "children", "occ")


class Picker:
    """Chooses the visitor of each visit: ~V distinct per day, some returning
    from earlier days, some coming back later the same day (>= 2.5 h later)."""

    def __init__(self, gen, per_day, returning_share):
        self.g = gen
        self.V = per_day
        self.ret = returning_share
        self.next_new = 0
        self.seen = []            # every visitor index used so far (previous days)
        self.today = []

    def start_day(self, day, revisit_prob):
        rng = self.g.rng
        self.seen.extend(self.today)
        self.today = []
        n_ret = int(self.V * self.ret) if self.seen else 0
        n_ret = min(n_ret, len(self.seen))
        queue_ = rng.sample(self.seen, n_ret) if n_ret else []
        queue_.extend(range(self.next_new, self.next_new + (self.V - n_ret)))
        self.next_new += self.V - n_ret
        rng.shuffle(queue_)
        self.queue = queue_
        self.qpos = 0
        self.recent = collections.deque()
        self.eligible = []
        self.revisit = revisit_prob

    def pick(self, now):
        rng = self.g.rng
        rec = self.recent
        lim = now - 9000
        while rec and rec[0][0] <= lim:
            self.eligible.append(rec.popleft()[1])
        el = self.eligible
        if (el and rng.random() < self.revisit) or self.qpos >= len(self.queue):
            if el:
                i = rng.randrange(len(el))
                idx = el[i]
                el[i] = el[-1]
                el.pop()
            else:
                idx = self.next_new
                self.next_new += 1
                self.today.append(idx)
        else:
            idx = self.queue[self.qpos]
            self.qpos += 1
            self.today.append(idx)
        rec.append((now, idx))
        return idx


# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------

class Generator:
    def __init__(self, seed, start, days, servers, per_day_visitors, writers_for, end_cut=None):
        self.rng = random.Random(seed)
        self.salt = mix64(seed * 7919 + 17)
        self.days = days
        self.S = servers
        self.base = int(datetime.datetime(start.year, start.month, start.day, tzinfo=TZ).timestamp())
        self.end = self.base + days * DAY
        self.heap = []
        self.seq = 0
        self.tcache = {}
        self.cookie_set = bytearray()
        self.signups = {}                 # visitor idx -> member id (joined during the run)
        self.n_signups = 0
        self.writers_for = writers_for    # (t, server) -> writer key
        self.writers = None
        self.comp = None
        self.limit = end_cut              # exact line limit (benchmark)
        self.written = 0
        self.generated = 0
        self.done = False
        self.picker = Picker(self, per_day_visitors, 0.35)
        self.member_mod = 800_000 if per_day_visitors * days < 700_000 else 80_000_000
        self.member_fmt = "M%06d" if self.member_mod == 800_000 else "M%08d"
        # bookkeeping for the sample's customers.csv and the report
        self.members_seen = {}            # member id -> visitor idx
        self.contracts = {}               # member id -> day index of first /apply/complete.do
        self.joined = {}                  # member id -> day index of sign-up
        self.malformed = collections.Counter()   # (file key, kind) -> n
        self.visitors_by_day = collections.defaultdict(set)
        self.kinds = collections.Counter()

    # ---- time ------------------------------------------------------------
    def ts(self, t):
        s = self.tcache.get(t)
        if s is None:
            if len(self.tcache) > 200_000:
                self.tcache.clear()
            d = datetime.datetime.fromtimestamp(t, TZ)
            s = "[%02d/%s/%d:%02d:%02d:%02d +0900]" % (d.day, MONTHS[d.month - 1], d.year,
                                                       d.hour, d.minute, d.second)
            self.tcache[t] = s
        return s

    # ---- events ----------------------------------------------------------
    def push(self, t, server, line, delay=0):
        if t >= self.end:
            return
        self.seq += 1
        self.generated += 1
        heapq.heappush(self.heap, (t + delay, self.seq, self.writers_for(t, server), line))

    def flush_until(self, t):
        heap = self.heap
        writers = self.writers
        q = self.comp.q
        pop = heapq.heappop
        limit = self.limit
        while heap and heap[0][0] <= t:
            emit, _, key, line = pop(heap)
            writers[key].write(line, emit, q)
            self.written += 1
            if limit is not None and self.written >= limit:
                self.done = True
                heap.clear()
                return

    # ---- visitors --------------------------------------------------------
    def visitor(self, idx, day):
        h = mix64(idx ^ self.salt)
        h2 = mix64(h)
        v = Visitor()
        v.idx = idx
        v.h = h
        r = (h & 0xFFFF) * UA_TOTAL >> 16
        i = 0
        while UA_CW[i] <= r:
            i += 1
        v.dev = UAS[i][1]
        v.ua = UAS[i][2]
        v.proto = "HTTP/2.0" if (h >> 16) % 10 < 3 and v.dev == "d" else "HTTP/1.1"
        v.host = "https://m.klife.example" if v.dev == "m" else "https://www.klife.example"
        # client IP
        x = h2 >> 8
        if (h >> 20) % 100 < 3:
            v.ip = "2001:db8:%x:%x::%x" % ((x >> 4) & 0xFFFF, (x >> 20) & 0xFFF, (x >> 32) & 0xFFFF)
        elif v.dev == "m":
            y = mix64(h ^ (day + 1)) if (h >> 27) % 4 else h2   # most phones get a new IP daily
            v.ip = "100.%d.%d.%d" % (64 + (y & 63), (y >> 6) & 255, 1 + (y >> 14) % 254)
        else:
            k = (h >> 28) % 10
            if k < 4:
                v.ip = "10.%d.%d.%d" % ((x >> 8) & 255, (x >> 16) & 255, 1 + (x >> 24) % 254)
            elif k < 5:
                v.ip = "172.%d.%d.%d" % (16 + (x & 15), (x >> 16) & 255, 1 + (x >> 24) % 254)
            elif k < 7:
                v.ip = "192.168.%d.%d" % ((x >> 16) & 255, 1 + (x >> 24) % 254)
            else:
                v.ip = "%s.%d" % (("203.0.113", "198.51.100", "192.0.2")[(x >> 8) % 3],
                                  1 + (x >> 24) % 254)
        c = (h >> 36) % 100
        v.cmode = 0 if c >= 12 else (1 if c >= 3 else 2)   # 0 keeps cookies, 1 none, 2 private
        v.uid = "%016x" % h2
        # other cookies sent by the browser (analytics, preferences)
        ga_t = 1700000000 + (h2 >> 20) % 60000000
        pre = []
        post = []
        if (h >> 44) % 10 < 4:
            pre.append("_ga=GA1.2.%d.%d" % (1000000000 + (h2 >> 3) % 999999999, ga_t))
        if (h >> 48) % 100 < 10:
            pre.append("_fbp=fb.1.%d%03d.%d" % (ga_t, h % 1000, 100000000 + (h2 >> 11) % 899999999))
        if (h >> 52) % 10 < 2:
            post.append("wcs_bt=s_%x:%d" % ((h2 >> 4) & 0xFFFFFFFFFFF, ga_t + 86400))
        if (h >> 56) % 10 < 1:
            post.append("WN_PREF=font%3Dmid%7Cmenu%3Dopen%7Clang%3Dko")
        v.pre = "; ".join(pre)
        v.post = "; ".join(post)
        gi = (h2 >> 40) % 5
        v.group = gi
        g = GROUP_NAMES[gi]
        v.member = None
        if v.cmode == 0 and (h >> 40) % 100 < 30:
            v.member = self.member_fmt % ((idx * 7919 + 12345) % self.member_mod)
        elif idx in self.signups:
            v.member = self.signups[idx]
        base_year = {"family": 1983, "senior": 1958, "young": 1996, "wealth": 1968, "loan": 1978}[g]
        v.birth = base_year + (h2 >> 24) % 10
        v.gender = "F" if (h2 >> 30) & 1 else "M"
        v.children = (1 + (h2 >> 32) % 3) if g == "family" else ((h2 >> 32) % 3 if g in ("senior", "wealth") else 0)
        occ = OCCUPATIONS[(h2 >> 50) % len(OCCUPATIONS)]
        if occ == "학생" and v.birth < 1999:
            occ = "회사원"
        if v.birth < 1964 and (h2 >> 56) % 3 == 0:
            occ = "은퇴"
        v.occ = occ
        return v

    def cookie(self, v, uid, jsid, mem, extra=True):
        parts = []
        if v.pre and extra:
            parts.append(v.pre)
        parts.append("WNUID=" + uid)
        if jsid:
            parts.append("JSESSIONID=" + jsid)
        if mem is not None:
            parts.append("WNMID=" + mem)
        if v.post and extra:
            parts.append(v.post)
        return "; ".join(parts)

    # ---- human visits ----------------------------------------------------
    def pick_product(self, v, loan_ok=True):
        codes, cw, _ = GROUP_CW[v.group]
        c = self.rng.choices(codes, cum_weights=cw)[0]
        if not loan_ok and c.startswith("LN"):
            c = "LI00%d" % (1 + self.rng.randrange(9))
        return c

    def edu_page(self, v):
        rng = self.rng
        kids = rng.random() < GROUP_CW[v.group][2]
        pages = KIDS_PAGES if kids else FIN_PAGES
        return pages[rng.randrange(len(pages))]

    def search_ref(self, v, kw):
        rng = self.rng
        r = rng.randrange(SE_CW[-1])
        i = 0
        while SE_CW[i] <= r:
            i += 1
        eng = SEARCH_ENGINES[i]
        if i == 1 and rng.random() < 0.3:
            return "https://www.google.com/"      # modern Google: no keyword -> referral
        euc = rng.random() < 0.05 and not kw.isascii()
        q = quote_plus(kw, encoding="euc-kr" if euc else "utf-8")
        tmpl = eng[2] if v.dev == "m" else eng[1]
        return tmpl.replace("{ie}", "euc-kr" if euc else "utf8").replace("{q}", q)

    def plan_visit(self, v, day, member):
        """Returns (referrer, pages). A page is [method, url, status, flag];
        flag: 'login' 'join' 'logout' 'redir' 'apply' or ''."""
        rng = self.rng
        r = rng.random()
        can_login = v.cmode != 1
        # intent
        if member and can_login:
            intents = (("bounce", 26), ("browse", 18), ("funnel", 12), ("edu", 8), ("consult", 5),
                       ("search", 4), ("member", 27))
        else:
            intents = (("bounce", 33), ("browse", 25), ("funnel", 12), ("edu", 13), ("consult", 4),
                       ("search", 8), ("signup", 5 if can_login else 0))
        tot = sum(w for _, w in intents)
        x = r * tot
        for intent, w in intents:
            x -= w
            if x < 0:
                break
        # channel and landing page
        code = self.pick_product(v)
        c = rng.random()
        email_w = (0.10, 0.05, 0.02)[min(day, 2)] if member else 0.01
        pages = []
        ref = "-"
        landing = None
        if c < email_w:
            landing = rng.choice(["/event/autumn2026.do", prod_url("LI004"), prod_url("LI006")])
            landing += ("&" if "?" in landing else "?") + "em=" + EMAIL_ID
            ref = rng.choice(EMAIL_REFS)
        elif c < email_w + 0.05:
            landing = prod_url(rng.choice(["LI006", "LI004", "LI003"])) + "&" + UTM
            ref = "-" if rng.random() < 0.7 else "https://pf.kakao.com/_xAbCdE"
        elif c < email_w + 0.10:
            bn = rng.choices(BANNERS, weights=[b[2] for b in BANNERS])[0]
            landing = bn[1] + "?bn=" + bn[0]
            ref = rng.choice(BANNER_REFS)
        elif c < email_w + 0.42:
            # search engines: the keyword follows the intent
            if intent == "edu":
                tg = "kids" if rng.random() < GROUP_CW[v.group][2] else "fin"
            elif intent == "member":
                tg = "login"
            elif intent in ("bounce", "browse") and rng.random() < 0.25:
                tg = rng.choice(["index", "faq", "calc"])
            else:
                tg = code if code in KW_BY_TARGET else "index"
            kw = rng.choice(KW_BY_TARGET[tg])
            ref = self.search_ref(v, kw)
            if tg in ("kids", "fin"):
                landing = KIDS_PAGES[0] if tg == "kids" else FIN_PAGES[rng.randrange(len(FIN_PAGES))]
            elif tg == "index":
                landing = "/index.do"
            elif tg == "login":
                landing = "/member/login.do"
            elif tg == "faq":
                landing = "/customer/faq.do"
            elif tg == "calc":
                landing = "/calc/premium.do?prodCd=" + code
            else:
                landing = prod_url(tg)
                code = tg
        elif c < email_w + 0.50:
            ref = rng.choice(SOCIAL_REFS)
            landing = self.edu_page(v) if rng.random() < 0.6 else rng.choice(EVENT_PAGES[:3])
        elif c < email_w + 0.58:
            ref = rng.choice(REFERRAL_REFS)
            landing = prod_url(code) if rng.random() < 0.6 else "/index.do"
        else:
            # direct: typed URL, bookmark, app link; a few stale tabs on the site itself
            if rng.random() < 0.03:
                ref = v.host + "/index.do"
            if intent == "member":
                landing = "/index.do" if rng.random() < 0.7 else "/mypage/contract.do"
            elif intent == "edu":
                landing = self.edu_page(v)
            elif intent == "funnel" and rng.random() < 0.5:
                landing = prod_url(code)
            else:
                y = rng.random()
                landing = "/" if y < 0.15 else ("/index.do" if y < 0.85 else prod_url(code))
        if landing == "/":
            pages.append(["GET", "/", 302, "redir"])
            landing = "/index.do"
        if landing == "/mypage/contract.do":       # session expired: back to the login page
            pages.append(["GET", "/mypage/contract.do", 302, "redir"])
            landing = "/member/login.do?returnUrl=%2Fmypage%2Fcontract.do"
        pages.append(["GET", landing, 200, ""])
        if intent == "bounce":
            return ref, pages

        add = pages.append
        # optional login for members on other intents
        logged = False
        if member and can_login and (intent == "member" or
                                     (intent in ("funnel", "consult") and rng.random() < 0.55) or
                                     rng.random() < 0.15):
            if not landing.startswith("/member/login.do"):
                if rng.random() < 0.8:
                    add(["GET", "/member/login.do", 200, ""])
            add(["POST", "/member/login.do", 200, "login"])
            if rng.random() < 0.04:      # wrong password, second try
                add(["POST", "/member/login.do", 200, ""])
                pages[-2][3] = ""
                pages[-1][3] = "login"
            logged = True
            add(["GET", "/mypage/index.do" if rng.random() < 0.6 else "/index.do", 200, ""])

        def detour():
            y = rng.random()
            if y < 0.4:
                add(["GET", prod_url(self.pick_product(v)), 200, ""])
            elif y < 0.7:
                add(["GET", self.edu_page(v), 200, ""])
            else:
                add(["GET", MISC_PAGES[rng.randrange(len(MISC_PAGES))], 200, ""])

        if intent == "member":
            add(["GET", "/mypage/contract.do", 200, ""])
            if rng.random() < 0.4:
                add(["GET", "/mypage/payment.do", 200, ""])
            for _ in range(rng.randrange(3)):
                detour()
            if rng.random() < 0.15:
                self.funnel_steps(v, code, add, detour, pages)
        elif intent == "funnel":
            self.funnel_steps(v, code, add, detour, pages)
        elif intent == "browse":
            if landing != "/index.do" and rng.random() < 0.5:
                add(["GET", "/index.do", 200, ""])
            if rng.random() < 0.12:
                add(["GET", "/event/autumn2026.do?bn=BN_AUTUMN01", 200, ""])   # internal banner
            if rng.random() < 0.4:
                add(["GET", "/product/insurance/list.do" if not code.startswith("LN")
                     else "/product/loan/list.do", 200, ""])
            for _ in range(1 + int(rng.expovariate(0.55))):
                y = rng.random()
                if y < 0.65:
                    add(["GET", prod_url(self.pick_product(v)), 200, ""])
                else:
                    detour()
            if rng.random() < 0.15:
                add(["GET", "/calc/premium.do?prodCd=" + self.pick_product(v, False), 200, ""])
        elif intent == "edu":
            for _ in range(1 + int(rng.expovariate(0.4))):
                add(["GET", self.edu_page(v), 200, ""])
            if rng.random() < 0.25:
                kidsish = any("/kids/" in p[1] for p in pages)
                add(["GET", prod_url("LI003" if kidsish else self.pick_product(v)), 200, ""])
        elif intent == "consult":
            if "prodCd=" not in landing:
                add(["GET", prod_url(code), 200, ""])
            if rng.random() < 0.3:
                detour()
            add(["GET", "/consult/request.do?prodCd=" + code, 200, ""])
            if rng.random() < 0.7:
                add(["POST", "/consult/request.do?prodCd=" + code, 200, ""])
                if rng.random() < 0.5:
                    add(["GET", "/consult/complete.do", 200, ""])
        elif intent == "search":
            kw = rng.choice(KEYWORDS)[0]
            add(["GET", "/search.do?q=" + quote_plus(kw), 200, ""])
            for _ in range(int(rng.expovariate(0.7))):
                add(["GET", prod_url(self.pick_product(v)), 200, ""])
            if rng.random() < 0.2:
                add(["GET", "/search.do?q=" + quote_plus(rng.choice(KEYWORDS)[0]) + "&page=2", 200, ""])
        elif intent == "signup":
            if rng.random() < 0.5:
                add(["GET", "/index.do", 200, ""])
            add(["GET", "/member/join.do", 200, ""])
            if rng.random() < 0.75:
                add(["GET", "/member/join.do?step=2", 200, ""])
                add(["POST", "/member/join.do", 200, "join"])
                add(["GET", "/member/join_complete.do", 200, ""])
                if rng.random() < 0.5:
                    detour()
        if logged and rng.random() < 0.2:
            add(["GET", "/member/logout.do", 302, "logout"])
            add(["GET", "/index.do", 200, ""])
        # occasional dead link and server hiccups
        if rng.random() < 0.006:
            pages.insert(rng.randrange(1, len(pages) + 1),
                         ["GET", "/product/insurance/detail_old.do?prodCd=" + code, 404, ""])
        if rng.random() < 0.004:
            pages.insert(rng.randrange(1, len(pages) + 1),
                         ["GET", prod_url(UNKNOWN_CODE), 200, ""])
        if len(pages) > 40:
            del pages[40:]
        return ref, pages

    def funnel_steps(self, v, code, add, detour, pages):
        rng = self.rng
        if code.startswith("LN"):
            code = self.pick_product(v, False)
        if not any(p[1] == prod_url(code) for p in pages):
            add(["GET", prod_url(code), 200, ""])
        if rng.random() < 0.25:
            detour()
        out_of_order = rng.random() < 0.08
        if out_of_order:                       # form first, then back to the calculator
            add(["GET", "/apply/form.do?prodCd=" + code, 200, ""])
        if rng.random() < 0.62:
            add(["GET", "/calc/premium.do?prodCd=" + code, 200, ""])
            if rng.random() < 0.8:
                if rng.random() < 0.03:
                    add(["POST", "/calc/premium.do?prodCd=" + code, 500, ""])
                add(["POST", "/calc/premium.do?prodCd=" + code, 200, ""])
                if rng.random() < 0.2:
                    add(["POST", "/calc/premium.do?prodCd=" + code, 200, ""])  # another quote
            else:
                return
        else:
            return
        if rng.random() < 0.2:
            detour()
        if rng.random() < 0.5:
            if not out_of_order or rng.random() < 0.5:
                add(["GET", "/apply/form.do?prodCd=" + code, 200, ""])
            if rng.random() < 0.55:
                add(["POST", "/apply/form.do?prodCd=" + code, 200, ""])
                if rng.random() < 0.85:
                    add(["GET", "/apply/complete.do?prodCd=%s&applNo=A%d%05d" % (
                        code, 20261117, rng.randrange(100000)), 200, "apply"])

    def human_visit(self, t, day):
        rng = self.rng
        idx = self.picker.pick(t)
        v = self.visitor(idx, day)
        if len(self.cookie_set) <= idx:
            self.cookie_set.extend(b"\0" * (idx + 4096 - len(self.cookie_set)))
        # visitors known before the log window already carry their cookie
        known = self.cookie_set[idx] or ((v.h >> 60) < 9 and v.cmode == 0)
        member = v.member
        if self.visitors_by_day is not None:
            self.visitors_by_day[day].add(idx)
        ref, pages = self.plan_visit(v, day, member)
        self.emit_visit(v, pages, ref, t, day, known)

    def emit_visit(self, v, pages, ref, t, day, known):
        rng = self.rng
        S = self.S
        push = self.push
        ts = self.ts
        ua = v.ua
        proto = v.proto
        host = v.host
        pre = v.ip + " - - "
        sticky = rng.random() < 0.8
        srv = rng.randrange(S)
        cmode = v.cmode
        if cmode == 2:
            uid = "%016x" % rng.getrandbits(64)
            have_uid = False
        else:
            uid = v.uid
            have_uid = bool(known)
        jsid = None
        mem = None
        member_id = v.member
        if cmode == 1:
            cookie = "-"
        else:
            cookie = self.cookie(v, uid, None, None) if have_uid else "-"
        statics = MOBILE_STATIC if v.dev == "m" else DESKTOP_STATIC
        cold = not have_uid or rng.random() < 0.3
        extra = have_uid            # analytics cookies appear once the first page has run its scripts
        first = True
        prev_redir = False
        for i, (method, url, status, flag) in enumerate(pages):
            if i:
                if prev_redir:
                    t += rng.randrange(2)
                else:
                    x = rng.random()
                    if x < 0.01:
                        t += rng.randrange(600, 1500)          # long read, still < 30 min
                    else:
                        t += min(300, max(5, int(rng.lognormvariate(3.5, 0.9))))
                    if method == "POST":
                        t += rng.randrange(5, 60)               # filling in the form
            if not extra and i and not prev_redir and cmode != 1:
                extra = True
                cookie = self.cookie(v, uid, jsid, mem, True)
            if not sticky:
                srv = rng.randrange(S)
            if status == 200 and not cold and method == "GET" and rng.random() < 0.01:
                status = 304                                      # browser revalidated the page
            if status == 304:
                size = "-"
            elif status == 302:
                size = "-" if rng.random() < 0.5 else "229"
            elif status == 500:
                size = "538"
            else:
                size = 7000 + (hash_str(url) % 30000) + rng.randrange(800)
            delay = 0
            if method == "POST" and rng.random() < 0.35:
                delay = rng.randrange(1, 30)                     # slow backend: logged on completion
            elif rng.random() < 0.002:
                delay = rng.randrange(1, 61)
            line = '%s%s "%s %s %s" %s %s "%s" "%s" "%s"\n' % (
                pre, ts(t), method, url, proto, status, size, ref, ua, cookie)
            push(t, srv, line, delay)
            # cookie state after this hit
            changed = False
            if cmode != 1:
                if not have_uid:
                    have_uid = True
                    changed = True
                if jsid is None:
                    jsid = "%024X.web%d" % (rng.getrandbits(96), srv + 1)
                    changed = True
                if flag == "login" and member_id:
                    mem = member_id
                    changed = True
                elif flag == "join":
                    mid = self.signups.get(v.idx)
                    if mid is None:
                        self.n_signups += 1
                        mid = "M%06d" % (800000 + self.n_signups) if self.member_mod == 800_000 \
                            else "M%08d" % (80_000_000 + self.n_signups)
                        self.signups[v.idx] = mid
                        self.joined[mid] = day
                    member_id = mid
                    mem = mid
                    changed = True
                elif flag == "logout":
                    mem = ""
                    changed = True
                if changed:
                    cookie = self.cookie(v, uid, jsid, mem, extra)
                if mem:
                    self.members_seen.setdefault(mem, v.idx)
                    if flag == "apply" and mem not in self.contracts:
                        self.contracts[mem] = day
            if flag == "login" and member_id:
                self.members_seen.setdefault(member_id, v.idx)
            if flag == "redir":
                prev_redir = True
                continue
            prev_redir = False
            if status >= 400:
                ref = host + url
                continue
            # static hits after the page
            page_ref = host + url
            if first or cold:
                lst = list(statics)
                if v.dev != "m":
                    lst.extend(FONTS)
                lst.extend(page_images(url))
                cold = False
                rev = False
            else:
                lst = page_images(url)
                if method == "POST":
                    lst = lst[:1]
                rev = True
            first = False
            for s in lst:
                if rev and rng.random() < 0.35:
                    continue                                      # served from cache
                st = 200
                ssize = static_size(s)
                if rev and rng.random() < 0.4:
                    st = 304
                    ssize = "-"
                sref = host + "/css/common.css?v=20261101" if s.startswith("/fonts/") else page_ref
                if not sticky:
                    srv = rng.randrange(S)
                ts_ = t + rng.randrange(3)
                push(ts_, srv, '%s%s "GET %s %s" %d %s "%s" "%s" "%s"\n' % (
                    pre, ts(ts_), s, proto, st, ssize, sref, ua, cookie))
            if rng.random() < 0.03:
                s = MISSING_STATIC[rng.randrange(len(MISSING_STATIC))]
                push(t + 1, srv, '%s%s "GET %s %s" 404 %d "%s" "%s" "%s"\n' % (
                    pre, ts(t + 1), s, proto, 196 + len(s), page_ref, ua, cookie))
            ref = page_ref
        if cmode == 0:
            self.cookie_set[v.idx] = 1

    # ---- bots and other traffic -------------------------------------------
    def bot_ip(self, k):
        return "%s.%d" % (("198.51.100", "203.0.113", "192.0.2")[k % 3], 1 + (k * 37) % 254)

    def bot_session(self, t):
        rng = self.rng
        r = rng.randrange(BOT_CW[-1])
        i = 0
        while BOT_CW[i] <= r:
            i += 1
        _, kind, ua = BOTS[i]
        ip = self.bot_ip(i * 11 + rng.randrange(5)) if rng.random() < 0.97 else \
            "2001:db8:ffff:%x::%x" % (i, 1 + rng.randrange(200))
        srv = rng.randrange(self.S)
        pre = ip + " - - "
        ts = self.ts
        push = self.push

        def hit(t, method, url, status, size, ref="-"):
            push(t, srv, '%s%s "%s %s HTTP/1.1" %d %s "%s" "%s" "-"\n' % (
                pre, ts(t), method, url, status, size, ref, ua))

        if kind == "robots_h":          # a person looking at robots.txt in a browser
            hit(t, "GET", "/robots.txt", 200, 214)
            return
        if kind == "curl":
            for _ in range(1 + rng.randrange(3)):
                url = rng.choice(["/index.do", "/robots.txt", "/health/check", prod_url("LI001")])
                method = "HEAD" if rng.random() < 0.4 else "GET"
                hit(t, method, url, 200, 2 if url == "/health/check" else
                    (214 if url.endswith(".txt") else 18000 + rng.randrange(9000)))
                t += rng.randrange(1, 20)
            return
        if kind == "fb":
            url = rng.choice(EVENT_PAGES[:3] + [prod_url("LI003"), KIDS_PAGES[1]])
            hit(t, "GET", url, 200, 15000 + rng.randrange(9000))
            if rng.random() < 0.6:
                hit(t + 1, "GET", page_images(url)[0], 200, static_size(page_images(url)[0]))
            return
        n = 1 + int(rng.expovariate(1 / 12.0))
        if kind == "scrape":
            n = 10 + rng.randrange(60)
        n = min(n, 150)
        if kind == "crawl" and rng.random() < 0.35:
            hit(t, "GET", "/robots.txt", 200, 214)
            t += rng.randrange(1, 5)
        for _ in range(n):
            y = rng.random()
            status = 200
            if kind == "scrape":
                url = prod_url(PRODUCTS[rng.randrange(len(PRODUCTS))][0])
                if rng.random() < 0.1:
                    url = "/calc/premium.do?prodCd=" + PRODUCTS[rng.randrange(9)][0]
            elif y < 0.45:
                c = PRODUCTS[rng.randrange(len(PRODUCTS))][0] if rng.random() < 0.97 else UNKNOWN_CODE
                url = prod_url(c)
            elif y < 0.65:
                url = rng.choice(KIDS_PAGES + FIN_PAGES)
            elif y < 0.75:
                url = rng.choice(MISC_PAGES + EVENT_PAGES)
            elif y < 0.82:
                url = "/index.do"
            elif y < 0.88:
                url = rng.choice(DESKTOP_STATIC[:5])
            elif y < 0.93:
                url = "/product/old/detail.jsp?code=%d" % rng.randrange(100, 140)
                status = 301
            elif y < 0.97:
                url = rng.choice(["/notice/view.jsp?no=%d" % rng.randrange(1, 900),
                                  "/product/insurance/detail_2019.do", "/sitemap.xml"])
                status = 404 if "sitemap" not in url else 200
            else:
                url = "/search.do?q=" + quote_plus(rng.choice(KEYWORDS)[0])
            if status == 200:
                size = static_size(url) if "." in url.rsplit("/", 1)[-1].split("?")[0].replace(".do", "") \
                    else 9000 + rng.randrange(30000)
                if rng.random() < 0.05 and kind == "crawl":
                    status, size = 304, "-"
            elif status == 301:
                size = 245
            else:
                size = 1024
            hit(t, "GET", url, status, size)
            t += rng.randrange(1, 25) if kind == "crawl" else rng.randrange(0, 3)

    def email_open(self, t):
        rng = self.rng
        ua = OPEN_UAS[rng.randrange(len(OPEN_UAS))]
        k = rng.getrandbits(32)
        ip = "10.%d.%d.%d" % ((k >> 8) & 255, (k >> 16) & 255, 1 + (k >> 24) % 254)
        url = "/mail/open.gif?em=%s&rcpt=%08x" % (EMAIL_ID, rng.getrandbits(32))
        ref = "-" if rng.random() < 0.7 else "https://mail.naver.com/"
        self.push(t, rng.randrange(self.S), '%s - - %s "GET %s HTTP/1.1" 200 43 "%s" "%s" "-"\n' % (
            ip, self.ts(t), url, ref, ua))
        if rng.random() < 0.08:          # Outlook checks the links of the mail with HEAD
            self.push(t + 2, rng.randrange(self.S),
                      '%s - - %s "HEAD /event/autumn2026.do?em=%s HTTP/1.1" 200 - "-" "%s" "-"\n' % (
                          ip, self.ts(t + 2), EMAIL_ID, OUTLOOK_HEAD_UA))

    def admin_session(self, t):
        rng = self.rng
        srv = rng.randrange(self.S)
        ua = UAS[1][2]
        ck = "WNUID=00adm1n0000%05x; JSESSIONID=%032X.web%d" % (rng.randrange(1 << 20),
                                                               rng.getrandbits(128), srv + 1)
        for url, m in (("/admin/login.do", "GET"), ("/admin/login.do", "POST"),
                       ("/admin/stats/daily.do?day=%s" % self.day_str(t), "GET"),
                       ("/admin/member/list.do?page=1", "GET"),
                       ("/admin/css/admin.css", "GET")):
            self.push(t, srv, '10.10.1.%d - kadmin %s "%s %s HTTP/1.1" 200 %d "%s" "%s" "%s"\n' % (
                20 + srv, self.ts(t), m, url, 3000 + rng.randrange(20000),
                "https://www.klife.example/admin/login.do" if m == "GET" and "login" not in url else "-",
                ua, ck))
            t += rng.randrange(2, 40)

    def day_str(self, t):
        d = datetime.datetime.fromtimestamp(t, TZ)
        return "%04d-%02d-%02d" % (d.year, d.month, d.day)

    def fixed(self, t, kind, srv):
        """Health checks, MyMonitor, malformed and escaped-quote lines."""
        rng = self.rng
        ts = self.ts
        k = rng.getrandbits(32)
        sip = "%s.%d" % (("203.0.113", "198.51.100")[k & 1], 1 + (k >> 8) % 254)
        if kind == "health":
            line = '10.0.0.2 - - %s "GET /health/check HTTP/1.1" 200 2 "-" "%s" "-"\n' % (ts(t), HEALTH_UA)
        elif kind == "monitor":
            line = '192.0.2.200 - - %s "GET /index.do HTTP/1.1" 200 %d "-" "%s" "-"\n' % (
                ts(t), 21000 + rng.randrange(500), MYMONITOR_UA)
        elif kind == "tls":
            junk = "".join("\\x%02x" % rng.randrange(256) for _ in range(10 + rng.randrange(20)))
            line = '%s - - %s "\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03%s" 400 226 "-" "-" "-"\n' % (
                sip, ts(t), junk)
        elif kind == "empty":
            line = '%s - - %s "-" 400 - "-" "-" "-"\n' % (sip, ts(t))
        elif kind == "loneword":
            line = '%s - - %s "%s" 400 226 "-" "-" "-"\n' % (
                sip, ts(t), rng.choice(["GET", "HELP", "quit", "stats", "OPTIONS"]))
        elif kind == "baddate":
            d = datetime.datetime.fromtimestamp(t, TZ)
            bad = rng.choice([
                "[%02d/%s/%d:25:%02d:%02d +0900]" % (d.day, MONTHS[d.month - 1], d.year, d.minute, d.second),
                "[%02d/Nvm/%d:%02d:%02d:%02d +0900]" % (d.day, d.year, d.hour, d.minute, d.second),
                "[%d-%02d-%02dT%02d:%02d:%02d+09:00]" % (d.year, d.month, d.day, d.hour, d.minute, d.second),
                "[00/%s/%d:%02d:%02d:%02d +0900]" % (MONTHS[d.month - 1], d.year, d.hour, d.minute, d.second),
            ])
            line = '%s - - %s "GET /index.do HTTP/1.1" 200 23110 "-" "%s" "-"\n' % (sip, bad, UAS[0][2])
        elif kind == "truncated":
            ua = UAS[rng.randrange(len(UAS))][2]
            full = '%s - - %s "GET /js/common.js?v=20261101 HTTP/1.1" 200 %d "https://www.klife.example/index.do" "%s" "WNUID=%016x"' % (
                sip, ts(t), static_size("/js/common.js?v=20261101"), ua, rng.getrandbits(64))
            cut = full.index(ua) + 5 + rng.randrange(len(ua) - 10)
            line = full[:cut] + "\n"
        elif kind == "quote_req":    # valid line: WAF-blocked probe with raw quotes in the target
            line = '%s - - %s "GET /search.do?q=1\\"OR\\"1\\"=\\"1 HTTP/1.1" 403 199 "-" "%s" "-"\n' % (
                sip, ts(t), UAS[2][2])
        elif kind == "quote_ua":     # valid line: quotes inside the User-Agent
            line = '%s - - %s "GET /index.do HTTP/1.1" 200 23342 "-" "Mozilla/5.0 (compatible; \\"KLifeApp\\" 3.2; Android 14) Mobile" "-"\n' % (
                sip, ts(t))
        else:
            raise ValueError(kind)
        self.push(t, srv, line)
        if kind in MALFORMED_KINDS and t < self.end:
            self.malformed[(self.writers_for(t, srv), kind)] += 1

    # ---- main loop -------------------------------------------------------
    def run(self, writers, H_day, B_day, O_days, fixed_plan, target=None, est_lines=None):
        """H_day human visits, B_day bot sessions per day, O_days e-mail opens per day
        (list); fixed_plan(day) -> dict minute -> [(t, kind, server)].  With a target
        line count, the session rates are steered online so the run ends at ~target."""
        self.writers = writers
        self.comp = Compressor()
        rng = self.rng
        c = 1.0
        exp_done = 0.0      # expected lines of the minutes done, at the c used
        act_base = 0
        per_min_exp = None
        if target is not None:
            mh, mb = est_lines
            per_min_exp = []
            for day in range(self.days):
                for m in range(1440):
                    per_min_exp.append(H_day * MINUTE_W[m] / 1440 * mh + B_day / 1440 * mb
                                       + O_days[day] * MINUTE_W[m] / 1440)
            rem_exp = sum(per_min_exp)
        gi = 0
        for day in range(self.days):
            fresh = min(1.0, self.picker.V / max(1.0, H_day))
            self.picker.start_day(day, 1.0 - fresh)
            plan = fixed_plan(day)
            d0 = self.base + day * DAY
            for m in range(1440):
                m0 = d0 + m * 60
                if target is not None:
                    e = per_min_exp[gi]
                    if gi > 30 and exp_done > 0:
                        rho = (self.generated - act_base) / exp_done
                        need = target - self.generated
                        c = max(0.3, min(3.0, need / max(1.0, rho * rem_exp)))
                    exp_done += c * e
                    rem_exp -= e
                    gi += 1
                lam_h = c * H_day * MINUTE_W[m] / 1440
                lam_b = c * B_day / 1440
                lam_o = c * O_days[day] * MINUTE_W[m] / 1440
                sess = []
                for kind, lam in ((0, lam_h), (1, lam_b), (2, lam_o)):
                    n = int(lam)
                    if rng.random() < lam - n:
                        n += 1
                    for _ in range(n):
                        sess.append((m0 + rng.randrange(60), kind, 0))
                for (t, kind, srv) in plan.get(m, ()):
                    sess.append((t, 10 + FIXED_KINDS.index(kind), srv))
                sess.sort()
                for t, kind, srv in sess:
                    self.flush_until(t)
                    if self.done:
                        break
                    if kind == 0:
                        self.kinds["human"] += 1
                        self.human_visit(t, day)
                    elif kind == 1:
                        self.kinds["bot"] += 1
                        self.bot_session(t)
                    elif kind == 2:
                        self.email_open(t)
                    elif FIXED_KINDS[kind - 10] == "admin":
                        self.admin_session(t)
                    else:
                        self.fixed(t, FIXED_KINDS[kind - 10], srv)
                if self.done:
                    break
            if self.done:
                break
        self.flush_until(1 << 62)
        ws = list(writers.values()) if isinstance(writers, dict) else writers
        self.comp.close(ws)


MALFORMED_KINDS = ("truncated", "loneword", "baddate", "tls", "empty")
FIXED_KINDS = ("health", "monitor", "admin") + MALFORMED_KINDS + ("quote_req", "quote_ua")


def make_fixed_plan(gen, S, per_kind_per_file, admin_per_day, quote_per_file):
    """Deterministic per-day schedule of health checks, MyMonitor checks, admin
    sessions, malformed lines and escaped-quote lines."""
    def plan(day):
        rng = gen.rng
        p = collections.defaultdict(list)
        d0 = gen.base + day * DAY
        for s in range(S):
            for m in range(0, 1440, 5):                      # load balancer health check
                p[m].append((d0 + m * 60 + 7 * s, "health", s))
            for m in range(37 + 11 * s, 1440, 360):          # MyMonitor: every 6 h per server
                p[m].append((d0 + m * 60 + 3, "monitor", s))
            for kind in MALFORMED_KINDS:
                for _ in range(per_kind_per_file[kind]):
                    t = d0 + 60 + rng.randrange(DAY - 120)
                    p[(t - d0) // 60].append((t, kind, s))
            for kind in ("quote_req", "quote_ua"):
                for _ in range(quote_per_file):
                    t = d0 + 60 + rng.randrange(DAY - 120)
                    p[(t - d0) // 60].append((t, kind, s))
        for _ in range(admin_per_day):
            t = d0 + (9 * 3600) + rng.randrange(9 * 3600)
            p[(t - d0) // 60].append((t, "admin", 0))
        return p
    return plan


# --------------------------------------------------------------------------
# Sample side files
# --------------------------------------------------------------------------

SITE_TOML = '''# footfall site configuration for the generated "K Life" sample logs
# (written by Scripts/generate_logs.py; see SPEC.md section 11).

[site]
name = "K Life"
hosts = ["www.klife.example", "m.klife.example"]  # referrers from these are internal
timezone = "Asia/Seoul"
log_format = "combined_cookie"
visit_timeout = 1800                  # seconds
visitor_cookie = "WNUID"
member_cookie = "WNMID"
customers = "customers.csv"           # paths are relative to this file
products = "products.csv"
campaign_costs = "campaigns.csv"
# static_extensions is not set: the default list of SPEC section 2 applies
exclude = ["/health/**", "/admin/**"]
bots = ["MyMonitor"]
social_hosts = ["band.us"]            # added to the social hosts of SPEC section 6
max_bad_ratio = 0.05
anonymize_ip = false

# ---- pages: first match wins --------------------------------------------

[[pages]]
match = "/product/insurance/*.do"
query = { prodCd = "*" }
product_from = "prodCd"
page = "보험상품 상세"
content = "상품/보험"

[[pages]]
match = "/product/insurance/**"
page = "보험상품 목록"
content = "상품/보험"
product_category = "보험"

[[pages]]
match = "/product/loan/*.do"
query = { prodCd = "*" }
product_from = "prodCd"
page = "대출상품 상세"
content = "상품/대출"

[[pages]]
match = "/product/loan/**"
page = "대출상품 목록"
content = "상품/대출"
product_category = "대출"

[[pages]]
match = "/content/edu/kids/**"
page = "어린이 경제교육"
content = "교육/어린이"

[[pages]]
match = "/content/edu/finance/**"
page = "금융 교육"
content = "교육/금융"

[[pages]]
match = "/calc/premium.do"
product_from = "prodCd"
page = "보험료 계산"
content = "서비스/보험료계산"

[[pages]]
match = "/apply/form.do"
product_from = "prodCd"
page = "청약서 작성"
content = "서비스/청약"

[[pages]]
match = "/apply/complete.do"
product_from = "prodCd"
page = "청약 완료"
content = "서비스/청약"

[[pages]]
match = "/consult/**"
product_from = "prodCd"
page = "상담 신청"
content = "서비스/상담"

[[pages]]
match = "/member/join.do"
page = "회원가입"
content = "회원"

[[pages]]
match = "/member/join_complete.do"
page = "회원가입 완료"
content = "회원"

[[pages]]
match = "/member/login.do"
page = "로그인"
content = "회원"

[[pages]]
match = "/mypage/**"
page = "마이페이지"
content = "회원/마이페이지"

[[pages]]
match = "/event/**"
page = "이벤트"
content = "이벤트"

[[pages]]
match = "/search.do"
page = "통합검색"
content = "검색"

[[pages]]
match = "/customer/**"
page = "고객센터"
content = "고객센터"

[[pages]]
match = "/index.do"
page = "메인"
content = "메인"

# ---- campaigns ------------------------------------------------------------

[campaigns]
banner_param = "bn"                    # ?bn=ID  -> medium banner, campaign ID
email_param = "em"                     # ?em=ID  -> medium email, campaign ID
email_open_pixel = "/mail/open.gif"

# ---- goals ----------------------------------------------------------------

[[goals]]
name = "signup_complete"
match = "/member/join_complete.do"

[[goals]]
name = "login"
match = "/member/login.do"
method = "POST"

[[goals]]
name = "premium_quote"
match = "/calc/premium.do"
method = "POST"
interest_weight = 5

[[goals]]
name = "consult_request"
match = "/consult/request.do"
method = "POST"
interest_weight = 10

[[goals]]
name = "apply_complete"
match = "/apply/complete.do"
interest_weight = 20

# ---- funnels --------------------------------------------------------------

[[funnels]]
name = "insurance_signup"
steps = ["/product/insurance/*.do", "/calc/premium.do", "/apply/form.do", "/apply/complete.do"]

# ---- audiences (SPEC section 15): `footfall audience NAME` ------------------

[[audiences]]
name = "maturing_customers"
description = "Customers whose contract matures within 20 days: the cross-sell / retention list"
segment = "customer"
maturity_within = 20
order_by = "interest"

[[audiences]]
name = "insurance_prospects"
description = "Members (not yet customers) interested in insurance who have not applied"
segment = "member"
interest = "보험:3"
not_reached = "apply_complete"
order_by = "interest"

[[audiences]]
name = "quote_dropouts"
description = "Members who got a premium quote but did not go on to the application form within a week"
dropped = "insurance_signup:2"
window = 7
order_by = "last_visit"
'''

CAMPAIGNS_CSV = [
    ("campaign", "medium", "cost", "sent"),
    ("BN_AUTUMN01", "banner", "3500000", ""),
    ("BN_KIDS02", "banner", "1200000", ""),
    ("EM2026NOV01", "email", "450000", "30000"),
    ("autumn_promo", "cpc", "2800000", ""),
    # BN_WINTER03 appears in the logs but deliberately has no row here
]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(r)


def customers_rows(gen, start):
    """customers.csv from the members seen in the logs (about 75% of them, all
    members who completed an application) plus some members never seen."""
    rows = [("member_id", "grade", "insured", "birth_year", "gender", "occupation", "children",
             "joined", "first_contract", "maturity_date")]
    end = start + datetime.timedelta(days=gen.days - 1)
    entries = []
    for mid, idx in gen.members_seen.items():
        entries.append((mid, idx, True))
    n_extra = max(40, len(entries) // 8)
    for k in range(n_extra):
        idx = 10_000_000 + k
        entries.append((gen.member_fmt % ((idx * 7919 + 12345) % gen.member_mod), idx, False))
    seen_ids = set()
    out = []
    for mid, idx, seen in entries:
        if mid in seen_ids:
            continue
        seen_ids.add(mid)
        v = gen.visitor(idx, 0)
        h = mix64(v.h ^ 0xC0FFEE)
        contract_day = gen.contracts.get(mid)
        joined_day = gen.joined.get(mid)
        if joined_day is not None and contract_day is None:
            if h % 3:                       # most sign-ups of the window are not exported yet
                continue
        elif seen and contract_day is None and h % 100 < 25:
            continue                        # plain member: not in the customer master
        insured = (h >> 8) % 100 < 55
        if joined_day is not None:
            joined = start + datetime.timedelta(days=joined_day)
        else:
            joined = datetime.date(2008, 1, 1) + datetime.timedelta(days=(h >> 16) % 6500)
            if joined > start - datetime.timedelta(days=5):
                joined = start - datetime.timedelta(days=5 + (h >> 30) % 300)
        first_contract = ""
        maturity = ""
        if contract_day is not None and not insured:
            insured = True
            fc = start + datetime.timedelta(days=contract_day)
            first_contract = fc.isoformat()
            maturity = (fc + datetime.timedelta(days=365 * (10 + (h >> 24) % 20))).isoformat()
            grade = "regular"
        elif insured:
            fc = joined + datetime.timedelta(days=(h >> 36) % 900)
            if fc >= start:
                fc = start - datetime.timedelta(days=1 + (h >> 40) % 60)
            first_contract = fc.isoformat()
            if (h >> 44) % 100 < 14:       # maturing soon: retention-watch material
                mat = end + datetime.timedelta(days=1 + (h >> 50) % 20)
            else:
                mat = fc + datetime.timedelta(days=365 * (5 + (h >> 50) % 25) + (h >> 20) % 200)
                if mat <= end + datetime.timedelta(days=20):
                    mat = end + datetime.timedelta(days=200 + (h >> 20) % 2000)
            maturity = mat.isoformat()
            grade = ("vip", "regular", "regular", "regular", "reactivated", "dormant")[(h >> 56) % 6]
        else:
            grade = ("prospect", "prospect", "regular", "churned", "dormant")[(h >> 56) % 5]
            if joined_day is not None:
                grade = "prospect"
        if grade == "churned" and insured:
            grade = "regular"
        out.append((mid, grade, "Y" if insured else "N", v.birth, v.gender, v.occ, v.children,
                    joined.isoformat(), first_contract, maturity))
    out.sort()
    return rows + out


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--sample", action="store_true", help="write the committed sample (default)")
    p.add_argument("--lines", type=int, help="benchmark: total number of lines")
    p.add_argument("--visitors", type=int, default=200000, help="benchmark: visitors per day")
    p.add_argument("--days", type=int, default=None)
    p.add_argument("--servers", type=int, default=None)
    p.add_argument("--out", help="output file (benchmark, S=1) or directory")
    p.add_argument("--start", default="2026-11-17", help="first day (Asia/Seoul), YYYY-MM-DD")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.lines is not None and a.sample:
        p.error("--sample and --lines are exclusive")
    if a.lines is not None and not a.out:
        p.error("--lines needs --out")
    return a


# measured averages (lines per human visit, per bot session) used as priors
EST_HUMAN_LINES = 16.5
EST_BOT_LINES = 13.0
BOT_SESSION_SHARE = 0.14     # bot sessions per human visit -> ~10% bot hits


def run_sample(a):
    start = datetime.date.fromisoformat(a.start)
    days = a.days or 3
    S = a.servers or 2
    out = a.out or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "SampleLogs")
    os.makedirs(out, exist_ok=True)
    V = 1100
    H_day = V * 1.3

    writers = {}
    gen = None

    def writers_for(t, s):
        return ((t - gen.base) // DAY) * S + s

    gen = Generator(a.seed, start, days, S, V, writers_for)
    names = {}
    for d in range(days):
        ds = (start + datetime.timedelta(days=d)).isoformat()
        for s in range(S):
            path = os.path.join(out, "web%d-%s.log.gz" % (s + 1, ds))
            split = None
            if d == min(1, days - 1) and s == min(1, S - 1):
                split = gen.base + d * DAY + 12 * 3600       # second gzip member from noon
            writers[d * S + s] = GzWriter(path, split)
            names[d * S + s] = path
    fixed = make_fixed_plan(gen, S, {"truncated": 4, "loneword": 4, "baddate": 4, "tls": 5,
                                     "empty": 5}, 3, 1)
    opens = [(495, 270, 135)[d] if d < 3 else 20 for d in range(days)]
    t0 = time.time()
    gen.run(writers, H_day, H_day * BOT_SESSION_SHARE, opens, fixed)
    el = time.time() - t0

    with open(os.path.join(out, "site.toml"), "w", encoding="utf-8") as f:
        f.write(SITE_TOML)
    write_csv(os.path.join(out, "products.csv"), [("code", "name", "category")] + PRODUCTS)
    write_csv(os.path.join(out, "campaigns.csv"), CAMPAIGNS_CSV)
    write_csv(os.path.join(out, "customers.csv"), customers_rows(gen, start))
    report(gen, writers, names, el)


def report(gen, writers, names, el):
    tot_l = tot_raw = tot_gz = 0
    for k in sorted(writers):
        w = writers[k]
        gz = os.path.getsize(w.path)
        tot_l += w.lines
        tot_raw += w.raw_bytes
        tot_gz += gz
        mal = {kind: gen.malformed[(k, kind)] for kind in MALFORMED_KINDS if gen.malformed[(k, kind)]}
        print("%s: %d lines, %d bytes raw, %d bytes gz, %d gzip member(s), malformed %s" % (
            os.path.basename(w.path), w.lines, w.raw_bytes, gz, w.members, mal))
    print("total: %d lines, %d bytes raw (%.0f B/line), %d bytes gz, %.1f s" % (
        tot_l, tot_raw, tot_raw / max(1, tot_l), tot_gz, el))
    print("human visits %d, bot sessions %d, sign-ups %d, members seen %d, applications %d" % (
        gen.kinds["human"], gen.kinds["bot"], gen.n_signups, len(gen.members_seen), len(gen.contracts)))
    for d in sorted(gen.visitors_by_day):
        print("day %d: %d distinct visitor ids (generator's view)" % (d, len(gen.visitors_by_day[d])))


def run_bench(a):
    start = datetime.date.fromisoformat(a.start)
    days = a.days or 1
    S = a.servers or 1
    N = a.lines
    V = a.visitors
    writers = {}
    if S == 1:
        d = os.path.dirname(os.path.abspath(a.out))
        os.makedirs(d, exist_ok=True)
        writers[0] = GzWriter(a.out)
    else:
        os.makedirs(a.out, exist_ok=True)
        for s in range(S):
            writers[s] = GzWriter(os.path.join(a.out, "web%d.log.gz" % (s + 1)))
    gen = None

    def writers_for(t, s):
        return s

    per_day = N / days
    fixed_lines = S * (288 + 4) + 3 * 5
    mal_per_kind = max(1, round(per_day * 0.0004 / S))
    per_day_model = per_day - fixed_lines - mal_per_kind * 5 * S
    opens_day = per_day * 0.004
    H_day = max(1.0, (per_day_model - opens_day * 1.08) /
                (EST_HUMAN_LINES + BOT_SESSION_SHARE * EST_BOT_LINES))
    gen = Generator(a.seed, start, days, S, min(V, int(H_day) + 1), writers_for, end_cut=N)
    gen.visitors_by_day = collections.defaultdict(set) if V * days <= 2_000_000 else None
    fixed = make_fixed_plan(gen, S, {k: mal_per_kind for k in MALFORMED_KINDS}, 3,
                            max(1, mal_per_kind // 4))
    t0 = time.time()
    gen.run(writers, H_day, H_day * BOT_SESSION_SHARE, [opens_day] * days, fixed,
            target=int(N * 1.002) + 100, est_lines=(EST_HUMAN_LINES, EST_BOT_LINES))
    el = time.time() - t0
    names = {k: w.path for k, w in writers.items()}
    report(gen, writers, names, el)
    total = sum(w.lines for w in writers.values())
    if total != N:
        print("NOTE: wrote %d lines, not the requested %d" % (total, N))


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    if a.lines is None:
        run_sample(a)
    else:
        run_bench(a)


if __name__ == "__main__":
    main()
