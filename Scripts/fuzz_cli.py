#!/usr/bin/env python3
"""A mutation fuzzer for the footfall command line (SPEC §1, §8, §10, §12.1).

It takes real log lines of every format footfall reads (common, combined, combined_cookie, nginx_combined,
w3c, Apache LogFormat strings, nginx log_format strings, auto), mutates them (bytes, fields, timestamps,
numbers, encodings, client fields, W3C directives), writes them as plain or gzip files (valid variants and
crafted damage), runs `parse`, `sessions`, `ingest`, `report`, `inspect` and `export` on them, and checks
oracles that must hold whatever the input:

  exit-code     exit code in {0, 2, 3, 64}; 1 or any other code is a finding (with stderr)
  crash / hang  killed by a signal / no exit within --timeout seconds
  slow          more than 20x the time of the seed run of a similar size (confirmed by a second run)
  json-*        --format json / --json output parses with Python's json module in strict mode
                (no NaN / Infinity, no raw control characters, no duplicate keys), day keys are
                YYYY-MM-DD, no negative numbers
  esc-bidi      no raw ESC or bidi control (U+202A-U+202E, U+2066-U+2069) in stderr or in table/CSV output
  c0-control    no other raw C0 / DEL / C1 control characters in stderr or table/CSV output
  counts        parse --json: lines == hits + bot_hits + bad + blank (+ W3C directives), statuses sum to
                hits + bot_hits, devices sum to page views, top pages sorted and within --top;
                sessions: segments, channels and devices sum to visits per day, first-time <= visitors
                <= visits <= page views, page views sum to parse's; overview totals add up over days and
                agree with parse and ingest
  expect-bad / expect-hit
                a single targeted mutation with a known verdict (impossible dates, years outside
                1000-9999, status outside 100-599, NUL, invalid UTF-8, lines over 64 KiB, bad request
                lines; IPv6 clients, 29 February of a leap year, 65,536-byte lines, extra trailing
                fields ...)
                among clean seed lines must change the counts exactly as SPEC §12.1 says
  gzip-*        a valid gzip variant (FHCRC, FEXTRA, FNAME, FCOMMENT, members, empty members, zero
                padding) reads exactly like the plain file; damage (truncation, CRC, ISIZE, reserved
                flags, bad header CRC, trailing junk) fails with exit 2, and --salvage keeps a prefix
  w3c-*         W3C #Fields padded past 64 fields or permuted mid-file gives the same figures
  format-equiv  a named format and its LogFormat / log_format string give the same figures
  bad-ratio     exit 2 exactly when malformed lines exceed max_bad_ratio (0.05) of the data lines
  html-escape / csv-injection / ingest-idempotent / top-limit

Findings are deduplicated by (command, oracle, first stderr line or detail with numbers stripped) and
saved with their input and a repro.sh under --findings (first input as found, `min/` minimised by a
delta-debugging loop). Exit code 1 when a finding is not covered by --allow (a substring of the key).

Usage:
  python3 Scripts/fuzz_cli.py --binary .build/debug/footfall --seconds 60             # CI
  python3 Scripts/fuzz_cli.py --binary PATH --seconds 3600 --report fuzz-report.md      # by hand
  options: --seed N  --findings DIR  --allow KEY-SUBSTRING (repeatable)  --timeout 20
           --families common,w3c,...  --no-minimize  --seeds DIR (extra seed root)  --quiet
Everything else it writes lives in a temporary folder removed at the end. Python 3 standard library only.
"""

import argparse
import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED_EXIT = {0, 2, 3, 64}
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
BIDI = {chr(c) for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))}
C1 = {chr(c) for c in range(0x80, 0xA0)}
C0 = {chr(c) for c in range(0x00, 0x20) if chr(c) not in "\n\t\x1b"} | {"\x7f"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MAX_LINE = 65536
TIME_FACTOR = 20.0
TIME_FLOOR = 0.25  # seconds: below this, process start-up noise dominates

# --------------------------------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------------------------------

COMBINED_STR = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"'
EQUIVALENT = {
    "common": '%h %l %u %t "%r" %>s %b',
    "combined": COMBINED_STR,
    "combined_cookie": COMBINED_STR + ' "%{Cookie}i"',
    "nginx_combined": '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                      '"$http_referer" "$http_user_agent"',
}
XFF_APACHE = COMBINED_STR + ' "%{X-Forwarded-For}i"'
XFF_NGINX = EQUIVALENT["nginx_combined"] + ' "$http_x_forwarded_for"'

# (family, format argument, path relative to a seed root, client token index)
SEED_FILES = [
    ("common", "common", ["nasa-ksc-1995/NASA_access_log_Jul95.first10000.gz"], 0),
    ("common", "common", ["matomo-format-tests/common.log"], 0),
    ("combined", "combined", ["elastic-apache/apache_logs.gz"], 0),
    ("combined", "combined", ["advertools-tests/dreamhost_apache_access.log"], 0),
    ("combined", "combined", ["advertools-tests/combined_with_errors.log", "advertools-tests/combined_with_errors.log.gz"], 0),
    ("combined", "combined", ["advertools-tests/combined_latin1_enc.log"], 0),
    ("combined", "combined", ["lnav-tests/logfile_access_log.0", "lnav-tests/logfile_bad_access_log.0"], 0),
    ("combined", "combined", ["matomo-format-tests/logs_to_tests.log", "matomo-format-tests/ncsa_extended.log"], 0),
    ("combined_cookie", "combined_cookie", ["web1-2026-11-17.log.gz", "web2-2026-11-18.log.gz", "web1-2026-11-19.log.gz"], 0),
    ("nginx_combined", "nginx_combined", ["advertools-tests/nginx_access.log", "advertools-tests/nginx_access.log.gz"], 0),
    ("nginx_combined", "nginx_combined", ["yahi-personal/biggersample.log"], 0),
    ("apache", XFF_APACHE, ["lnav-tests/logfile_shop_access_log.0", "lnav-tests/logfile_shop_access_log.0.gz"], 0),
    ("apache", '%v:%p %a %{X-Session}i %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D',
     ["lnav-tests/logfile_regexp_access_log.0"], 1),
    ("apache", '%v %h %l %u %t "%r" %>s %b', ["matomo-format-tests/common_vhost.log"], 1),
    ("apache", '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
     ["matomo-format-tests/common_complete.log", "matomo-format-tests/static_ignores.log"], 1),
    ("apache", '%h %v %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"', ["matomo-format-tests/ovh.log"], 0),
    ("apache", COMBINED_STR + " %T", ["matomo-format-tests/icecast2.log"], 0),
    ("apache", '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Cache}i" "%{X-Proto}i"',
     ["yahi-personal/varnish.sample.log"], 1),
    ("nginx", XFF_NGINX, ["lnav-tests/logfile_shop_access_log.0", "lnav-tests/logfile_shop_access_log.0.gz"], 0),
    ("w3c", "w3c", ["iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz"], None),
    ("w3c", "w3c", ["iis-webknowit/W3SVC1_u_ex151017-u_ex161018.log.gz"], None),
    ("w3c", "w3c", ["iis-webknowit/W3SVC2_u_ex160206-u_ex161018.log.gz"], None),
    ("w3c", "w3c", ["lnav-tests/logfile_w3c_big.0"], None),
    ("w3c", "w3c", ["beats-iis/test.log", "beats-iis/test-iis-7.5.log", "beats-iis/test-ipv6zone.log"], None),
    ("w3c", "w3c", ["lnav-tests/logfile_w3c.6", "matomo-format-tests/iis.log"], None),
]

# Apache / nginx strings rendered from real combined(+cookie) records: the same requests, other layouts.
RENDERED_APACHE = [
    (COMBINED_STR, 0),
    ('%a %l %u %t "%m %U%q %H" %>s %B %D "%{Referer}i" "%{User-Agent}i" "%{Cookie}i"', 0),
    ('%v %h %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i" %T', 1),
    ('%h %l %u %t "%r" %>s %b', 0),
]
RENDERED_NGINX = [
    (EQUIVALENT["nginx_combined"], 0),
    ('$host $remote_addr [$time_iso8601] "$request_method $request_uri $server_protocol" $status $bytes_sent '
     '$request_time "$http_referer" "$http_user_agent" "$http_cookie"', 1),
    ('${remote_addr} - ${remote_user} [${time_local}] "${request}" ${status} ${body_bytes_sent} '
     '"${http_referer}" "${http_user_agent}" "${cookie_WNUID}"', 0),
]

# Used when no seed file is found (a checkout without Tests/Fixtures or ../shared).
FALLBACK = {
    "common": [b'unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985',
               b'199.120.110.21 - - [01/Jul/1995:00:00:09 -0400] "GET /shuttle/missions/sts-73/mission-sts-73.html HTTP/1.0" 200 4085'],
    "combined": [b'192.168.202.254 - - [20/Jul/2009:22:59:26 +0000] "GET /vmw/cgi/tramp HTTP/1.0" 200 134 "-" "gPXE/0.9.7"',
                 b'83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/ HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"'],
    "combined_cookie": [b'10.0.0.1 - - [17/Nov/2026:09:00:00 +0900] "GET /index.do HTTP/1.1" 200 512 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148" "WNUID=abc123; WNMID=-"',
                        b'10.0.0.2 - - [17/Nov/2026:09:00:05 +0900] "GET /product/insurance/detail.do?prodCd=P01 HTTP/1.1" 200 812 "https://search.naver.com/search.naver?query=x" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" "WNUID=def456; WNMID=m01"'],
    "nginx_combined": [b'66.249.66.1 - - [03/May/2012:09:41:54 +0000] "GET /feed HTTP/1.1" 200 9181 "-" "Mozilla/5.0 (compatible; Googlebot/2.1)"'],
}
FALLBACK_W3C = [
    b"#Software: Microsoft Internet Information Services 7.5", b"#Version: 1.0", b"#Date: 2018-01-01 08:09:10",
    b"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
    b"2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 81.2.69.143 Mozilla/5.0+(Windows+NT+6.1;+Win64;+x64;+rv:57.0)+Gecko/20100101+Firefox/57.0 - 200 0 0 123",
    b"2018-01-01 08:09:11 127.0.0.1 GET /index.html - 80 - 81.2.69.144 Mozilla/5.0+(iPhone;+CPU+iPhone+OS+12_0)+Mobile - 200 0 0 45",
]

FAMILIES = ["common", "combined", "combined_cookie", "nginx_combined", "w3c", "apache", "nginx", "auto"]


class Group:
    """Lines of one layout: a --format argument and the lines written in it."""

    def __init__(self, family, fmt, lines, client=0, header=None, fields=None, source=""):
        self.family = family
        self.fmt = fmt
        self.lines = lines
        self.client = client
        self.header = header or []          # W3C: directive lines ending with #Fields
        self.fields = fields or []          # W3C: field names (str)
        self.source = source
        self.clean = None                   # lines verified to parse as hits (set by calibration)
        if fields:
            self.style = "w3c"
        elif "$time_iso8601" in fmt:
            self.style = "iso"
        else:
            self.style = "clf"

    @property
    def is_w3c(self):
        return bool(self.fields)


def read_seed_lines(path, limit):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except Exception:
            return []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    lines = [l[:-1] if l.endswith(b"\r") else l for l in lines]
    if len(lines) > limit:
        step = len(lines) / limit
        lines = [lines[int(i * step)] for i in range(limit)]
    return lines


def w3c_groups(lines, source):
    groups = {}
    pending, header, fields = [], [], None
    for l in lines:
        if l.startswith(b"#"):
            if l.startswith(b"#Fields:"):
                names = l[8:].split(b"//")[0].split()
                fields = tuple(n.decode("latin-1") for n in names)
                header = pending[-3:] + [l]
                pending = []
            else:
                pending.append(l)
            continue
        pending = []
        if not fields or not l.strip():
            continue
        g = groups.get(fields)
        if g is None:
            g = groups[fields] = Group("w3c", "w3c", [], header=list(header), fields=list(fields), source=source)
        if len(g.lines) < 1500:
            g.lines.append(l)
    return [g for g in groups.values() if g.lines]


CLF_RE = re.compile(rb'^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\S+)'
                    rb'(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"(?: "((?:[^"\\]|\\.)*)")?)?')


def record_of(line):
    m = CLF_RE.match(line)
    if not m:
        return None
    host, ident, user, t, req, status, nbytes, ref, ua, cookie = m.groups()
    parts = req.split(b" ")
    if len(parts) != 3 or not parts[1].startswith(b"/"):
        return None
    return dict(host=host, ident=ident, user=user, time=t, request=req, method=parts[0], target=parts[1],
                proto=parts[2], status=status, bytes=nbytes, referer=ref if ref is not None else b"-",
                ua=ua if ua is not None else b"-", cookie=cookie if cookie is not None else b"-")


def iso_time(t):
    m = re.match(rb"(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})", t)
    if not m:
        return b"2020-01-01T00:00:00+00:00"
    d, mon, y, hh, mi, ss, sign, oh, om = (x.decode() for x in m.groups())
    month = MONTHS.index(mon.capitalize()) + 1 if mon.capitalize() in MONTHS else 1
    return ("%s-%02d-%sT%s:%s:%s%s%s:%s" % (y, month, d, hh, mi, ss, sign, oh, om)).encode()


def render_apache(fmt, rec, rng):
    def value(mod, name, d):
        path, _, query = rec["target"].partition(b"?")
        if d in "ha":
            return rec["host"]
        if d == "l":
            return rec["ident"]
        if d == "u":
            return rec["user"]
        if d == "t":
            return b"[" + rec["time"] + b"]"
        if d == "r":
            return rec["request"]
        if d == "m":
            return rec["method"]
        if d == "U":
            return path
        if d == "q":
            return b"?" + query if query else b""
        if d == "H":
            return rec["proto"]
        if d == "s":
            return rec["status"]
        if d == "b":
            return rec["bytes"]
        if d == "B":
            return b"0" if rec["bytes"] == b"-" else rec["bytes"]
        if d == "D":
            return str(rng.randint(100, 999999)).encode()
        if d == "T":
            return str(rng.randint(0, 9)).encode()
        if d in "vV":
            return b"www.example.com"
        if d == "p":
            return b"443"
        if d == "%":
            return b"%"
        if d == "i":
            n = (name or "").lower()
            return {"referer": rec["referer"], "user-agent": rec["ua"], "cookie": rec["cookie"],
                    "host": b"www.example.com"}.get(n, b"-")
        return b"-"

    out = re.sub(r"%([<>]?)(?:\{([^}]*)\})?([a-zA-Z%])",
                 lambda m: value(m.group(1), m.group(2), m.group(3)).decode("latin-1"), fmt.replace("\\", "\\\\"))
    return out.encode("latin-1")


def render_nginx(fmt, rec, rng):
    def value(name):
        path, _, query = rec["target"].partition(b"?")
        table = {
            "remote_addr": rec["host"], "remote_user": rec["user"], "time_local": rec["time"],
            "time_iso8601": iso_time(rec["time"]), "request": rec["request"], "status": rec["status"],
            "body_bytes_sent": b"0" if rec["bytes"] == b"-" else rec["bytes"],
            "bytes_sent": b"0" if rec["bytes"] == b"-" else rec["bytes"],
            "http_referer": rec["referer"], "http_user_agent": rec["ua"], "http_cookie": rec["cookie"],
            "request_time": ("%d.%03d" % (rng.randint(0, 3), rng.randint(0, 999))).encode(),
            "host": b"www.example.com", "server_name": b"www.example.com", "request_uri": rec["target"],
            "uri": path, "args": query, "query_string": query, "request_method": rec["method"],
            "server_protocol": rec["proto"],
        }
        if name.startswith("cookie_"):
            m = re.search(re.escape(name[7:]).encode() + rb"=([^;\s]*)", rec["cookie"])
            return m.group(1) if m else b"-"
        return table.get(name, b"-")

    out = re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda m: value(m.group(1) or m.group(2)).decode("latin-1"), fmt)
    return out.encode("latin-1")


