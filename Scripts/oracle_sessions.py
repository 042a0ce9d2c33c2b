#!/usr/bin/env python3
"""An independent oracle for footfall's visit counting on a Common Log Format file.

Regex parse; page views per SPEC §2 (GET/POST, 2xx/304, no static extension, not /robots.txt; no robots
check, as CLF has no User-Agent); visitors by host; a new visit after a gap of more than 1800 s.
Usage: python3 Scripts/oracle_sessions.py FILE.gz   (used for the NASA 1995 test in LogAnalyticsTests)
"""
import collections
import datetime
import gzip
import re
import sys

STATIC = set("css js png jpg jpeg gif ico svg webp bmp woff woff2 ttf eot otf map swf mp4 mp3 pdf zip json xml txt".split())
LINE = re.compile(r'^(\S+) \S+ \S+ \[(\d\d)/(\w\w\w)/(\d{4}):(\d\d):(\d\d):(\d\d) ([-+]\d{4})\] "([A-Z]+) (/\S*) HTTP/[\d.]+" (\d{3}) (\d+|-)')
MONTHS = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def main(path):
    views = collections.defaultdict(list)
    with gzip.open(path, "rt", errors="replace") as lines:
        for line in lines:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            host, d, mon, y, hh, mm, ss, _offset, method, target, status, _ = m.groups()
            status = int(status)
            path_only = target.split("?")[0]
            last = path_only.rsplit("/", 1)[-1]
            ext = last.rsplit(".", 1)[1].lower() if "." in last else ""
            if method not in ("GET", "POST") or not (200 <= status <= 299 or status == 304):
                continue
            if ext in STATIC or path_only == "/robots.txt":
                continue
            t = datetime.datetime(int(y), MONTHS[mon], int(d), int(hh), int(mm), int(ss)).timestamp()
            views[host].append(t)
    visits = 0
    for times in views.values():
        times.sort()
        visits += 1 + sum(1 for a, b in zip(times, times[1:]) if b - a > 1800)
    print(f"page views {sum(len(v) for v in views.values())} visits {visits} hosts {len(views)}")


if __name__ == "__main__":
    main(sys.argv[1])