def load_seeds(roots, rng, log):
    """Families -> list of Group."""
    fams = {f: [] for f in FAMILIES}

    def find(rel):
        for r in roots:
            p = os.path.join(r, rel)
            if os.path.isfile(p):
                return p
        return None

    records = []
    for family, fmt, rels, client in SEED_FILES:
        lines, sources = [], []
        for rel in rels:
            p = find(rel)
            if p is None:
                continue
            sources.append(p)
            ls = read_seed_lines(p, 3000)
            if family == "w3c":
                fams["w3c"].extend(w3c_groups(ls, p))
            else:
                lines.extend(ls)
        if family != "w3c" and lines:
            fams[family].append(Group(family, fmt, lines, client=client, source=", ".join(sources)))
            if family in ("combined", "combined_cookie"):
                records.extend(r for r in (record_of(l) for l in lines[:1500]) if r)
    for fam, lines in FALLBACK.items():
        if not fams[fam]:
            fams[fam].append(Group(fam, fam, list(lines), source="built-in"))
            records.extend(r for r in (record_of(l) for l in lines) if r)
    if not fams["w3c"]:
        fams["w3c"].extend(w3c_groups(FALLBACK_W3C, "built-in"))
    # Real records in other layouts.
    if records:
        sample = [records[int(i * len(records) / 1200)] for i in range(min(1200, len(records)))]
        for fmt, client in RENDERED_APACHE:
            fams["apache"].append(Group("apache", fmt, [render_apache(fmt, r, rng) for r in sample], client=client,
                                        source="rendered from combined/combined_cookie seeds"))
        for fmt, client in RENDERED_NGINX:
            fams["nginx"].append(Group("nginx", fmt, [render_nginx(fmt, r, rng) for r in sample], client=client,
                                       source="rendered from combined/combined_cookie seeds"))
    # auto: every layout a named format covers, read with --format auto.
    for fam in ("common", "combined", "combined_cookie", "nginx_combined", "w3c"):
        for g in fams[fam]:
            a = Group("auto", "auto", g.lines, client=g.client, header=g.header, fields=g.fields, source=g.source)
            a.named = g.fmt
            fams["auto"].append(a)
    for fam in FAMILIES:
        log("  %-16s %2d layout(s), %6d seed lines" % (fam, len(fams[fam]), sum(len(g.lines) for g in fams[fam])))
    return fams


# --------------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------------

SPECIAL = [b"\x00", b"\xff", b"\x1b", b"\x1b[2J", b"\x1b]0;pwned\x07", "\u202e".encode(), "\u2066".encode(),
           b'"', b"\\", b'\\"', b"[", b"]", b"\r", b"\t", b"%", b"%00", b"%zz", b"%ff%fe", b"\xc0\xaf",
           b"\xed\xa0\x80", b"\xef\xbb\xbf", "\u200b".encode(), b" ", b"#", b"\x7f", "\u009b".encode(),
           b"<fz>", b"-", b"%{", b"$", b"'", b"\x08", b"\x0b", b"\x0c", b"::", b"\xe2\x82", b"\xf4\x90\x80\x80"]
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf8\x88\x80\x80\x80",
                b"\xf4\x90\x80\x80", b"\x80", b"\xc3"]
INJECT = {
    "inject_esc": b"\x1b[31mX\x1b[0m",
    "inject_bidi": "\u202egnp.exe\u202c".encode(),
    "inject_isolate": "\u2066x\u2069".encode(),
    "inject_c0": b"a\x07b\x08c\x0bd",
    "inject_c1": "\u009b31m\u0085".encode(),
    "inject_html": b"<fz>",
}
PERCENT_JUNK = [b"%", b"%zz", b"%00", b"%ff%fe", b"%E2%80%AE", b"%1b%5b31m", b"%%", b"%2", b"%C0%AF", b"%0d%0a",
                b"%u202e", b"%25%32%35"]
CLIENTS_HIT = [b"2001:db8::1", b"::ffff:192.0.2.1", b"fe80::1%eth0", b"192.0.2.1:8080", b"[2001:db8::1]:443",
               b"host-1.example.com", b"::1"]
CLIENTS_ANY = CLIENTS_HIT + [b"10.0.0.1,192.0.2.7", b"unknown", b"-", b"999.999.999.999",
                             b"a" * 300, b"::ffff:999.1.1.1", b"2001:db8:" + b":".join([b"ffff"] * 20)]
CLF_TIME_RE = re.compile(rb"\[(\d{1,2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]")
ISO_TIME_RE = re.compile(rb"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:?\d{2})")
REQ_RE = re.compile(rb'"([A-Za-z]+) (/[^" ]*) (HTTP/[0-9.]+)"')
STATUS_RE = re.compile(rb'" (\d{3}) (\d+|-)')
QUOTED_RE = re.compile(rb'"((?:[^"\\]|\\.)*)"')


class Line:
    """Field-aware access to one line of a group (CLF-like or W3C)."""

    def __init__(self, raw, group):
        self.raw = raw
        self.g = group

    # -- W3C values
    def w3c_index(self, name):
        try:
            return self.g.fields.index(name)
        except ValueError:
            return None

    def w3c_set(self, name, value):
        i = self.w3c_index(name)
        vals = self.raw.split(b" ")
        if i is None or len(vals) != len(self.g.fields):
            return None
        vals[i] = value
        return b" ".join(vals)

    def w3c_get(self, name):
        i = self.w3c_index(name)
        vals = self.raw.split(b" ")
        if i is None or len(vals) != len(self.g.fields):
            return None
        return vals[i]

    # -- time as parts: Y, M (number), D, h, m, s, off; month rendered as a name in CLF
    def time_parts(self):
        if self.g.style == "w3c":
            d, t = self.w3c_get("date"), self.w3c_get("time")
            if not d or not t:
                return None
            dm = re.match(rb"^(\d{4})-(\d{2})-(\d{2})$", d)
            tm = re.match(rb"^(\d{2}):(\d{2}):(\d{2})", t)
            if not dm or not tm:
                return None
            return dict(Y=dm.group(1), M=dm.group(2), D=dm.group(3), h=tm.group(1), m=tm.group(2), s=tm.group(3),
                        off=None)
        rx = ISO_TIME_RE if self.g.style == "iso" else CLF_TIME_RE
        m = rx.search(self.raw)
        if not m:
            return None
        if self.g.style == "iso":
            Y, M, D, h, mi, s, off = m.groups()
        else:
            D, mon, Y, h, mi, s, off = m.groups()
            name = mon.decode().capitalize()
            if name not in MONTHS:
                return None
            M = b"%02d" % (MONTHS.index(name) + 1)
        return dict(Y=Y, M=M, D=D, h=h, m=mi, s=s, off=off)

    def with_time(self, p, month_name=None):
        if self.g.style == "w3c":
            l2 = Line(self.w3c_set("date", p["Y"] + b"-" + p["M"] + b"-" + p["D"]) or b"", self.g)
            return l2.w3c_set("time", p["h"] + b":" + p["m"] + b":" + p["s"]) if l2.raw else None
        if self.g.style == "iso":
            m = ISO_TIME_RE.search(self.raw)
            off = p["off"]
            new = p["Y"] + b"-" + p["M"] + b"-" + p["D"] + b"T" + p["h"] + b":" + p["m"] + b":" + p["s"] + off
            return self.raw[:m.start()] + new + self.raw[m.end():]
        m = CLF_TIME_RE.search(self.raw)
        if month_name is None:
            try:
                month_name = MONTHS[int(p["M"]) - 1].encode()
            except (ValueError, IndexError):
                month_name = p["M"]
        new = (b"[" + p["D"] + b"/" + month_name + b"/" + p["Y"] + b":" + p["h"] + b":" + p["m"] + b":" + p["s"]
               + b" " + p["off"] + b"]")
        return self.raw[:m.start()] + new + self.raw[m.end():]

    # -- CLF-like fields
    def request(self):
        return REQ_RE.search(self.raw)

    def status_bytes(self):
        r = self.request()
        if not r:
            return None
        m = STATUS_RE.match(self.raw, r.end() - 1)
        return m

    def tokens(self):
        """Spans of fields: quoted strings, [bracketed] and bare words."""
        out, i, raw = [], 0, self.raw
        n = len(raw)
        while i < n:
            if raw[i:i + 1] == b" ":
                i += 1
                continue
            if raw[i:i + 1] == b'"':
                m = QUOTED_RE.match(raw, i)
                j = m.end() if m else n
            elif raw[i:i + 1] == b"[":
                j = raw.find(b"]", i)
                j = n if j < 0 else j + 1
            else:
                j = raw.find(b" ", i)
                j = n if j < 0 else j
            out.append((i, j))
            i = j
        return out

    def quoted_fields(self):
        """Quoted spans other than the request line (referer, user agent, cookie ...)."""
        return list(QUOTED_RE.finditer(self.raw))[1:]


def mutate_time(line, rng, which):
    """A timestamp mutation. Returns (bytes, expectation) or None."""
    p = line.time_parts()
    if p is None:
        return None
    q = dict(p)
    style = line.g.style
    month_name = None
    exp = None
    if which == "year_one":
        q["Y"], exp = b"0001", "bad"
    elif which == "year_zero":
        q["Y"], exp = b"0000", "bad"
    elif which == "year_999":
        q["Y"], exp = b"0999", "bad"
    elif which == "year_five":
        q["Y"], exp = rng.choice([b"10000", b"99999", b"20260"]), "bad"
    elif which == "year_1000":        # valid 4-digit years: no verdict (a build may bound years)
        if (p["M"], p["D"]) == (b"02", b"29"):
            return None
        q["Y"] = b"1000"
    elif which == "year_9999":
        if (p["M"], p["D"]) == (b"02", b"29"):
            return None
        q["Y"] = b"9999"
    elif which == "month_13":
        if style == "clf":
            month_name, exp = rng.choice([b"Foo", b"Jux", b"13", b"Dez"]), "bad"
        else:
            q["M"], exp = rng.choice([b"13", b"00", b"99"]), "bad"
    elif which == "month_case":
        if style != "clf":
            return None
        name = MONTHS[int(p["M"]) - 1].encode()
        month_name, exp = rng.choice([name.lower(), name.upper()]), "hit"
    elif which == "feb_31":
        q["M"], q["D"], exp = b"02", rng.choice([b"30", b"31"]), "bad"
    elif which == "feb29_nonleap":
        q["Y"], q["M"], q["D"], exp = rng.choice([b"2015", b"1900", b"2100"]), b"02", b"29", "bad"
    elif which == "feb29_leap":
        q["Y"], q["M"], q["D"], exp = rng.choice([b"2016", b"2000", b"2024"]), b"02", b"29", "hit"
    elif which == "day_zero":
        q["D"], exp = rng.choice([b"00", b"32", b"99"]), "bad"
    elif which == "hour_24":
        q["h"], exp = rng.choice([b"24", b"25", b"99"]), "bad"
    elif which == "minute_60":
        q["m"], exp = rng.choice([b"60", b"99"]), "bad"
    elif which == "offset_9999":
        if style == "w3c":
            return None
        q["off"], exp = (rng.choice([b"+9999", b"-9999", b"+0060", b"-0099"]) if style == "clf"
                         else rng.choice([b"+99:99", b"-99:99", b"+00:60"])), "bad"
    elif which == "offset_1400":
        if style == "w3c":
            return None
        q["off"], exp = (rng.choice([b"+1400", b"-1200", b"+0545", b"+0000"]) if style == "clf"
                         else rng.choice([b"+14:00", b"-12:00", b"Z"])), "hit"
    elif which == "offset_2359":       # syntactically valid, far from UTC: no verdict asserted
        if style == "w3c":
            return None
        q["off"] = rng.choice([b"+2359", b"-2359"]) if style == "clf" else rng.choice([b"+23:59", b"-23:59"])
    elif which == "ts_extreme_high":   # 9999-12-31 23:59:59 -2359: UTC is in year 10000
        q.update(Y=b"9999", M=b"12", D=b"31", h=b"23", m=b"59", s=b"59")
        if style != "w3c":
            q["off"] = b"-2359" if style == "clf" else b"-23:59"
    elif which == "ts_extreme_low":    # 1000-01-01 00:00:00 +2359: UTC is in year 999
        q.update(Y=b"1000", M=b"01", D=b"01", h=b"00", m=b"00", s=b"00")
        if style != "w3c":
            q["off"] = b"+2359" if style == "clf" else b"+23:59"
    elif which == "ts_junk":
        field = rng.choice(["Y", "M", "D", "h", "m", "s"])
        q[field] = rng.choice([b"", b"-1", b"1e3", b"\xff\xfe", b"9" * 25, b"0x1", b" 1", b"+1"])
    else:
        return None
    out = line.with_time(q, month_name)
    return (out, exp) if out else None


def mutate_status(line, rng, which):
    if line.g.is_w3c:
        cur = line.w3c_get("sc-status")
        if cur is None:
            return None

        def put(v):
            return line.w3c_set("sc-status", v)
    else:
        m = line.status_bytes()
        if not m:
            return None

        def put(v):
            return line.raw[:m.start(1)] + v + line.raw[m.end(1):]
    table = {
        "status_600": ([b"600", b"999", b"700"], "bad"),
        "status_low": ([b"099", b"000", b"042"], "bad"),
        "status_huge": ([b"99999999999999999999", b"18446744073709551617", b"2000"], "bad"),
        "status_alpha": ([b"2x0", b"OK", b"20", b"-1"], "bad"),
        "status_edge": ([b"100", b"599"], "hit"),
    }
    values, exp = table[which]
    if line.g.is_w3c and which == "status_alpha":
        values = [b"2x0", b"OK", b"20"]
    return put(rng.choice(values)), exp


def mutate_bytes(line, rng, which):
    if line.g.is_w3c:
        if line.w3c_get("sc-bytes") is None:
            return None

        def put(v):
            return line.w3c_set("sc-bytes", v)
    else:
        m = line.status_bytes()
        if not m:
            return None

        def put(v):
            return line.raw[:m.start(2)] + v + line.raw[m.end(2):]
    if which == "bytes_alpha":
        return put(rng.choice([b"12a", b"abc", b"0x10", b"1e5"])), "bad"
    if which == "bytes_edge":
        return put(rng.choice([b"-", b"0"])), "hit" if not line.g.is_w3c else None
    return put(rng.choice([b"18446744073709551615", b"18446744073709551616", b"9" * 40, b"-5",
                           b"9223372036854775807", b"9223372036854775808"])), None


def mutate_request(line, rng, which):
    if line.g.is_w3c:
        if which == "target_noslash":
            stem = line.w3c_get("cs-uri-stem")
            if not stem or not stem.startswith(b"/"):
                return None
            return line.w3c_set("cs-uri-stem", rng.choice([b"x", b"index.html", b"http://evil/"]) + stem[1:]), "bad"
        if which == "space_in_target":
            return None
        if which == "percent_junk":
            stem = line.w3c_get("cs-uri-stem")
            if not stem:
                return None
            return line.w3c_set("cs-uri-stem", stem + rng.choice(PERCENT_JUNK)), "hit"
        return None
    r = line.request()
    if not r:
        return None
    method, target, proto = r.group(1), r.group(2), r.group(3)

    def put(req):
        return line.raw[:r.start()] + b'"' + req + b'"' + line.raw[r.end():]
    if which == "method_lower":
        return put(method.lower() + b" " + target + b" " + proto), "bad" if method.lower() != method else None
    if which == "method_long":
        return put(b"A" * 21 + b" " + target + b" " + proto), "bad"
    if which == "method_edge":
        return put(rng.choice([b"A" * 20, b"PROPFIND", b"MKCOL"]) + b" " + target + b" " + proto), "hit"
    if which == "target_noslash":
        return put(method + b" " + rng.choice([b"x", b"*", b"http://evil.example/"]) + target[1:] + b" " + proto), "bad"
    if which == "request_noproto":
        return put(method + b" " + target), "bad"
    if which == "request_empty":
        return put(rng.choice([b"", b"-", b"\\x16\\x03\\x01\\x00", b"GET"])), "bad"
    if which == "space_in_target":
        return put(method + b" " + target + b" b" + b" " + proto), "hit"
    if which == "percent_junk":
        j = rng.choice(PERCENT_JUNK)
        pos = rng.randint(1, len(target))
        return put(method + b" " + target[:pos] + j + target[pos:] + b" " + proto), "hit"
    if which == "proto_junk":
        return put(method + b" " + target + b" " + rng.choice([b"HTTP/", b"HTTP/x.y", b"HTTP/99999999999.1",
                                                               b"HTTPS/1.1", b"http/1.1"])), None
    return None


def mutate_client(line, rng, which):
    values = CLIENTS_HIT if which == "client_hit" else CLIENTS_ANY
    v = rng.choice(values)
    if line.g.is_w3c:
        if line.w3c_get("c-ip") is None:
            return None
        return line.w3c_set("c-ip", v), "hit" if which == "client_hit" else None
    toks = line.tokens()
    if len(toks) <= line.g.client:
        return None
    a, b = toks[line.g.client]
    if line.raw[a:a + 1] in (b'"', b"["):
        return None
    return line.raw[:a] + v + line.raw[b:], "hit" if which == "client_hit" else None


def mutate_inject(line, rng, which):
    """Put terminal escapes, bidi controls or HTML into text fields (path, referer, user agent, user)."""
    payload = INJECT[which]
    exp = "hit" if which == "inject_html" else None
    if line.g.is_w3c:
        names = [n for n in ("cs-uri-stem", "cs(User-Agent)", "cs(Referer)", "cs-username", "cs-uri-query")
                 if line.w3c_get(n) is not None]
        if not names:
            return None
        n = rng.choice(names)
        cur = line.w3c_get(n)
        if n == "cs-uri-stem":
            return line.w3c_set(n, b"/" + payload.replace(b" ", b"+") + cur), exp
        return line.w3c_set(n, cur + payload.replace(b" ", b"+")), exp
    choices = []
    r = line.request()
    if r:
        choices.append(("path", r.start(2) + 1))
    for q in line.quoted_fields():
        choices.append(("quoted", q.end(1)))
    if not choices:
        return None
    kind, pos = rng.choice(choices)
    if kind == "path":
        payload = payload.replace(b" ", b"")
    return line.raw[:pos] + payload + line.raw[pos:], exp


def mutate_encoding(line, rng, which):
    raw = line.raw
    pos = rng.randint(0, len(raw))
    if which == "nul_byte":
        return raw[:pos] + b"\x00" + raw[pos:], "bad"
    if which == "invalid_utf8":
        return raw[:pos] + rng.choice(INVALID_UTF8) + raw[pos:], "bad"
    return None


def pad_to(line, rng, total):
    """Pad a text field so the line is exactly `total` bytes long."""
    need = total - len(line.raw)
    if need <= 0:
        return None
    if line.g.is_w3c:
        stem = line.w3c_get("cs-uri-stem")
        if stem is None:
            return None
        return line.w3c_set("cs-uri-stem", stem + b"a" * need)
    r = line.request()
    if not r:
        return None
    pos = r.end(2)
    return line.raw[:pos] + b"a" * need + line.raw[pos:]


def mutate_length(line, rng, which):
    if which == "len_max":
        out = pad_to(line, rng, MAX_LINE)
        return (out, "hit") if out else None
    if which == "len_over":
        out = pad_to(line, rng, MAX_LINE + 1)
        return (out, "bad") if out else None
    if which == "len_huge":
        out = pad_to(line, rng, rng.choice([200000, 1 << 20]))
        return (out, "bad") if out else None
    if which == "long_field":
        toks = line.tokens() if not line.g.is_w3c else None
        n = rng.choice([1000, 10000, 65000, 70000])
        fill = rng.choice([b"a", b"\\", b"%", b'\\"', b"\xc3\xa9", b" "]) * (n // 2)
        if toks:
            a, b = rng.choice(toks)
            pos = rng.randint(a, b)
        else:
            pos = rng.randint(0, len(line.raw))
        return line.raw[:pos] + fill + line.raw[pos:], None
    return None


def mutate_structure(line, rng, which):
    raw = line.raw
    if line.g.is_w3c:
        vals = raw.split(b" ")
        if len(vals) != len(line.g.fields):
            return None
        if which == "w3c_extra_value":
            i = rng.randint(0, len(vals))
            return b" ".join(vals[:i] + [rng.choice([b"-", b"x", b"0"])] + vals[i:]), "bad"
        if which == "w3c_missing_value":
            i = rng.randrange(len(vals))
            return b" ".join(vals[:i] + vals[i + 1:]), "bad"
        if which == "trailing_spaces":
            return raw + rng.choice([b" ", b"  ", b"\t"]), None
        if which == "crlf_end":
            return raw + b"\r", "hit"
        if which == "w3c_quoted_value":
            names = [n for n in ("cs(User-Agent)", "cs(Referer)", "cs(Cookie)") if line.w3c_get(n) is not None]
            if not names:
                return None
            return line.w3c_set(rng.choice(names), b'"a b ""quoted"" c"'), None
        return None
    toks = line.tokens()
    if not toks:
        return None
    if which == "delete_last_field":
        if len(toks) < 2:
            return None
        return raw[:toks[-2][1]], "bad"
    if which == "dup_last_field":
        a, b = toks[-1]
        if raw[a:a + 1] != b'"':
            return None
        return raw[:b] + b" " + raw[a:b], "hit"
    if which == "extra_xff":
        return raw + rng.choice([b' "203.0.113.9, 198.51.100.2"', b' "-"', b' "miss" "https"']), "hit"
    if which == "trailing_spaces":
        return raw + rng.choice([b" ", b"   "]), "hit"
    if which == "crlf_end":
        return raw + b"\r", "hit"
    if which == "escaped_quote":
        qs = line.quoted_fields()
        if not qs:
            return None
        q = rng.choice(qs)
        pos = rng.randint(q.start(1), q.end(1))
        if pos > q.start(1) and raw[pos - 1:pos] == b"\\":
            return None
        return raw[:pos] + b'\\"' + raw[pos:], "hit"
    return None


def mutate_random(line, rng, which):
    """Mutations without a known verdict: only the generic oracles apply."""
    raw = line.raw
    if not raw:
        return rng.choice(SPECIAL), None
    if which == "bit_flip":
        i = rng.randrange(len(raw))
        return raw[:i] + bytes([raw[i] ^ (1 << rng.randrange(8))]) + raw[i + 1:], None
    if which == "byte_replace":
        i = rng.randrange(len(raw))
        return raw[:i] + bytes([rng.randrange(256)]) + raw[i + 1:], None
    if which == "insert_special":
        i = rng.randint(0, len(raw))
        return raw[:i] + rng.choice(SPECIAL) * rng.choice([1, 1, 1, 2, 7]) + raw[i:], None
    if which == "truncate":
        return raw[:rng.randrange(len(raw))], None
    if which == "cr_insert":
        i = rng.randint(0, len(raw))
        return raw[:i] + rng.choice([b"\r", b"\r\r", b"\r \r"]) + raw[i:], None
    if which == "quote_insert":
        i = rng.randint(0, len(raw))
        return raw[:i] + rng.choice([b'"', b'\\', b'\\\\"', b'""', b"[", b"]", b"\\x22"]) + raw[i:], None
    if line.g.is_w3c:
        vals = raw.split(b" ")
        if which == "field_delete" and len(vals) > 1:
            del vals[rng.randrange(len(vals))]
            return b" ".join(vals), None
        if which == "field_dup":
            i = rng.randrange(len(vals))
            vals.insert(i, vals[i])
            return b" ".join(vals), None
        if which == "field_swap" and len(vals) > 1:
            i, j = rng.randrange(len(vals)), rng.randrange(len(vals))
            vals[i], vals[j] = vals[j], vals[i]
            return b" ".join(vals), None
        return None
    toks = line.tokens()
    if not toks:
        return None
    if which == "field_delete":
        a, b = rng.choice(toks)
        return (raw[:a] + raw[b + 1:]) if b < len(raw) else raw[:a].rstrip(b" "), None
    if which == "field_dup":
        a, b = rng.choice(toks)
        return raw[:b] + b" " + raw[a:b] + raw[b:], None
    if which == "field_swap" and len(toks) > 1:
        (a1, b1), (a2, b2) = sorted(rng.sample(toks, 2))
        return raw[:a1] + raw[a2:b2] + raw[b1:a2] + raw[a1:b1] + raw[b2:], None
    return None


# name -> (function, weight, expectation-bearing?)
def _m(fn, which):
    return lambda line, rng: fn(line, rng, which)


MUTATORS = {}
for _w in ("year_one", "year_zero", "year_999", "year_five", "month_13", "month_case",
           "feb_31", "feb29_nonleap", "feb29_leap", "day_zero", "hour_24", "minute_60", "offset_9999",
           "offset_1400"):
    MUTATORS["ts_" + _w] = (_m(mutate_time, _w), 2, True)
for _w in ("year_1000", "year_9999"):
    MUTATORS["ts_" + _w] = (_m(mutate_time, _w), 2, False)
for _w in ("offset_2359", "ts_extreme_high", "ts_extreme_low", "ts_junk"):
    MUTATORS[_w if _w.startswith("ts_") else "ts_" + _w] = (_m(mutate_time, _w), 3, False)
for _w in ("status_600", "status_low", "status_huge", "status_alpha", "status_edge"):
    MUTATORS[_w] = (_m(mutate_status, _w), 2, True)
MUTATORS["bytes_alpha"] = (_m(mutate_bytes, "bytes_alpha"), 2, True)
MUTATORS["bytes_edge"] = (_m(mutate_bytes, "bytes_edge"), 1, True)
MUTATORS["bytes_huge"] = (_m(mutate_bytes, "bytes_huge"), 3, False)
for _w in ("method_lower", "method_long", "method_edge", "target_noslash", "request_noproto", "request_empty",
           "space_in_target", "percent_junk"):
    MUTATORS[_w] = (_m(mutate_request, _w), 2, True)
MUTATORS["proto_junk"] = (_m(mutate_request, "proto_junk"), 2, False)
MUTATORS["client_hit"] = (_m(mutate_client, "client_hit"), 3, True)
MUTATORS["client_any"] = (_m(mutate_client, "client_any"), 2, False)
for _w in INJECT:
    MUTATORS[_w] = (_m(mutate_inject, _w), 3, _w == "inject_html")
MUTATORS["nul_byte"] = (_m(mutate_encoding, "nul_byte"), 2, True)
MUTATORS["invalid_utf8"] = (_m(mutate_encoding, "invalid_utf8"), 2, True)
MUTATORS["len_max"] = (_m(mutate_length, "len_max"), 1, True)
MUTATORS["len_over"] = (_m(mutate_length, "len_over"), 1, True)
MUTATORS["len_huge"] = (_m(mutate_length, "len_huge"), 0.2, True)
MUTATORS["long_field"] = (_m(mutate_length, "long_field"), 0.5, False)
for _w in ("delete_last_field", "dup_last_field", "extra_xff", "trailing_spaces", "crlf_end", "escaped_quote",
           "w3c_extra_value", "w3c_missing_value"):
    MUTATORS[_w] = (_m(mutate_structure, _w), 2, True)
MUTATORS["w3c_quoted_value"] = (_m(mutate_structure, "w3c_quoted_value"), 1, False)
for _w in ("bit_flip", "byte_replace", "insert_special", "truncate", "cr_insert", "quote_insert", "field_delete",
           "field_dup", "field_swap"):
    MUTATORS[_w] = (_m(mutate_random, _w), 4, False)


def apply_mutation(raw, group, rng, names=None, need_verdict=False):
    """Apply one mutation: returns (bytes, expectation, name) or None."""
    pool = names or list(MUTATORS)
    if need_verdict:
        pool = [n for n in pool if MUTATORS[n][2]]
    weights = [MUTATORS[n][1] for n in pool]
    for _ in range(12):
        name = rng.choices(pool, weights)[0]
        fn, _w, _v = MUTATORS[name]
        try:
            out = fn(Line(raw, group), rng)
        except (ValueError, IndexError, AttributeError, TypeError):
            out = None
        if out is None or out[0] is None:
            continue
        new, exp = out
        if need_verdict and exp is None:
            continue
        if new == raw and exp == "bad":
            continue
        return new, exp, name
    return None


def junk_line(rng, group, groups_all):
    kind = rng.choice(["blank", "spaces", "binary", "foreign", "directive", "fields_many", "fields_empty",
                       "fields_dup", "gzip_magic", "only_cr", "long_blank"])
    if kind == "blank":
        return b"", kind
    if kind == "spaces":
        return rng.choice([b"   ", b"\t", b" \t "]), kind
    if kind == "only_cr":
        return b"\r", kind
    if kind == "long_blank":
        return b" " * rng.choice([100, 70000]), kind
    if kind == "binary":
        return bytes(rng.choice([rng.randrange(256) for _ in range(8)] + [0x1b, 0xff, 0x00])
                     for _ in range(rng.randint(1, 200))).replace(b"\n", b""), kind
    if kind == "foreign":
        g = rng.choice(groups_all)
        return rng.choice(g.lines), kind
    if kind == "directive":
        return rng.choice([b"#Software: fuzz", b"#Version: 1.0", b"#Date: 9999-99-99 99:99:99", b"#Remark: \x1b[2J",
                           b"#", b"#Fields", b"#Start-Date: 2020-01-01 00:00:00"]), kind
    if kind == "fields_many":
        n = rng.choice([65, 70, 200, 1000, 20000])
        names = (group.fields or ["date", "time", "cs-method", "cs-uri-stem", "sc-status"]) + \
            ["x-f%d" % i for i in range(n)]
        return ("#Fields: " + " ".join(names)).encode(), kind
    if kind == "fields_empty":
        return rng.choice([b"#Fields:", b"#Fields: ", b"#Fields: // comment"]), kind
    if kind == "fields_dup":
        return b"#Fields: date time date time cs-uri-stem cs-uri-stem sc-status c-ip", kind
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", kind


# --------------------------------------------------------------------------------------------------
# gzip containers
# --------------------------------------------------------------------------------------------------

def gz_member(data, flg=0, extra=b"", name=b"", comment=b"", hcrc_ok=True, crc_xor=0, isize_xor=0, level=6,
              cm=8, mtime=0):
    h = b"\x1f\x8b" + bytes([cm, flg]) + struct.pack("<I", mtime) + b"\x00\xff"
    if flg & 4:
        h += struct.pack("<H", len(extra)) + extra
    if flg & 8:
        h += name + b"\x00"
    if flg & 16:
        h += comment + b"\x00"
    if flg & 2:
        c = zlib.crc32(h) & 0xFFFF
        if not hcrc_ok:
            c ^= 0x5A5A
        h += struct.pack("<H", c)
    co = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    trailer = struct.pack("<II", (zlib.crc32(data) ^ crc_xor) & 0xFFFFFFFF, (len(data) ^ isize_xor) & 0xFFFFFFFF)
    return h + body + trailer


GZ_SAME = ["plain", "members", "empty_members", "fextra", "fname", "fcomment", "fhcrc", "all_flags", "zero_padding",
           "level0", "level9", "big_fextra", "long_fname", "mtime_os"]
GZ_DAMAGE = ["truncate", "truncate_header", "flip_crc", "flip_isize", "fhcrc_bad", "reserved_flag", "trailing_junk",
             "bad_cm", "second_member_truncated"]
GZ_ANY = ["flip_body", "fname_unterminated", "flip_header_byte"]


def build_gzip(data, variant, rng_seed):
    """Deterministic (for minimisation) gzip bytes of `data` in a variant."""
    rng = random.Random(rng_seed)
    if variant == "plain":
        return gz_member(data)
    if variant == "members":
        cuts = sorted(rng.randint(0, len(data)) for _ in range(rng.randint(1, 4)))
        parts, prev = [], 0
        for c in cuts + [len(data)]:
            parts.append(data[prev:c])
            prev = c
        return b"".join(gz_member(p) for p in parts)
    if variant == "empty_members":
        cut = rng.randint(0, len(data))
        return gz_member(b"") + gz_member(data[:cut]) + gz_member(b"") + gz_member(data[cut:]) + gz_member(b"")
    if variant == "fextra":
        return gz_member(data, flg=4, extra=b"AB\x04\x00fuzz")
    if variant == "fname":
        return gz_member(data, flg=8, name=b"access.log")
    if variant == "fcomment":
        return gz_member(data, flg=16, comment=b"rotated by logrotate \xff")
    if variant == "fhcrc":
        return gz_member(data, flg=2)
    if variant == "all_flags":
        return gz_member(data, flg=2 | 4 | 8 | 16, extra=b"XY\x02\x00hi", name=b"a.log", comment=b"c")
    if variant == "zero_padding":
        return gz_member(data) + b"\x00" * rng.choice([1, 7, 512, 4096])
    if variant == "level0":
        return gz_member(data, level=0)
    if variant == "level9":
        return gz_member(data, level=9)
    if variant == "big_fextra":
        return gz_member(data, flg=4, extra=b"ZZ" + struct.pack("<H", 65531) + b"\x00" * 65531)
    if variant == "long_fname":
        return gz_member(data, flg=8, name=b"n" * 100000)
    if variant == "mtime_os":
        m = bytearray(gz_member(data, mtime=0xFFFFFFFF))
        m[9] = 3
        m[8] = 4
        return bytes(m)
    whole = gz_member(data)
    if variant == "truncate":
        return whole[:rng.randint(10, max(10, len(whole) - 1))]
    if variant == "truncate_header":
        return whole[:rng.randint(2, 9)]
    if variant == "flip_crc":
        return gz_member(data, crc_xor=1 << rng.randrange(32))
    if variant == "flip_isize":
        return gz_member(data, isize_xor=1 << rng.randrange(32))
    if variant == "fhcrc_bad":
        return gz_member(data, flg=2, hcrc_ok=False)
    if variant == "reserved_flag":
        return gz_member(data, flg=rng.choice([0x20, 0x40, 0x80, 0xE0]))
    if variant == "trailing_junk":
        return whole + rng.choice([b"junk", b"\x1f", b"\x1f\x8b", b"\x00\x00x"])
    if variant == "bad_cm":
        return gz_member(data, cm=rng.choice([0, 7, 9, 15]))
    if variant == "second_member_truncated":
        cut = rng.randint(0, len(data))
        second = gz_member(data[cut:])
        return gz_member(data[:cut]) + second[:rng.randint(10, len(second) - 1)]
    if variant == "flip_body":
        b = bytearray(whole)
        if len(b) > 19:
            i = rng.randrange(10, len(b) - 8)
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if variant == "fname_unterminated":
        return b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + b"name-without-end" * rng.choice([1, 1000])
    if variant == "flip_header_byte":
        b = bytearray(whole)
        i = rng.randrange(0, 10)
        b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    raise ValueError(variant)


# --------------------------------------------------------------------------------------------------
# Running the binary
# --------------------------------------------------------------------------------------------------

class Result:
    def __init__(self, argv, rc, out, err, secs, timed_out, cut):
        self.argv, self.rc, self.out, self.err, self.secs = argv, rc, out, err, secs
        self.timed_out, self.cut = timed_out, cut


class Runner:
    def __init__(self, binary, timeout, deadline):
        self.binary = binary
        self.timeout = timeout
        self.deadline = deadline     # hard end of the whole run (plus grace)
        self.env = dict(os.environ)
        self.env.pop("FOOTFALL_CRASH_POINT", None)
        self.env["LC_ALL"] = "C.UTF-8"
        self.runs = 0
        self.current = None

    def run(self, args, cwd, stdin=None, timeout=None, deadline=None):
        limit = timeout or self.timeout
        remaining = min(self.deadline, deadline or self.deadline) - time.time()
        cut = False
        if remaining < limit:
            limit, cut = remaining, True
        if limit <= 0.05:
            return Result(args, None, b"", b"", 0.0, False, True)
        argv = [self.binary] + args
        t0 = time.time()
        p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, start_new_session=True)
        self.current = p
        timed_out = False
        try:
            out, err = p.communicate(stdin, timeout=limit)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
        finally:
            self.current = None
        self.runs += 1
        return Result(args, p.returncode, out, err, time.time() - t0, timed_out and not cut, timed_out and cut)

    def kill_current(self):
        p = self.current
        if p is not None and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --------------------------------------------------------------------------------------------------
# Oracles
# --------------------------------------------------------------------------------------------------

class Finding:
    def __init__(self, command, oracle, detail, key_detail, result=None, extra=""):
        self.command, self.oracle, self.detail = command, oracle, detail
        self.key_detail = key_detail
        self.result = result
        self.extra = extra

    @property
    def key(self):
        return "%s | %s | %s" % (self.command, self.oracle, self.key_detail)


WORK_DIRS = []   # the run's temporary folder: dropped from messages before they become keys


def normalize(text, limit=150):
    for w in WORK_DIRS:
        text = text.replace(w + "/", "")
    text = re.sub(r"\bt\d{6}/", "", text)
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"0x[0-9a-fA-F]+", "#", text)
    text = re.sub(r"\d+", "#", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit]


def key_line(err):
    """The stderr line that names the failure: a Swift fatal error, else footfall's error, else the first."""
    text = err.decode("utf-8", "replace")
    lines = [l for l in text.splitlines() if l.strip()]
    for l in lines:
        if "Fatal error" in l or "fatal error" in l:
            return l.strip()
    for l in lines:
        if l.startswith("footfall: error") or l.startswith("Error:"):
            return l.strip()
    return lines[0].strip() if lines else "(no stderr)"


def strict_json(text):
    def bad_constant(c):
        raise ValueError("non-finite number %s" % c)

    def pairs(ps):
        seen = set()
        for k, _ in ps:
            if k in seen:
                raise ValueError("duplicate key %r" % k)
            seen.add(k)
        return dict(ps)
    return json.loads(text, parse_constant=bad_constant, object_pairs_hook=pairs)


def control_problems(text):
    """(oracle, detail) for raw terminal control characters in text meant for a terminal."""
    out = []
    text = text.replace("\r\n", "\n")   # CSV rows end with CRLF (RFC 4180)
    esc = [c for c in text if c == "\x1b" or c in BIDI]
    if esc:
        out.append(("esc-bidi", "raw %s" % ", ".join(sorted({"ESC" if c == "\x1b" else "U+%04X" % ord(c)
                                                            for c in esc}))))
    other = sorted({c for c in text if c in C0 or c in C1})
    if other:
        out.append(("c0-control", "raw %s" % ", ".join("U+%04X" % ord(c) for c in other)))
    return out


def walk_json(obj, path=""):
    yield path, obj
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_json(v, path + "." + k)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk_json(v, path + "[]")


def valid_day(s):
    if not isinstance(s, str) or not DAY_RE.match(s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def json_problems(obj):
    """(oracle, detail) from any footfall JSON document."""
    out = []

    def shape(p, v):
        p = re.sub(r"\.[+-]?[0-9]+-[0-9]+-[0-9]+", ".DAY", p)
        return "%s = %s" % (p, re.sub(r"[0-9]", "d", repr(v)[:40]))
    for path, v in walk_json(obj):
        if isinstance(v, dict):
            for k in v:
                if re.match(r"^[+-]?\d+-\d+-\d+", k) and not valid_day(k):
                    out.append(("json-day-key", "key %r at %s" % (k, path or "$"), "key " + shape(path or "$", k)))
        last = path.rsplit(".", 1)[-1]
        if (last in ("day", "first_day", "last_day") or path in (".from", ".to")) and isinstance(v, str) and v \
                and not valid_day(v):
            out.append(("json-day-key", "%s = %r" % (path, v), shape(path, v)))
        if last == "days" and isinstance(v, list):
            for d in v:
                if isinstance(d, str) and not valid_day(d):
                    out.append(("json-day-key", "%s[] = %r" % (path, d), shape(path + "[]", d)))
        if isinstance(v, str) and valid_day(v) and not (1000 <= int(v[:4]) <= 9999) and path not in (".from", ".to"):
            out.append(("json-day-year", "%s = %r" % (path, v), shape(path, v)))
        # A cohort's `start` is a day (SPEC §14), checked as days are.
        if path.endswith("cohorts[].start"):
            if isinstance(v, str) and not valid_day(v):
                out.append(("json-day-key", "%s = %r" % (path, v), shape(path, v)))
        elif last in ("last_visit", "start", "end", "timestamp") and isinstance(v, str) and v and not TS_RE.match(v):
            out.append(("json-timestamp", "%s = %r" % (path, v), shape(path, v)))
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
            out.append(("json-negative", "%s = %r" % (path, v), re.sub(r"\.[+-]?[0-9]+-[0-9]+-[0-9]+", ".DAY", path)))
    return out


class Reproduced(Exception):
    """Raised while minimising once the finding sought has shown up."""


class Ctx:
    """Collects findings of one test case."""

    def __init__(self, fuzz, case, target=None):
        self.fuzz = fuzz
        self.case = case
        self.findings = []
        self.commands = []
        self.target = target
        self.had_hang = False

    def add(self, command, oracle, detail, key_detail=None, result=None, extra=""):
        f = Finding(command, oracle, detail, key_detail if key_detail is not None else detail, result, extra)
        self.findings.append(f)
        if self.target is not None and f.key == self.target:
            raise Reproduced()

    def run(self, label, args, cwd, stdin=None, json_out=False, terminal_out=False, allowed=ALLOWED_EXIT,
            family=None, size=0):
        fz = self.fuzz
        if time.time() > fz.deadline or fz.stop:
            res = Result(args, None, b"", b"", 0.0, False, True)
            res.json = None
            return res
        # A command already known to hang (or any command after a hang in this case) gets a short timeout.
        short = label in fz.hanging or self.had_hang
        timeout = min(fz.runner.timeout, 4.0) if short else fz.runner.timeout
        res = fz.runner.run(args, cwd, stdin, timeout=timeout, deadline=fz.deadline)
        res.json = None
        self.commands.append((args, stdin))
        fam = family or self.case.get("family")
        fz.count_run(fam, label)
        err_line = key_line(res.err)
        if res.cut:
            return res
        if res.timed_out:
            fz.hanging.add(label)
            self.had_hang = True
            self.add(label, "hang", "no exit within %ds" % timeout, "no exit within the timeout", res)
            return res
        if res.rc is not None and res.rc < 0:
            try:
                sig = signal.Signals(-res.rc).name
            except ValueError:
                sig = str(-res.rc)
            self.add(label, "crash", "%s: %s" % (sig, err_line), "%s: %s" % (sig, normalize(err_line)), res)
        elif res.rc not in allowed:
            self.add(label, "exit-code", "exit %s: %s" % (res.rc, err_line), "exit %s: %s" % (res.rc, normalize(err_line)),
                     res)
        elif res.rc != 0 and not res.err.strip():
            self.add(label, "silent-failure", "exit %s with empty stderr" % res.rc, None, res)
        err_text = res.err.decode("utf-8", "replace")
        if res.rc is not None and res.rc >= 0:
            for oracle, detail in control_problems(err_text):
                # One key per message whatever the report: the message comes from the option, not the report.
                self.add(label.split(":")[0], oracle, "stderr: " + detail + " in: " + err_line[:120],
                         "stderr: " + detail + " in: " + normalize(err_line, 60), res)
        if terminal_out:
            for oracle, detail in control_problems(res.out.decode("utf-8", "replace")):
                self.add(label, oracle, "stdout: " + detail, None, res)
        # Timing: compared with the seed run of the same command and family.
        base = fz.baseline.get((fam, label.split(":")[0]))
        if base and not res.timed_out and res.rc is not None and res.rc >= 0:
            bsecs, bbytes = base
            expected = bsecs * max(1.0, float(size) / max(1, bbytes))
            limit = TIME_FACTOR * max(expected, TIME_FLOOR)
            if res.secs > limit and label.split(":")[0] in ("parse", "sessions"):
                again = fz.runner.run(args, cwd, stdin, deadline=fz.deadline)
                if min(res.secs, again.secs) > limit:
                    self.add(label, "slow", "%.1fs, limit %.1fs (seed run %.2fs for %d bytes, this input %d bytes)"
                             % (min(res.secs, again.secs), limit, bsecs, bbytes, size), "slower than 20x the seed run",
                             res)
        if json_out and res.rc == 0 and not res.timed_out:
            try:
                text = res.out.decode("utf-8")
            except UnicodeDecodeError as e:
                self.add(label, "json-utf8", "stdout is not UTF-8: %s" % e, "stdout is not UTF-8", res)
                return res
            if not text.strip():
                self.add(label, "json-missing", "exit 0 and empty stdout", None, res)
                return res
            try:
                res.json = strict_json(text)
            except ValueError as e:
                self.add(label, "json-invalid", str(e)[:200], normalize(str(e).split(":")[0]), res)
                return res
            for oracle, detail, key_detail in json_problems(res.json):
                self.add(label, oracle, detail, key_detail, res)
        return res


def physical_counts(data, w3c):
    """(lines, blank_min, blank_max, directives) as footfall should count them."""
    if not data:
        return 0, 0, 0, 0
    pieces = data.split(b"\n")
    terminated = [True] * (len(pieces) - 1) + [False]
    if pieces[-1] == b"":
        pieces.pop()
        terminated.pop()
    lines = len(pieces)
    bmin = bmax = dirs = 0
    for p, t in zip(pieces, terminated):
        q = p[:-1] if (t and p.endswith(b"\r")) else p
        if q.strip(b" \t") == b"":
            if len(q) <= MAX_LINE:
                bmin += 1
            bmax += 1
        elif q.strip(b" \t\r\x0b\x0c") == b"":
            bmax += 1
        elif w3c and q.lstrip(b" \t").startswith(b"#"):
            dirs += 1
    return lines, bmin, bmax, dirs


def check_parse_json(ctx, label, j, datas, w3c, top=None, full=True):
    """Count invariants of parse --json (checked on the unmutated seeds first)."""
    try:
        lines, hits, bots, pv = j["lines"], j["hits"], j["bot_hits"], j["page_views"]
        bad = sum(j["bad_lines"].values())
        statuses, devices, tops = j["statuses"], j["devices"], j["top_pages"]
    except (KeyError, TypeError, AttributeError) as e:
        ctx.add(label, "json-contract", "missing or mistyped key: %r" % e, "missing or mistyped key")
        return
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in [lines, hits, bots, pv, bad]):
        ctx.add(label, "json-contract", "a count is not an integer")
        return
    if lines < hits + bots + bad:
        ctx.add(label, "counts", "lines %d < hits %d + bot_hits %d + bad %d" % (lines, hits, bots, bad),
                "lines < hits + bot_hits + bad_lines")
    is_w3c = w3c or any(v == "w3c" for v in (j.get("formats") or {}).values())
    if full:
        plines = bmin = bmax = dirs = 0
        for d in datas:
            a, b, c, e = physical_counts(d, is_w3c)
            plines, bmin, bmax, dirs = plines + a, bmin + b, bmax + c, dirs + e
        if lines != plines:
            ctx.add(label, "counts", "lines %d, but the input has %d physical lines" % (lines, plines),
                    "lines differs from the physical line count")
        else:
            rest = lines - hits - bots - bad
            if not (bmin <= rest <= bmax + dirs):
                ctx.add(label, "counts", "lines - hits - bot_hits - bad = %d, expected %d..%d blank%s lines"
                        % (rest, bmin, bmax + dirs, " or directive" if is_w3c else ""),
                        "lines != hits + bot_hits + bad + blank%s" % (" + directives" if is_w3c else ""))
    if sum(statuses.values()) != hits + bots:
        ctx.add(label, "counts", "statuses sum %d != hits + bot_hits %d" % (sum(statuses.values()), hits + bots),
                "statuses do not sum to hits + bot_hits")
    for k in statuses:
        if not re.match(r"^[1-5]\d\d$", k):
            ctx.add(label, "counts", "status key %r" % k, "status key outside 100-599")
    if sum(devices.values()) != pv:
        ctx.add(label, "counts", "devices sum %d != page_views %d" % (sum(devices.values()), pv),
                "devices do not sum to page_views")
    if pv > hits:
        ctx.add(label, "counts", "page_views %d > hits %d" % (pv, hits), "page_views > hits")
    counts = [t.get("page_views", 0) for t in tops]
    if counts != sorted(counts, reverse=True):
        ctx.add(label, "counts", "top_pages not sorted by page views", None)
    if sum(counts) > pv:
        ctx.add(label, "counts", "top_pages sum %d > page_views %d" % (sum(counts), pv), "top_pages sum > page_views")
    if top is not None and top >= 0 and len(tops) > top:
        ctx.add(label, "top-limit", "%d top pages with --top %d" % (len(tops), top), "more top pages than --top")


def check_sessions_json(ctx, label, j, parse_pv=None):
    try:
        days = j["days"]
        total_pv = 0
        for d in days:
            v = d["visits"]
            for part in ("segments", "channels", "devices"):
                if sum(d[part].values()) != v:
                    ctx.add(label, "counts", "%s sum %d != visits %d on %s" % (part, sum(d[part].values()), v, d["day"]),
                            "%s do not sum to visits" % part)
            if not (d["first_time_visitors"] <= d["visitors"] <= v <= d["page_views"]):
                ctx.add(label, "counts", "first-time %d, visitors %d, visits %d, page views %d on %s"
                        % (d["first_time_visitors"], d["visitors"], v, d["page_views"], d["day"]),
                        "not first-time <= visitors <= visits <= page views")
            if d["logins"] > v:
                ctx.add(label, "counts", "logins > visits", None)
            total_pv += d["page_views"]
        if parse_pv is not None and total_pv != parse_pv:
            ctx.add(label, "counts", "sessions page views %d != parse page_views %d" % (total_pv, parse_pv),
                    "sessions page views differ from parse")
        day_list = [d["day"] for d in days]
        if all(valid_day(x) for x in day_list) and (day_list != sorted(day_list) or len(set(day_list)) != len(day_list)):
            ctx.add(label, "counts", "days not sorted or repeated", None)
    except (KeyError, TypeError, AttributeError) as e:
        ctx.add(label, "json-contract", "sessions JSON: %r" % e, "sessions JSON missing key")


def comparable_parse(j):
    """parse --json without the parts that name files."""
    if not isinstance(j, dict):
        return j
    k = dict(j)
    k.pop("formats", None)
    k["bad_line_examples"] = [re.sub(r"^.*?:(\d+): ", r"\1: ", x) for x in j.get("bad_line_examples", [])]
    return k


def figures(j):
    """parse --json figures that a different line numbering keeps."""
    if not isinstance(j, dict):
        return j
    return {k: j.get(k) for k in ("hits", "bot_hits", "page_views", "bad_lines", "statuses", "devices", "top_pages")}


def diff_summary(a, b):
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                va, vb = json.dumps(a.get(k))[:80], json.dumps(b.get(k))[:80]
                out.append("%s: %s vs %s" % (k, va, vb))
    return "; ".join(out)[:400] or "differs"


# --------------------------------------------------------------------------------------------------
# The fuzzer
# --------------------------------------------------------------------------------------------------

LENIENT = '[site]\nname = "fuzz"\nmax_bad_ratio = 1.0\n'
REPORTS = ["overview", "segments", "profile", "groups", "pages", "paths", "campaigns", "referrers", "logins",
           "conversions", "retention-watch", "bots", "status", "hours"]


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.rng = random.Random(self.seed)
        self.start = time.time()
        self.end = self.start + args.seconds
        self.work = tempfile.mkdtemp(prefix="footfall-fuzz-")
        WORK_DIRS.append(self.work)
        WORK_DIRS.append(os.path.realpath(self.work))
        self.runner = Runner(os.path.abspath(args.binary), args.timeout, self.end + 3)
        self.deadline = self.end + 2      # no run starts after this (earlier while minimising)
        self.internal_errors = 0
        self.hanging = set()
        self.findings = {}        # key -> dict(first=Finding, count, dir, min)
        self.baseline = {}
        self.stats = {f: dict(lines=0, mutated=0, runs={}, tests={}, findings=set(), seed_lines=0, clean=0)
                      for f in FAMILIES}
        self.mut_counts = {}
        self.test_counts = {}
        self.case_no = 0
        self.calibrated = set()
        self.findings_dir = args.findings
        self.default_findings = False
        if not self.findings_dir:
            self.findings_dir = tempfile.mkdtemp(prefix="footfall-fuzz-findings-")
            self.default_findings = True
        os.makedirs(self.findings_dir, exist_ok=True)
        self.sample_dir = self.find_sample()
        self.stop = False

    # -- logging
    def log(self, msg):
        if not self.args.quiet:
            print(msg, flush=True)

    def find_sample(self):
        for d in [os.path.join(REPO, "SampleLogs")] + (self.args.seeds or []):
            if os.path.isfile(os.path.join(d, "site.toml")):
                return d
        return None

    def count_run(self, fam, label):
        if fam in self.stats:
            r = self.stats[fam]["runs"]
            cmd = label.split(":")[0]
            r[cmd] = r.get(cmd, 0) + 1

    def new_dir(self):
        self.case_no += 1
        d = os.path.join(self.work, "t%06d" % self.case_no)
        os.makedirs(d)
        return d

    # -- seeds and calibration
    def load(self):
        roots = [os.path.join(REPO, "Tests", "Fixtures", "real-logs"),
                 os.path.normpath(os.path.join(REPO, "..", "shared", "real-logs")),
                 os.path.join(REPO, "SampleLogs")] + (self.args.seeds or [])
        self.log("seeds:")
        self.fams = load_seeds([r for r in roots if os.path.isdir(r)], random.Random(self.seed), self.log)
        wanted = self.args.families.split(",") if self.args.families else FAMILIES
        self.order = [f for f in FAMILIES if f in wanted and self.fams[f]]
        for f in FAMILIES:
            self.stats[f]["seed_lines"] = sum(len(g.lines) for g in self.fams[f])
        self.all_groups = [g for f in FAMILIES if f != "auto" for g in self.fams[f]]

    def group_file(self, g, lines):
        return b"\n".join((g.header if g.is_w3c else []) + lines) + b"\n"

    def calibrate(self, fam):
        """Find seed lines that parse as hits (the clean pool) and time the seed runs."""
        if fam in self.calibrated:
            return
        self.calibrated.add(fam)
        d = self.new_dir()
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(LENIENT)
        for g in self.fams[fam]:
            pool = [l for l in g.lines[:: max(1, len(g.lines) // 300)][:300]
                    if l.strip(b" \t\r") and not l.lstrip().startswith(b"#")]
            hdr = len(g.header) if g.is_w3c else 0
            for _ in range(12):
                if not pool or time.time() > self.end:
                    break
                data = self.group_file(g, pool)
                with open(os.path.join(d, "in.log"), "wb") as f:
                    f.write(data)
                res = self.runner.run(["parse", "--json", "--config", "site.toml", "--format", g.fmt, "in.log"], d)
                self.count_run(fam, "parse")
                try:
                    j = strict_json(res.out.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    pool = []
                    break
                if (fam, "parse") not in self.baseline or len(data) > self.baseline[(fam, "parse")][1]:
                    self.baseline[(fam, "parse")] = (max(res.secs, 0.01), len(data))
                bad = sum(j.get("bad_lines", {}).values())
                if bad == 0:
                    if j.get("hits", 0) + j.get("bot_hits", 0) != len(pool):
                        pool = []
                    break
                drop = set()
                for ex in j.get("bad_line_examples", []):
                    m = re.match(r"^in\.log:(\d+):", ex)
                    if m:
                        drop.add(int(m.group(1)) - 1 - hdr)
                if not drop:
                    pool = []
                    break
                pool = [l for i, l in enumerate(pool) if i not in drop]
            else:
                pool = []
            g.clean = pool
            self.stats[fam]["clean"] += len(pool)
        # sessions / ingest baselines on one clean group
        gs = [g for g in self.fams[fam] if g.clean]
        if gs and time.time() < self.end:
            g = max(gs, key=lambda x: len(x.clean))
            data = self.group_file(g, g.clean)
            with open(os.path.join(d, "in.log"), "wb") as f:
                f.write(data)
            res = self.runner.run(["sessions", "--json", "--config", "site.toml", "--format", g.fmt, "in.log"], d)
            self.count_run(fam, "sessions")
            self.baseline[(fam, "sessions")] = (max(res.secs, 0.01), len(data))
        shutil.rmtree(d, ignore_errors=True)

    # -- finding bookkeeping
    def allowed(self, key):
        return any(a in key for a in (self.args.allow or []))

    def record(self, ctx, case_dir, fam):
        new = []
        for f in ctx.findings:
            entry = self.findings.get(f.key)
            if entry:
                entry["count"] += 1
                continue
            n = len(self.findings) + 1
            slug = re.sub(r"[^a-z0-9]+", "-", ("%s-%s" % (f.oracle, f.command)).lower()).strip("-")[:40]
            fdir = os.path.join(self.findings_dir, "%03d-%s" % (n, slug))
            entry = self.findings[f.key] = dict(first=f, count=1, dir=fdir, family=fam, case=ctx.case,
                                                commands=list(ctx.commands), minimal=None, time=time.time() - self.start)
            self.save_finding(entry, case_dir, ctx.commands, fdir, "input")
            self.stats.get(fam, {}).get("findings", set()).add(f.key)
            new.append(entry)
            mark = "allowed" if self.allowed(f.key) else "NEW"
            self.log("  [%s] %s" % (mark, f.key))
            self.log("        %s" % f.detail[:300])
        return new

    def save_finding(self, entry, case_dir, commands, fdir, sub):
        idir = os.path.join(fdir, sub)
        if os.path.exists(idir):
            shutil.rmtree(idir)
        shutil.copytree(case_dir, idir, ignore=shutil.ignore_patterns("store*"))
        f = entry["first"]
        with open(os.path.join(fdir, "finding.txt"), "w") as out:
            out.write("key:     %s\ncommand: %s\noracle:  %s\ndetail:  %s\nseed:    %d\n" % (
                f.key, f.command, f.oracle, f.detail, self.seed))
            if f.extra:
                out.write("note:    %s\n" % f.extra)
            case = {k: v for k, v in entry["case"].items() if k not in ("units",)}
            out.write("case:    %s\n" % json.dumps(case, default=str)[:2000])
        script = ["#!/bin/sh", "# %s" % f.key, "# FOOTFALL=path/to/footfall sh repro.sh", 'cd "$(dirname "$0")" || exit 1',
                  'BIN="${FOOTFALL:-%s}"' % self.runner.binary, "rm -rf store store2"]
        for args, stdin in commands:
            line = '"$BIN" ' + " ".join(shlex.quote(a) for a in args)
            if stdin is not None:
                with open(os.path.join(idir, "stdin.bin"), "wb") as s:
                    s.write(stdin)
                line += " < stdin.bin"
            script.append(line + "; echo \"exit $?\" >&2")
        with open(os.path.join(idir, "repro.sh"), "w") as s:
            s.write("\n".join(script) + "\n")
        if f.result is not None:
            with open(os.path.join(idir, "stdout.txt"), "wb") as s:
                s.write(f.result.out[:200000])
            with open(os.path.join(idir, "stderr.txt"), "wb") as s:
                s.write(f.result.err[:200000])

    # -- one test case: kinds
    def run_case(self, case, target=None):
        """Builds the inputs of `case` in a new folder, runs the commands, returns (ctx, dir)."""
        d = self.new_dir()
        ctx = Ctx(self, case, target)
        try:
            getattr(self, "t_" + case["kind"])(ctx, d, case)
        except Reproduced:
            pass
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception:   # a bug of this script, not of footfall: say so and go on
            import traceback
            self.internal_errors += 1
            print("fuzz_cli: internal error in a %s case (not a finding):\n%s" % (
                case["kind"], traceback.format_exc()), file=sys.stderr)
        return ctx, d

    def write_units(self, d, name, case, units=None):
        units = case["units"] if units is None else units
        lines = [u[0] for u in units]
        eol = b"\r\n" if case.get("crlf") else b"\n"
        data = eol.join(lines) + (eol if lines and not case.get("no_final_eol") else b"")
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        return data

    def write_config(self, d, case):
        text = case.get("config") or LENIENT
        if case.get("sample_config") and self.sample_dir:
            for n in os.listdir(self.sample_dir):
                if n.endswith(".csv"):
                    shutil.copy(os.path.join(self.sample_dir, n), d)
            with open(os.path.join(self.sample_dir, "site.toml")) as f:
                text = f.read()
            text = text.replace("max_bad_ratio = 0.05", "max_bad_ratio = %s" % case.get("ratio", "1.0"))
            if case.get("catalog"):
                text = self.fuzz_catalog(d, text, case["catalog"])
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(text)

    CATALOG_VALUES = {
        "cost": ["1e308", "1.7976931348623157e308", "inf", "1e300", "0", "-0", "1e-320", "99999999999999999999999",
                 "1e308", "1e305", "0x10", "nan"],
        "sent": ["0", "-1", "9223372036854775808", "1e308", "x"],
        "birth_year": ["0", "1", "-1", "99999", "9223372036854775807", "2100", "", "1e3"],
        "maturity_date": ["0001-01-01", "9999-12-31", "2026-02-30", "10000-01-01", "", "x"],
        "grade": ["vip", "\u001b[2Jvip", "<fz>", "\u202evip", ""],
        "name": ["\u001b[31mred", "\u202eevil", "<fz>", "=cmd()", "+1", "@x", "-x", ""],
        "weight": ["1e308", "1.7976931348623157e308", "-1e308", "0", "-1", "1e-320", "nan", "inf", "5"],
    }

    def fuzz_catalog(self, d, toml_text, seed):
        """Mutates the sample CSV catalogues and goal weights (numbers that reach report figures)."""
        r = random.Random(seed)
        V = {k: [v.encode().decode("unicode_escape") if "\\u" in v else v for v in vs]
             for k, vs in self.CATALOG_VALUES.items()}

        def edit(name, column, values, rows):
            path = os.path.join(d, name)
            if not os.path.exists(path):
                return
            with open(path, newline="", encoding="utf-8") as f:
                table = list(csv.reader(f))
            if not table or column not in table[0]:
                return
            ci = table[0].index(column)
            for _ in range(rows):
                if len(table) > 1:
                    row = table[r.randrange(1, len(table))]
                    if ci < len(row):
                        row[ci] = r.choice(values)
            with open(path, "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(table)
        which = set(r.choices(["cost", "sent", "birth_year", "maturity_date", "grade", "product", "weight"],
                              [4, 1, 1, 1, 0.3, 2, 4], k=r.randint(1, 2)))
        if "cost" in which:
            edit("campaigns.csv", "cost", V["cost"], 4)
        if "sent" in which:
            edit("campaigns.csv", "sent", V["sent"], 2)
        if "birth_year" in which:
            edit("customers.csv", "birth_year", V["birth_year"], 20)
        if "maturity_date" in which:
            edit("customers.csv", "maturity_date", V["maturity_date"], 20)
        if "grade" in which:
            edit("customers.csv", "grade", V["grade"], 20)
        if "product" in which:
            edit("products.csv", "name", V["name"], 5)
        if "weight" in which:
            toml_text = re.sub(r"interest_weight = \d+", lambda m: "interest_weight = " + r.choice(V["weight"]), toml_text)
        return toml_text

    def expected_counts(self, units):
        hits = sum(1 for u in units if u[1] == "hit")
        bad = sum(1 for u in units if u[1] == "bad")
        return hits, bad

    # parse: a random mutated batch
    def t_parse(self, ctx, d, case):
        self.write_config(d, case)
        data = self.write_units(d, "in.log", case)
        fam, fmt = case["family"], case["fmt"]
        files, datas, stdin = ["in.log"], [data], None
        container = case.get("container", "plain")
        if container == "stdin":
            files, stdin = ["-"], data
        elif container != "plain":
            with open(os.path.join(d, "in.log.gz"), "wb") as f:
                f.write(build_gzip(data, container, case["gz_seed"]))
            files = ["in.log.gz"]
        opts = list(case.get("opts", []))
        top = None
        for o in opts:
            if o.startswith("--top="):
                top = int(o[6:])
        args = ["parse", "--json", "--config", "site.toml", "--format", fmt] + opts + files
        res = ctx.run("parse", args, d, stdin=stdin, json_out=True, size=len(data))
        # A mutation may put the gzip magic at the very start of the plain file: footfall then rightly reads the
        # file as gzip (FORMATS.md), so its lines are not the text's physical lines and the ratio oracle does not apply.
        sniffed_gzip = data[:2] == b"\x1f\x8b"
        if res.json is not None:
            check_parse_json(ctx, "parse", res.json, datas, fam == "w3c", top=top, full=not sniffed_gzip)
        if case.get("text"):
            ctx.run("parse:text", ["parse", "--verbose", "--config", "site.toml", "--format", fmt] + files, d,
                    stdin=stdin, terminal_out=True, size=len(data))
        if case.get("ratio_check") and res.json is not None and container == "plain" and not sniffed_gzip:
            data_lines = res.json["hits"] + res.json["bot_hits"] + sum(res.json["bad_lines"].values())
            bad = sum(res.json["bad_lines"].values())
            want = 2 if bad * 20 > data_lines else 0
            r2 = ctx.run("parse", ["parse", "--json", "--format", fmt, "in.log"], d, json_out=True, size=len(data))
            if r2.rc in (0, 2) and r2.rc != want:
                ctx.add("parse", "bad-ratio", "exit %d with %d of %d data lines malformed (limit 0.05): want %d"
                        % (r2.rc, bad, data_lines, want), "exit %d, want %d" % (r2.rc, want), r2)
        equiv = case.get("equiv")
        if equiv and res.json is not None and container == "plain":
            r3 = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", equiv] + opts + ["in.log"],
                         d, json_out=True, size=len(data))
            if r3.json is not None and comparable_parse(r3.json) != comparable_parse(res.json):
                ctx.add("parse", "format-equiv", "--format %s vs %r: %s" % (fmt, equiv, diff_summary(
                    comparable_parse(res.json), comparable_parse(r3.json))), "%s differs from its format string" % fmt, r3)
            elif r3.rc != res.rc:
                ctx.add("parse", "format-equiv", "--format %s exit %s vs %r exit %s" % (fmt, res.rc, equiv, r3.rc),
                        "%s exit differs from its format string" % fmt, r3)

    # probe: clean lines plus one line with a known verdict
    def t_probe(self, ctx, d, case):
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(LENIENT)
        units = case["units"]
        data = self.write_units(d, "in.log", case)
        hits, bad = self.expected_counts(units)
        res = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", case["fmt"], "in.log"], d,
                      json_out=True, size=len(data))
        if res.json is None:
            return
        check_parse_json(ctx, "parse", res.json, [data], case["family"] == "w3c")
        got_hits = res.json["hits"] + res.json["bot_hits"]
        got_bad = sum(res.json["bad_lines"].values())
        mut = case["mutator"]
        if got_hits == hits and got_bad == bad:
            return
        probes = [u for u in units if u[1] is not None and len(u) > 2]
        exp = probes[0][1] if probes else "hit"
        if exp == "bad" and got_hits > hits:
            ctx.add("parse", "expect-bad", "%s: the line was counted as a hit (hits+bots %d, want %d; bad %d, want %d)"
                    % (mut, got_hits, hits, got_bad, bad), "%s: line accepted as a hit" % mut, res)
        elif exp == "hit" and got_bad > bad:
            reasons = ",".join(sorted(res.json["bad_lines"]))
            ctx.add("parse", "expect-hit", "%s: the line was counted as malformed (%s)" % (mut, reasons),
                    "%s: line rejected as %s" % (mut, reasons), res)
        else:
            ctx.add("parse", "expect-counts", "%s: hits+bots %d (want %d), bad %d (want %d), bad_lines %s"
                    % (mut, got_hits, hits, got_bad, bad, json.dumps(res.json["bad_lines"])),
                    "%s: counts differ from the verdict" % mut, res)

    # sessions (and parse for cross-checks)
    def t_sessions(self, ctx, d, case):
        self.write_config(d, case)
        data = self.write_units(d, "in.log", case)
        fmt = case["fmt"]
        files = ["in.log"]
        if case.get("container", "plain") != "plain":
            with open(os.path.join(d, "in.log.gz"), "wb") as f:
                f.write(build_gzip(data, case["container"], case["gz_seed"]))
            files = ["in.log.gz"]
        p = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", fmt] + files, d, json_out=True,
                    size=len(data))
        args = ["sessions", "--json", "--config", "site.toml", "--format", fmt] + files
        if case.get("history"):
            args[1:1] = ["--history", "hist.bin"]
        s = ctx.run("sessions", args, d, json_out=True, size=len(data))
        if s.json is not None:
            check_sessions_json(ctx, "sessions", s.json, p.json["page_views"] if p.json is not None else None)
        if p.rc != s.rc and p.rc in (0, 2) and s.rc in (0, 2):
            ctx.add("sessions", "exit-mismatch", "parse exit %s, sessions exit %s on the same input" % (p.rc, s.rc), None, s)
        if case.get("history") and s.rc == 0:
            hp = os.path.join(d, "hist.bin")
            if os.path.exists(hp) and case.get("damage_history"):
                with open(hp, "rb") as f:
                    h = bytearray(f.read())
                r = random.Random(case["gz_seed"])
                if h:
                    if r.random() < 0.5:
                        h = h[:r.randrange(len(h))]
                    else:
                        for _ in range(r.randint(1, 4)):
                            h[r.randrange(len(h))] ^= 1 << r.randrange(8)
                with open(hp, "wb") as f:
                    f.write(bytes(h))
            s2 = ctx.run("sessions", args, d, json_out=True, size=len(data))
            if s2.json is not None:
                check_sessions_json(ctx, "sessions", s2.json, p.json["page_views"] if p.json is not None else None)
        if case.get("text"):
            ctx.run("sessions:text", ["sessions", "--verbose", "--config", "site.toml", "--format", fmt] + files, d,
                    terminal_out=True, size=len(data))

    # gzip variants against the plain file
    def t_gzip(self, ctx, d, case):
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(LENIENT)
        data = self.write_units(d, "in.log", case)
        fmt = case["fmt"]
        base = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", fmt, "in.log"], d,
                       json_out=True, size=len(data))
        sniffed_gzip = data[:2] == b"\x1f\x8b"   # the plain file itself is read as gzip (FORMATS.md)
        for i, variant in enumerate(case["variants"]):
            name = "v%d.gz" % i
            gz = build_gzip(data, variant, case["gz_seed"] + i)
            with open(os.path.join(d, name), "wb") as f:
                f.write(gz)
            args = ["parse", "--json", "--config", "site.toml", "--format", fmt]
            res = ctx.run("parse", args + [name], d, json_out=True, size=len(data))
            if res.rc is None or res.rc < 0 or res.timed_out or res.cut:
                continue
            salvage = False
            if variant in GZ_DAMAGE and res.rc == 2 and case.get("salvage"):
                salvage = True
                res = ctx.run("parse", args + ["--salvage", name], d, json_out=True, size=len(data))
                if res.rc is None or res.rc < 0 or res.timed_out or res.cut:
                    continue
            if variant in GZ_SAME and not sniffed_gzip:
                if res.rc != base.rc:
                    ctx.add("parse", "gzip-valid-refused" if res.rc == 2 else "gzip-variant-differs",
                            "%s: exit %s, the plain file exit %s: %s" % (variant, res.rc, base.rc, key_line(res.err)),
                            "%s: exit %s vs plain %s" % (variant, res.rc, base.rc), res)
                elif res.json is not None and base.json is not None and \
                        comparable_parse(res.json) != comparable_parse(base.json):
                    ctx.add("parse", "gzip-variant-differs", "%s: %s" % (variant, diff_summary(
                        comparable_parse(base.json), comparable_parse(res.json))), "%s: figures differ" % variant, res)
            elif variant in GZ_DAMAGE:
                if not salvage and res.rc != 2:
                    ctx.add("parse", "gzip-damage-accepted", "%s: exit %s, want 2 (damaged gzip)" % (variant, res.rc),
                            "%s: exit %s" % (variant, res.rc), res)
                if salvage:
                    if res.rc != 0:
                        ctx.add("parse", "gzip-salvage", "%s --salvage: exit %s: %s" % (variant, res.rc,
                                                                                      key_line(res.err)),
                                "%s --salvage: exit %s: %s" % (variant, res.rc, normalize(key_line(res.err), 60)), res)
                    elif res.json is not None and base.json is not None:
                        if res.json["lines"] > base.json["lines"] or res.json["hits"] > base.json["hits"]:
                            ctx.add("parse", "gzip-salvage", "%s --salvage kept more than the file holds" % variant,
                                    None, res)
                        check_parse_json(ctx, "parse", res.json, [data], case["family"] == "w3c", full=False)
                        if not res.err.strip():
                            ctx.add("parse", "gzip-salvage", "%s --salvage: no warning on stderr" % variant, None, res)

    # W3C: padding past 64 fields, permuted #Fields mid-file
    def t_w3c(self, ctx, d, case):
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(LENIENT)
        g = self.group_by_id(case)
        units = case["units"]
        fields = list(g.fields)
        lines = [u[0] for u in units]
        half = len(lines) // 2
        variant = case["variant"]
        r = random.Random(case["gz_seed"])

        def fields_line(names):
            return ("#Fields: " + " ".join(names)).encode()
        ref = list(g.header) + lines[:half] + [fields_line(fields)] + lines[half:]
        if variant in ("pad_after", "pad_before", "pad_mid"):
            total = case["total"]
            k = max(0, total - len(fields))
            pads = ["x-pad%d" % i for i in range(k)]
            names = fields + pads if variant != "pad_before" else pads + fields

            def pad(l):
                vals = l.split(b" ")
                return b" ".join(vals + [b"-"] * k if variant != "pad_before" else [b"-"] * k + vals)
            if variant == "pad_mid":
                test = list(g.header) + lines[:half] + [fields_line(names)] + [pad(l) for l in lines[half:]]
            else:
                test = list(g.header[:-1]) + [fields_line(names)] + [pad(l) for l in lines[:half]] + \
                    [fields_line(names)] + [pad(l) for l in lines[half:]]
            label = "%s (%s 64 fields)" % (variant, "over" if len(names) > 64 else "up to")
        else:
            perm = list(range(len(fields)))
            r.shuffle(perm)
            names = [fields[i] for i in perm]

            def permute(l):
                vals = l.split(b" ")
                if len(vals) != len(fields):
                    return l + b" -"  # keep it malformed in the permuted layout too
                return b" ".join(vals[i] for i in perm)
            ref = list(g.header) + lines[:half] + [fields_line(fields)] + \
                [l if len(l.split(b" ")) == len(fields) else l + b" -" for l in lines[half:]]
            test = list(g.header) + lines[:half] + [fields_line(names)] + [permute(l) for l in lines[half:]]
            label = "permute"
        for name, ls in (("ref.log", ref), ("test.log", test)):
            with open(os.path.join(d, name), "wb") as f:
                f.write(b"\n".join(ls) + b"\n")
        a = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", "w3c", "ref.log"], d,
                    json_out=True, family="w3c")
        b = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", "w3c", "test.log"], d,
                    json_out=True, family="w3c")
        if a.json is not None:
            check_parse_json(ctx, "parse", a.json, [b"\n".join(ref) + b"\n"], True)
        if b.json is not None:
            check_parse_json(ctx, "parse", b.json, [b"\n".join(test) + b"\n"], True)
        if a.json is not None and b.json is not None and figures(a.json) != figures(b.json):
            ctx.add("parse", "w3c-" + ("pad" if variant.startswith("pad") else "permute"),
                    "%s: figures differ from the unpadded / unpermuted file: %s"
                    % (label, diff_summary(figures(a.json), figures(b.json))),
                    "%s: figures differ" % re.sub(r"\d+", "#", label), b)
        elif a.rc == 0 and b.rc not in (0,) and b.rc is not None and b.rc >= 0:
            if not re.search(r"field", b.err.decode("utf-8", "replace"), re.I):
                ctx.add("parse", "w3c-" + variant, "%s: exit %s without naming the fields: %s"
                        % (label, b.rc, key_line(b.err)), None, b)

    def group_by_id(self, case):
        fam, gi = case["family"], case["group"]
        return self.fams[fam][gi]

    # ingest, reports, inspect
    def t_ingest(self, ctx, d, case):
        self.write_config(d, case)
        data = self.write_units(d, "in.log", case)
        fmt = case["fmt"]
        files = ["in.log"]
        if case.get("split"):
            cut = case["split"]
            lines = [u[0] for u in case["units"]]
            for name, part in (("a.log", lines[:cut]), ("b.log", lines[cut:])):
                with open(os.path.join(d, name), "wb") as f:
                    f.write(b"\n".join(part) + b"\n")
            files = ["a.log", "b.log"]
        p = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", fmt] + files, d, json_out=True,
                    size=len(data))
        ing = ["ingest", "--json", "--config", "site.toml", "--format", fmt, "--store", "store"]
        r = ctx.run("ingest", ing + files, d, json_out=True, size=len(data))
        if r.json is not None and p.json is not None and r.json.get("changed"):
            for k in ("hits", "bot_hits", "page_views"):
                if r.json.get(k) != p.json.get(k):
                    ctx.add("ingest", "counts", "ingest %s %s != parse %s" % (k, r.json.get(k), p.json.get(k)),
                            "ingest %s differs from parse" % k, r)
        if r.rc != 0:
            return
        if case.get("text"):
            ctx.run("ingest:text", ["ingest", "--config", "site.toml", "--format", fmt, "--store", "store2"] + files,
                    d, terminal_out=True, size=len(data))
        r2 = ctx.run("ingest", ing + files, d, json_out=True, size=len(data))
        if r2.json is not None and r2.json.get("changed"):
            ctx.add("ingest", "ingest-idempotent", "a second ingest of the same files changed the store", None, r2)
        ov = ctx.run("report:overview", ["report", "overview", "--store", "store", "--format", "json"], d,
                     json_out=True)
        if ov.json is not None:
            self.check_overview(ctx, ov.json, r.json if (r.json and r.json.get("changed")) else None)
        for rep, fmt_out, extra in case["reports"]:
            extra = list(extra)
            args = ["report", rep] + (["--config", "site.toml"] if rep in ("campaigns", "funnel", "attribution") or
                                      case.get("sample_config") else [])
            if rep == "funnel":
                args.append("insurance_signup" if case.get("sample_config") else "nope")
            if rep == "customer":
                args.append(extra.pop(0) if extra else "M739988")
            elif extra and extra[0] == "M739988":
                extra.pop(0)
            args += ["--store", "store", "--format", fmt_out] + extra
            label = "report:" + rep
            if fmt_out == "json":
                ctx.run(label, args, d, json_out=True)
                # The report's query (SPEC §16) from the same options and filters: exit codes, no crash or hang, clean
                # errors; the dialect follows the report's name, so a seed replays the same commands.
                dialect = ("duckdb", "spark", "trino")[sum(rep.encode()) % 3]
                sql_args = ["sql"] + [a for a in args[1:] if a not in ("--format", "json")] + ["--dialect", dialect]
                ctx.run("sql:" + rep, sql_args, d)
            elif fmt_out in ("table", "csv"):
                res = ctx.run(label, args, d, terminal_out=True)
                if fmt_out == "csv" and res.rc == 0:
                    self.check_csv(ctx, label, res)
            else:
                res = ctx.run(label, args + ["--output", "out.html"], d)
                hp = os.path.join(d, "out.html")
                if res.rc == 0 and os.path.exists(hp):
                    with open(hp, "rb") as f:
                        html = f.read()
                    if b"<fz>" in html:
                        ctx.add(label, "html-escape", "a log string reached the HTML page unescaped (<fz>)", None, res)
        for table, extra in case["inspect"]:
            ctx.run("inspect", ["inspect", "--store", "store", "--table", table] + extra, d, terminal_out=True)
            ctx.run("inspect", ["inspect", "--store", "store", "--table", table, "--json"] + extra, d, json_out=True)
        if case.get("export") and case.get("sample_config"):
            for fmt_out in ("json", "csv"):
                res = ctx.run("export", ["export", "interest", "--store", "store", "--config", "site.toml",
                                         "--format", fmt_out] + case["export"], d, json_out=fmt_out == "json",
                              terminal_out=fmt_out == "csv")
                if fmt_out == "csv" and res.rc == 0:
                    self.check_csv(ctx, "export", res)

    def check_overview(self, ctx, j, ingest_json):
        try:
            tot, daily = j["totals"], j["daily"]
            for k in ("hits", "bot_hits", "page_views", "visits", "logins"):
                if k in tot and sum(d.get(k, 0) for d in daily) != tot[k]:
                    ctx.add("report:overview", "counts", "daily %s sum %d != totals %d" % (
                        k, sum(d.get(k, 0) for d in daily), tot[k]), "daily %s do not add up to totals" % k)
            for part in [tot] + daily:
                br = part.get("bounce_rate", 0)
                if isinstance(br, (int, float)) and not (0 <= br <= 1):
                    ctx.add("report:overview", "counts", "bounce_rate %r outside 0..1" % br, "bounce_rate outside 0..1")
            if ingest_json:
                for k in ("hits", "bot_hits", "page_views", "visits"):
                    if k in tot and tot[k] != ingest_json.get(k):
                        ctx.add("report:overview", "counts", "overview %s %s != ingest %s" % (
                            k, tot[k], ingest_json.get(k)), "overview %s differs from ingest" % k)
        except (KeyError, TypeError, AttributeError) as e:
            ctx.add("report:overview", "json-contract", "overview JSON: %r" % e, "overview JSON missing key")

    def check_csv(self, ctx, label, res):
        try:
            rows = list(csv.reader(io.StringIO(res.out.decode("utf-8"))))
        except (UnicodeDecodeError, csv.Error) as e:
            ctx.add(label, "csv-invalid", str(e)[:200], normalize(str(e)), res)
            return
        for row in rows:
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not re.match(r"^-[\d.]*$", cell)):
                    ctx.add(label, "csv-injection", "cell %r starts with %r" % (cell[:60], cell[:1]),
                            "cell starts with %r" % cell[:1], res)
                    return

    # config values
    def t_config(self, ctx, d, case):
        with open(os.path.join(d, "site.toml"), "w") as f:
            f.write(case["config"])
        data = self.write_units(d, "in.log", case)
        fmt = case["fmt"]
        p = ctx.run("parse", ["parse", "--json", "--config", "site.toml", "--format", fmt, "in.log"], d,
                    json_out=True, size=len(data))
        s = ctx.run("sessions", ["sessions", "--json", "--config", "site.toml", "--format", fmt, "in.log"], d,
                    json_out=True, size=len(data))
        if s.json is not None:
            check_sessions_json(ctx, "sessions", s.json, p.json["page_views"] if p.json is not None else None)
        if p.rc == 64 and not re.search(r"site\.toml", p.err.decode("utf-8", "replace")):
            ctx.add("parse", "config-message", "config refused without naming the file: %s" % key_line(p.err),
                    normalize(key_line(p.err), 80), p)
        if case.get("ingest") and s.rc == 0:
            r = ctx.run("ingest", ["ingest", "--json", "--config", "site.toml", "--format", fmt, "--store", "store",
                                   "in.log"], d, json_out=True, size=len(data))
            if r.rc == 0:
                ctx.run("report:overview", ["report", "overview", "--store", "store", "--config", "site.toml",
                                            "--format", "json"], d, json_out=True)
                ctx.run("report:paths", ["report", "paths", "--store", "store", "--format", "table"], d,
                        terminal_out=True)

    # command-line options
    def t_cli(self, ctx, d, case):
        self.write_config(d, case)
        data = self.write_units(d, "in.log", case)
        fmt = case["fmt"]
        for args, needs_store in case["commands"]:
            if needs_store and not os.path.isdir(os.path.join(d, "store")):
                r = ctx.run("ingest", ["ingest", "--json", "--config", "site.toml", "--format", fmt, "--store",
                                       "store", "in.log"], d, json_out=True, size=len(data))
                if r.rc != 0:
                    return
            label = args[0] if args[0] != "report" else "report:" + args[1]
            json_out = "--json" in args or ("--format" in args and args[args.index("--format") + 1] == "json")
            ctx.run(label, args, d, json_out=json_out, terminal_out=not json_out and "--output" not in args,
                    size=len(data))

    # -- case generation
    def pick_group(self, fam, need_clean=False):
        gs = [(i, g) for i, g in enumerate(self.fams[fam]) if (g.clean if need_clean else g.lines)]
        if not gs:
            return None, None
        return self.rng.choice(gs)

    def batch(self, fam, gi, g, n, rate=0.3, no_time=False):
        """A random mutated batch: list of (line, None)."""
        rng = self.rng
        names = [m for m in MUTATORS if not m.startswith("ts_")] if no_time else None
        units = []
        if g.is_w3c:
            units.extend((h, None) for h in g.header)
        src = g.lines
        for _ in range(n):
            line = rng.choice(src)
            if rng.random() < rate:
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    m = apply_mutation(line, g, rng, names=names)
                    if m:
                        line = m[0]
                        self.mut_counts[m[2]] = self.mut_counts.get(m[2], 0) + 1
                self.stats[fam]["mutated"] += 1
            units.append((line, None))
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                j, kind = junk_line(rng, g, self.all_groups)
                units.insert(rng.randint(0, len(units)), (j, None))
                self.mut_counts["junk_" + kind] = self.mut_counts.get("junk_" + kind, 0) + 1
        if g.is_w3c and rng.random() < 0.25:
            # a mid-file #Fields change to another layout and a few of its lines
            others = [x for x in self.fams["w3c"] if x is not g] or [g]
            o = rng.choice(others)
            pos = rng.randint(len(g.header), len(units))
            block = [(h, None) for h in o.header] + [(rng.choice(o.lines), None) for _ in range(rng.randint(1, 10))]
            units[pos:pos] = block
            self.mut_counts["w3c_fields_change"] = self.mut_counts.get("w3c_fields_change", 0) + 1
        if rng.random() < 0.05 and len(units) > 2:
            i = rng.randrange(len(units) - 1)
            units[i:i + 2] = [(units[i][0] + rng.choice([b"", b" ", b"\r"]) + units[i + 1][0], None)]
            self.mut_counts["join_lines"] = self.mut_counts.get("join_lines", 0) + 1
        self.stats[fam]["lines"] += len(units)
        return units

    def make_case(self, fam):
        rng = self.rng
        kinds = [("parse", 30), ("probe", 25), ("sessions", 12), ("gzip", 10), ("ingest", 8), ("config", 6),
                 ("cli", 5)]
        if fam == "w3c":
            kinds.append(("w3c", 10))
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        need_clean = kind in ("probe", "w3c")
        gi, g = self.pick_group(fam, need_clean)
        if g is None:
            kind = "parse"
            gi, g = self.pick_group(fam)
            if g is None:
                return None
        case = dict(kind=kind, family=fam, group=gi, fmt=g.fmt, gz_seed=rng.randrange(1 << 30))
        if fam == "combined_cookie" and self.sample_dir and rng.random() < 0.5:
            case["sample_config"] = True
        if kind == "parse":
            n = rng.choice([5, 20, 50, 100, 200, 400])
            case["units"] = self.batch(fam, gi, g, n, rate=rng.choice([0.1, 0.3, 0.6, 1.0]))
            case["container"] = rng.choices(["plain", "stdin", "plain_gz"], [70, 5, 25])[0]
            if case["container"] == "plain_gz":
                case["container"] = rng.choice(GZ_SAME)
            opts = []
            if rng.random() < 0.2:
                opts.append("--salvage")
            if rng.random() < 0.2:
                opts += ["--top=%d" % rng.choice([0, 1, 3, 50, -1])]
            case["opts"] = opts
            case["text"] = rng.random() < 0.3
            case["ratio_check"] = rng.random() < 0.2
            eq = EQUIVALENT.get(g.fmt) if fam != "auto" else None
            if g.fmt == COMBINED_STR:
                eq = "combined"
            if eq and rng.random() < 0.3:
                case["equiv"] = eq
            case["crlf"] = rng.random() < 0.05
            case["no_final_eol"] = rng.random() < 0.1
        elif kind == "probe":
            n = min(len(g.clean), rng.choice([19, 29, 39]))
            clean = [(l, "hit") for l in rng.sample(g.clean, n)]
            for _ in range(30):
                base = rng.choice(g.clean)
                m = apply_mutation(base, g, rng, need_verdict=True)
                if m:
                    break
            else:
                return None
            new, exp, name = m
            self.mut_counts[name] = self.mut_counts.get(name, 0) + 1
            units = list(clean)
            units.insert(rng.randint(0, len(units)), (new, exp, name))
            if g.is_w3c:
                units = [(h, None) for h in g.header] + units
            case["units"] = units
            case["mutator"] = name
            self.stats[fam]["lines"] += len(units)
            self.stats[fam]["mutated"] += 1
        elif kind == "sessions":
            case["units"] = self.batch(fam, gi, g, rng.choice([20, 100, 300]), rate=rng.choice([0.1, 0.3]))
            if rng.random() < 0.4:
                case["units"] = self.with_extreme_times(g, case["units"])
            if rng.random() < 0.5 and not case.get("sample_config"):
                case["config"] = LENIENT + 'timezone = "%s"\n' % rng.choice(
                    ["+14:00", "-12:00", "Asia/Seoul", "UTC", "+23:59", "-23:59", "America/St_Johns"])
            case["container"] = rng.choice(["plain", "plain", "members", "fhcrc"])
            case["history"] = rng.random() < 0.3
            case["damage_history"] = rng.random() < 0.5
            case["text"] = rng.random() < 0.3
        elif kind == "gzip":
            pool = g.clean if (g.clean and rng.random() < 0.5) else None
            if pool:
                units = [(l, "hit") for l in rng.sample(pool, min(len(pool), rng.choice([5, 40, 200])))]
                if g.is_w3c:
                    units = [(h, None) for h in g.header] + units
                self.stats[fam]["lines"] += len(units)
            else:
                units = self.batch(fam, gi, g, rng.choice([5, 50, 300]))
            case["units"] = units
            vs = rng.sample(GZ_SAME, 2) + rng.sample(GZ_DAMAGE, 2) + [rng.choice(GZ_ANY)]
            case["variants"] = vs
            case["salvage"] = rng.random() < 0.5
        elif kind == "w3c":
            n = min(len(g.clean), rng.choice([10, 30, 60]))
            lines = rng.sample(g.clean, n)
            out = []
            for l in lines:
                if rng.random() < 0.3:
                    m = apply_mutation(l, g, rng, names=["status_edge", "ts_year_1000", "inject_esc", "inject_html",
                                                          "client_hit", "percent_junk", "ts_offset_1400",
                                                          "status_600", "ts_feb_31", "nul_byte"])
                    if m:
                        l = m[0]
                        self.mut_counts[m[2]] = self.mut_counts.get(m[2], 0) + 1
                out.append((l, None))
            case["units"] = out
            case["variant"] = rng.choice(["pad_after", "pad_before", "pad_mid", "permute", "permute"])
            case["total"] = rng.choice([64, 65, 70, 100, 300])
            self.stats[fam]["lines"] += len(out)
            self.mut_counts["w3c_" + case["variant"]] = self.mut_counts.get("w3c_" + case["variant"], 0) + 1
        elif kind == "ingest":
            # Few timestamp mutations here: a store spanning years 1000-9999 makes every report slow.
            case["units"] = self.batch(fam, gi, g, rng.choice([20, 80, 200]), rate=rng.choice([0.1, 0.3]),
                                       no_time=True)
            if rng.random() < 0.3:
                case["units"] = self.with_injections(g, case["units"])
            if rng.random() < 0.2:
                case["units"] = self.with_extreme_times(g, case["units"])
            if rng.random() < 0.3 and not g.is_w3c:
                case["split"] = rng.randint(0, len(case["units"]))
            reps = []
            for rep in rng.sample(REPORTS + ["funnel", "customer"], 3):
                fmt_out = rng.choices(["json", "table", "csv", "html"], [50, 20, 15, 15])[0]
                extra = []
                if rng.random() < 0.3:
                    extra += rng.choice([["--device", "mobile"], ["--segment", "member"], ["--age", "20-40"],
                                         ["--channel", "search"], ["--grade", "vip"], ["--gender", "F"],
                                         ["--campaign", "x"]])
                if rep == "customer":
                    extra = [rng.choice(["M739988", "M000263", "", "\u202eadmin", "x" * 500])] + extra
                reps.append((rep, fmt_out, extra))
            # SPEC §14's journeys: a funnel with a window, attribution, cohorts (options of their own, some out of range).
            if rng.random() < 0.5:
                journey = rng.choice([
                    ("funnel", ["--window", rng.choice(["1", "7", "366", "367", "-1"])]),
                    ("attribution", ["--goal", rng.choice(["signup_complete", "apply_complete", "nope"]),
                                     "--lookback", rng.choice(["0", "7", "30", "999"])]),
                    ("cohorts", ["--by", rng.choice(["week", "month", "day"]), "--periods", rng.choice(["1", "8", "64", "65"])]
                     + (["--goal", "premium_quote"] if rng.random() < 0.3 else [])),
                ])
                reps.append((journey[0], rng.choice(["json", "table", "csv", "html"]), journey[1]))
            case["reports"] = reps
            case["inspect"] = [(rng.choice(["visits", "pageviews", "daily_hits"]),
                                rng.choice([[], [], ["--columns", "visit_id,path"], ["--day", "2015-05-18"],
                                            ["--columns", "nope,,"], ["--day", "9999-12-31"]]))]
            case["text"] = rng.random() < 0.3
            if case.get("sample_config"):
                case["export"] = rng.choice([[], ["--top", "1"], ["--top", "0"], ["--top", "100000"]])
                if rng.random() < 0.6:
                    case["catalog"] = rng.randrange(1 << 30)
                    case["reports"].append(("campaigns", rng.choice(["json", "json", "table", "csv", "html"]), []))
                    case["reports"].append((rng.choice(["groups", "retention-watch", "conversions", "profile",
                                                        "logins", "customer"]), "json", ["M739988"]))
        elif kind == "config":
            case["units"] = self.batch(fam, gi, g, rng.choice([20, 100]), rate=0.1)
            if rng.random() < 0.7:
                case["units"] = self.with_extreme_times(g, case["units"])
            case["config"] = self.fuzz_config()
            case["ingest"] = rng.random() < 0.3
        else:
            case["units"] = self.batch(fam, gi, g, rng.choice([10, 50]), rate=0.1)
            case["commands"] = self.fuzz_cli_commands(g)
        return case

    def with_extreme_times(self, g, units):
        out = list(units)
        idx = [i for i, u in enumerate(out) if u[0] and not u[0].startswith(b"#")]
        for i in self.rng.sample(idx, min(len(idx), self.rng.randint(1, 4))):
            m = apply_mutation(out[i][0], g, self.rng, names=["ts_extreme_high", "ts_extreme_low", "ts_offset_2359",
                                                              "ts_year_9999", "ts_year_1000", "ts_year_one",
                                                              "ts_year_five"])
            if m:
                out[i] = (m[0], None)
                self.mut_counts[m[2]] = self.mut_counts.get(m[2], 0) + 1
        return out

    def with_injections(self, g, units):
        out = list(units)
        idx = [i for i, u in enumerate(out) if u[0] and not u[0].startswith(b"#")]
        for i in self.rng.sample(idx, min(len(idx), self.rng.randint(1, 6))):
            m = apply_mutation(out[i][0], g, self.rng, names=list(INJECT))
            if m:
                out[i] = (m[0], None)
                self.mut_counts[m[2]] = self.mut_counts.get(m[2], 0) + 1
        return out

    def fuzz_config(self):
        rng = self.rng
        lines = ["[site]", 'name = "fuzz"']
        choices = {
            "timezone": ['"Asia/Seoul"', '"+14:00"', '"-12:00"', '"+23:59"', '"-23:59"', '"+99:99"', '"Mars/Olympus"',
                         '""', '"UTC"', '"\\u001b[31mUTC"', '"\\u202eUTC"', '"+05:45"', '"-00:00"', '"24:00"'],
            "reorder_window": ["0", "1", "120", "86400", "2147483648", "4611686018427387904", "9223372036854775807",
                               "-1", '"120"', "1.5"],
            "visit_timeout": ["1", "1800", "0", "-5", "4611686018427387904", "9223372036854775807", "86400000"],
            "max_bad_ratio": ["0.0", "0.05", "1.0", "1e-300", "5e-324", "nan", "inf", "-0.0", "1.0000001", "-inf"],
            "anonymize_ip": ["true", "false", '"yes"'],
            "hosts": ['["www.example.com"]', '[""]', '["\\u001b[2J"]', "[]"],
            "bots": ['["Mozilla"]', '[""]', '["\\u202e"]', '["a*"]'],
            "exclude": ['["/**"]', '["**/**/**/**/**/**/**/*z"]', '[""]', '["/*/*/*/*/*/*/*/*/*/*/*/*"]', '["["]'],
            "static_extensions": ['[""]', '["."]', '["HTML", ".do"]', "[]"],
            "member_source": ['"authuser"', '"cookie"', '"\\u001b[2Jboom"', '"\\u202ecookie"'],
            "visitor_cookie": ['""', '"WNUID"', '"a=b"', '";"'],
            "member_cookie": ['""', '"WNMID"', '"\\u0000"'],
            "log_format": ['"auto"', '"%h %t %r"', '"\\u001b[31m%t %r"', '"%{%Y}t %r"', '"$time_local $request"',
                           '"common"', '"%"'],
            "social_hosts": ['["t.co"]', '[""]'],
        }
        if rng.random() < 0.6:   # numbers that meet timestamps: overflow candidates
            keys = rng.sample(["reorder_window", "visit_timeout", "timezone"], rng.randint(1, 3))
            choices["reorder_window"] += ["9223372036854775807", "9223372036854775807", "9223372036854775000"]
            choices["visit_timeout"] += ["9223372036854775807", "9223372036854775807"]
        else:
            keys = rng.sample(sorted(choices), rng.randint(1, 4))
        if "max_bad_ratio" not in keys:
            lines.append("max_bad_ratio = 1.0")
        for k in keys:
            lines.append("%s = %s" % (k, rng.choice(choices[k])))
        if rng.random() < 0.2:
            lines.append("unknown_key_\u202e = 1")
        if rng.random() < 0.3:
            lines += ["", "[[pages]]", 'match = "%s"' % rng.choice(["/**", "/a/**/**/**/**/**/*.do", "", "[", "/*"]),
                      'page = "%s"' % rng.choice(["x", "\\u001b[2Jp", "\\u202ep", "<fz>"])]
        if rng.random() < 0.2:
            lines += ["", "[[goals]]", 'name = "g"', 'match = "/**"',
                      "interest_weight = %s" % rng.choice(["5", "-1", "9223372036854775807", "1e308", "nan"])]
        if rng.random() < 0.2:
            lines += ["", "[[funnels]]", 'name = "f"', 'steps = [%s]' % rng.choice(['"/**"', "", '"/a", "/a"', '"["'])]
        return "\n".join(lines) + "\n"

    def fuzz_cli_commands(self, g):
        rng = self.rng
        fmt = g.fmt
        cmds = []
        for _ in range(rng.randint(1, 3)):
            c = rng.choice(["top", "format", "files", "report", "inspect", "export"])
            if c == "top":
                v = rng.choice(["-1", "-1", "-2", "0", "1", "2147483648", "9223372036854775807", "9223372036854775808",
                                "-9223372036854775808", "abc", "1e3", ""])
                cmds.append((["parse", "--format", fmt, "--top=" + v, "in.log"], False))
                cmds.append((["parse", "--json", "--format", fmt, "--top=" + v, "in.log"], False))
            elif c == "format":
                v = rng.choice(["%", "%{", "%{Referer", "$", "${", "${x", "%t", "%r", "%t %r", "$time_local $request",
                                "%{%Y-%m-%d}t %r", "%h" * 3000 + " %t %r", "%t %r \x1b[31m", "\u202e%t %r",
                                "%>>>s %t %r", "%{Name} %t %r", "combinedx", "", " ", "w3c ", "%t%r%t%r",
                                "$time_iso8601 $request_uri", "%t \"%r\" %{Cookie}C %{X}i %Q"])
                cmds.append((["parse", "--json", "--format", v, "in.log"], False))
            elif c == "files":
                v = rng.choice(["missing.log", ".", "\x1b[2Jx.log", "\u202egol.log", "in.log\x1b", "/dev/null",
                                "-", "a" * 5000])
                cmds.append((["parse", "--json", "--config", "site.toml", "--format", fmt, v], False))
            elif c == "report":
                rep = rng.choice(REPORTS)
                opt = rng.choice(["--from", "--to", "--age", "--device", "--segment", "--grade"])
                v = rng.choice(["2015-02-30", "0001-01-01", "9999-12-31", "10000-01-01", "2015-5-1", "", "x",
                                "35-28", "-5", "0-99999999999999999999", "9223372036854775807-9223372036854775807",
                                "\x1b[2J", "\u202ex", "1970-01-01"])
                cmds.append((["report", rep, "--store", "store", opt, v, "--format",
                              rng.choice(["json", "table", "csv"])], True))
            elif c == "inspect":
                opt = rng.choice([["--day", rng.choice(["2015-02-30", "x", "\x1b[2J", "99999-01-01"])],
                                  ["--table", rng.choice(["nope", "\u202evisits", "", "history"])],
                                  ["--columns", rng.choice([",,,", "\x1b[2J", "visit_id," * 200, ""])]])
                cmds.append((["inspect", "--store", "store"] + opt, True))
            else:
                v = rng.choice(["-1", "0", "9223372036854775807", "x"])
                cmds.append((["export", "interest", "--store", "store", "--config", "site.toml", "--top", v,
                              "--format", rng.choice(["json", "csv", "xml"])], True))
        return cmds

    # -- minimisation
    def minimise(self, entry, budget):
        case = entry["case"]
        key = entry["first"].key
        units = list(case.get("units") or [])
        if len(units) < 1 or budget <= 0:
            return
        deadline = time.time() + budget
        self.deadline = min(self.end + 2, deadline)
        try:
            self._minimise(entry, case, key, units, deadline)
        finally:
            self.deadline = self.end + 2

    def _minimise(self, entry, case, key, units, deadline):
        tries = [0]

        def reproduces(us):
            if time.time() > deadline or self.stop:
                return False
            tries[0] += 1
            c = dict(case)
            c["units"] = us
            if c.get("split"):
                c["split"] = min(c["split"], len(us))
            ctx, d = self.run_case(c, target=key)
            ok = any(f.key == key for f in ctx.findings)
            if ok:
                last[0] = (ctx, d, c)
            else:
                shutil.rmtree(d, ignore_errors=True)
            return ok
        last = [None]
        n = 2
        while len(units) >= 2 and time.time() < deadline:
            chunk = -(-len(units) // n)
            reduced = False
            for i in range(0, len(units), chunk):
                comp = units[:i] + units[i + chunk:]
                if comp and reproduces(comp):
                    units = comp
                    n = max(n - 1, 2)
                    reduced = True
                    break
            if not reduced:
                if n >= len(units):
                    break
                n = min(len(units), n * 2)
        # shrink long lines: drop space-separated tokens one at a time
        for idx in range(len(units) if len(units) <= 5 else 0):
            if time.time() > deadline:
                break
            if len(units[idx]) > 2 or units[idx][1] is not None:
                continue   # a probe line: dropping its tokens would change what the probe means
            toks = units[idx][0].split(b" ")
            j = 0
            while j < len(toks) and len(toks) > 1 and time.time() < deadline:
                cand = toks[:j] + toks[j + 1:]
                us = units[:idx] + [(b" ".join(cand),) + tuple(units[idx][1:])] + units[idx + 1:]
                if reproduces(us):
                    toks, units = cand, us
                else:
                    j += 1
        if last[0] is None and reproduces(units) is False:
            return
        ctx, d, c = last[0]
        f = next(x for x in ctx.findings if x.key == key)
        saved = entry["first"]
        entry["first"] = f
        self.save_finding(entry, d, ctx.commands, entry["dir"], "min")
        entry["first"] = saved
        with open(os.path.join(entry["dir"], "finding.txt"), "a") as out:
            out.write("minimal (%d lines, %d tries):\n" % (len(units), tries[0]))
            for u in units:
                out.write("  %r\n" % (u[0][:400],))
            out.write("minimal stderr: %s\n" % f.result.err.decode("utf-8", "replace")[:2000] if f.result else "")
        entry["minimal"] = dict(lines=[u[0] for u in units], commands=list(ctx.commands),
                                stderr=f.result.err if f.result else b"", detail=f.detail)
        shutil.rmtree(d, ignore_errors=True)

    # -- main loop
    def run(self):
        self.log("footfall fuzz: binary %s, seed %d, %ds, work %s" % (self.runner.binary, self.seed,
                                                                      self.args.seconds, self.work))
        self.load()
        i = 0
        last_status = time.time()
        while time.time() < self.end - 1 and not self.stop:
            fam = self.order[i % len(self.order)]
            i += 1
            self.calibrate(fam)
            if time.time() >= self.end - 1:
                break
            case = self.make_case(fam)
            if case is None:
                continue
            self.stats[fam]["tests"][case["kind"]] = self.stats[fam]["tests"].get(case["kind"], 0) + 1
            ctx, d = self.run_case(case)
            new = self.record(ctx, d, fam)
            shutil.rmtree(d, ignore_errors=True)
            for entry in new:
                if not self.args.no_minimize and entry["first"].oracle not in ("hang", "slow"):
                    remaining = self.end - time.time()
                    self.minimise(entry, min(self.args.minimize_seconds, remaining * 0.3))
            if time.time() - last_status > 60:
                last_status = time.time()
                self.log("... %ds: %d runs, %d findings" % (time.time() - self.start, self.runner.runs,
                                                         len(self.findings)))
                if self.args.report:
                    self.write_report(self.args.report)

    # -- summary
    def summary(self):
        out = []
        out.append("")
        out.append("footfall fuzz summary: seed %d, %.0fs, %d runs" % (self.seed, time.time() - self.start,
                                                                     self.runner.runs))
        out.append("%-16s %8s %9s %9s %7s %8s %6s %6s %6s %8s" % ("format", "seeds", "lines", "mutated", "parse",
                                                                   "sessions", "ingest", "report", "other", "findings"))
        for f in FAMILIES:
            s = self.stats[f]
            r = s["runs"]
            other = sum(v for k, v in r.items() if k not in ("parse", "sessions", "ingest", "report"))
            out.append("%-16s %8d %9d %9d %7d %8d %6d %6d %6d %8d" % (
                f, s["seed_lines"], s["lines"], s["mutated"], r.get("parse", 0), r.get("sessions", 0),
                r.get("ingest", 0), r.get("report", 0), other, len(s["findings"])))
        bad = [k for k in self.findings if not self.allowed(k)]
        allowed = [k for k in self.findings if self.allowed(k)]
        for title, keys in (("findings", bad), ("allowed (known) findings", allowed)):
            out.append("")
            out.append("%s: %d" % (title, len(keys)))
            for k in keys:
                e = self.findings[k]
                out.append("  %4dx  %s" % (e["count"], k))
                out.append("         %s" % e["dir"])
        out.append("")
        out.append("findings folder: %s" % self.findings_dir)
        return "\n".join(out)

    def write_report(self, path):
        L = []
        L.append("# footfall CLI fuzz report")
        L.append("")
        L.append("- binary: `%s`" % self.runner.binary)
        L.append("- seed: %d (rerun with `--seed %d`)" % (self.seed, self.seed))
        L.append("- duration: %.0f s of %d s, %d runs of the binary" % (time.time() - self.start, self.args.seconds,
                                                                      self.runner.runs))
        L.append("- findings: %d distinct (%d not allowed); folder `%s`" % (
            len(self.findings), len([k for k in self.findings if not self.allowed(k)]), self.findings_dir))
        L.append("")
        L.append("## Lines and runs per format")
        L.append("")
        L.append("| format | layouts | seed lines | clean seed lines | lines tried | mutated lines | tests | runs "
                 "(parse / sessions / ingest / report / other) | findings |")
        L.append("|---|---|---|---|---|---|---|---|---|")
        for f in FAMILIES:
            s = self.stats[f]
            r = s["runs"]
            other = sum(v for k, v in r.items() if k not in ("parse", "sessions", "ingest", "report"))
            tests = ", ".join("%s %d" % kv for kv in sorted(s["tests"].items()))
            L.append("| %s | %d | %d | %d | %d | %d | %s | %d / %d / %d / %d / %d | %d |" % (
                f, len(self.fams.get(f, [])) if hasattr(self, "fams") else 0, s["seed_lines"], s["clean"], s["lines"],
                s["mutated"], tests, r.get("parse", 0), r.get("sessions", 0), r.get("ingest", 0), r.get("report", 0),
                other, len(s["findings"])))
        L.append("")
        L.append("## Findings")
        L.append("")
        if not self.findings:
            L.append("None.")
        for n, (k, e) in enumerate(sorted(self.findings.items(), key=lambda kv: kv[1]["dir"]), 1):
            f = e["first"]
            L.append("### %d. `%s` / %s%s" % (n, f.command, f.oracle, " (allowed)" if self.allowed(k) else ""))
            L.append("")
            L.append("- key: `%s`" % k.replace("`", "'"))
            L.append("- seen %d times, first after %.0f s, format family %s; input and repro.sh: `%s`" % (
                e["count"], e["time"], e["family"], e["dir"]))
            L.append("- detail: %s" % f.detail.replace("\n", " ")[:500])
            m = e.get("minimal")
            cmds = m["commands"] if m else e["commands"]
            case = e["case"]
            if case.get("sample_config"):
                L.append("- config: SampleLogs/site.toml and its CSV files (max_bad_ratio 1.0)%s" % (
                    ", catalogue values mutated" if case.get("catalog") else ""))
            elif case.get("config"):
                L.append("- config (site.toml): `%s`" % case["config"].strip().replace("\n", "; ").replace("`", "'"))
            if case.get("variants"):
                L.append("- gzip variants tried (v0.gz, v1.gz, ...): %s" % ", ".join(case["variants"]))
            L.append("")
            L.append("```sh")
            for args, stdin in cmds[-3:]:
                L.append("footfall " + " ".join(shlex.quote(a) for a in args) + (" < stdin.bin" if stdin else ""))
            L.append("```")
            if m:
                L.append("")
                L.append("Minimal input (%d line(s), Python bytes literals):" % len(m["lines"]))
                L.append("")
                L.append("```")
                for line in m["lines"][:8]:
                    L.append(repr(line[:300]) + (" …(%d bytes)" % len(line) if len(line) > 300 else ""))
                L.append("```")
                err = m["stderr"].decode("utf-8", "replace").strip()
            else:
                err = f.result.err.decode("utf-8", "replace").strip() if f.result else ""
            if err:
                L.append("")
                L.append("stderr:")
                L.append("")
                L.append("```")
                L.extend(repr(x)[1:-1] for x in err.splitlines()[:6])
                L.append("```")
            L.append("")
        L.append("## Mutations applied")
        L.append("")
        L.append(", ".join("%s %d" % kv for kv in sorted(self.mut_counts.items(), key=lambda kv: -kv[1])))
        L.append("")
        with open(path, "w") as f:
            f.write("\n".join(L) + "\n")

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)
        if self.default_findings and not self.findings:
            shutil.rmtree(self.findings_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--binary", required=True, help="the footfall executable")
    ap.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    ap.add_argument("--findings", help="folder for findings (default: a new temporary folder, printed)")
    ap.add_argument("--report", help="write a Markdown summary here")
    ap.add_argument("--allow", action="append", default=[],
                    help="a substring of a finding key that is known and does not fail the run (repeatable)")
    ap.add_argument("--timeout", type=float, default=20, help="seconds before a run counts as a hang (default 20)")
    ap.add_argument("--families", help="comma-separated subset of: " + ",".join(FAMILIES))
    ap.add_argument("--seeds", action="append", help="another folder of seed logs (same layout as real-logs)")
    ap.add_argument("--no-minimize", action="store_true", help="do not minimise new findings")
    ap.add_argument("--minimize-seconds", type=float, default=30,
                    help="time spent minimising each new finding (default 30, at most 30%% of what is left)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.seed is None:
        args.seed = int(time.time() * 1000) % 1000000007
    if not os.access(args.binary, os.X_OK):
        print("fuzz_cli: %s is not an executable" % args.binary, file=sys.stderr)
        return 64
    fz = Fuzzer(args)
    print("fuzz_cli: seed %d (rerun with --seed %d)" % (args.seed, args.seed), flush=True)

    def on_term(signum, frame):
        fz.stop = True
        fz.runner.kill_current()
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        try:
            fz.run()
        except KeyboardInterrupt:
            fz.stop = True
            fz.runner.kill_current()
            print("fuzz_cli: interrupted", file=sys.stderr)
        print(fz.summary())
        if args.report:
            fz.write_report(args.report)
            print("report: %s" % args.report)
    finally:
        fz.cleanup()
    return 1 if any(not fz.allowed(k) for k in fz.findings) else 0


if __name__ == "__main__":
    sys.exit(main())
