# Live oracle for TestFail2banRegexes. Uses fail2ban's own code (FilterReader,
# Regex/FailRegex, DateDetector) to expand every prefregex/failregex/ignoreregex
# of every installed filter in every mode, compiled exactly as fail2ban
# compiles them, and evaluates search() on subjects built at run time from
# fail2ban's installed sample logs (date stripped as Filter.processLine does,
# plus mutations with non-ASCII characters and invalid UTF-8 bytes).
# Nothing it reads is stored anywhere. Output, JSON lines:
#   {"S": [base64 subject bytes...]}    the subjects for the following lines
#   {"p": regex, "f": 0|2, "k": kind, "r": {"m": [...]} | {"e": [msg, pos]}}
#   {"skip": "...reason..."}           a filter/mode fail2ban itself cannot load
import base64, glob, json, os, random, re, sys, warnings

warnings.simplefilter("ignore")
import logging
logging.disable(logging.CRITICAL)
from fail2ban.client.filterreader import FilterReader
from fail2ban.server.failregex import Regex, FailRegex, RegexException
from fail2ban.server.datedetector import DateDetector

BASE = "/etc/fail2ban"
LOGS = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs"
rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
out = sys.stdout

def load(name, opts):
    r = FilterReader(name, "jail", dict(opts), share_config=dict(), basedir=BASE)
    if not r.read():
        return None
    r.applyAutoOptions("auto")
    r.getOptions(None)
    res = {}
    for cmd in r.convert():
        vals = cmd[3] if cmd[0] == "multi-set" else cmd[3:]
        res.setdefault(cmd[2], []).extend(vals)
    return res

def log_lines(path):
    try:
        data = open(path, "rb").read()
    except OSError:
        return []
    lines = []
    for raw in data.split(b"\n"):
        if not raw.strip() or raw.startswith(b"#"):
            continue
        lines.append(raw.rstrip(b"\r"))
    return lines

dd = DateDetector()
dd.addDefaultTemplate()

def buffers(raw):
    text = raw.decode("utf-8", "replace")
    subs = [raw + b"\n"]
    try:
        m = dd.matchTime(text)[0]
    except Exception:
        m = None
    if m:
        s, e = m.start(1), m.end(1)
        subs.append((text[:s] + text[e:] + "\n").encode("utf-8"))
    base = subs[-1]
    # mutations: non-ASCII letters / marks / \x1c inserted, invalid bytes
    for ins in ("é", "ſ", "İ", "ı", "\u0301", "\x1c", "K", "١", "\u00a0"):
        if rnd.random() < 0.25:
            p = rnd.randrange(len(base))
            subs.append(base[:p] + ins.encode() + base[p:])
    for ins in (b"\xff", b"\xe2\x82", b"\xc3", b"\xf0\x9f\x98"):
        if rnd.random() < 0.2:
            p = rnd.randrange(len(base))
            subs.append(base[:p] + ins + base[p:])
    # replace a character inside a word by a non-ASCII lookalike
    t = base.decode("utf-8", "replace")
    idx = [i for i, c in enumerate(t) if c in "iskIKS"]
    if idx and rnd.random() < 0.5:
        i = rnd.choice(idx)
        rep = {"i": "ı", "s": "ſ", "k": "\u212a", "I": "İ", "K": "\u212a", "S": "ſ"}[t[i]]
        subs.append((t[:i] + rep + t[i + 1:]).encode("utf-8"))
    return subs

all_logs = {os.path.basename(p): log_lines(p) for p in sorted(glob.glob(LOGS + "/*")) if os.path.isfile(p)}
pool = [l for ls in all_logs.values() for l in ls]

def emit(obj):
    out.write(json.dumps(obj) + "\n")

def result(rx, subjects_text):
    res = []
    for text in subjects_text:
        m = rx.search(text)
        if m is None:
            res.append(None)
            continue
        spans = []
        for i in range(rx.groups + 1):
            a, b = m.span(i)
            spans += [a, b]
        res.append(spans)
    return {"m": res}

names = sorted(os.path.splitext(os.path.basename(f))[0] for f in glob.glob(BASE + "/filter.d/*.conf"))
for n in names:
    raw = open(BASE + "/filter.d/%s.conf" % n).read()
    modes = sorted(set(re.findall(r"^md(?:re|pr)-([a-z0-9]+)\s*=", raw, re.M)) |
                   set(re.findall(r"^(?:usrre|apache-pref-ign)-([a-z0-9]+)\s*=", raw, re.M)))
    variants = [{}] + [{"mode": m} for m in modes]
    own = []
    for key in (n, n.split("-")[0]):
        if key in all_logs:
            own = all_logs[key]
            break
    lines = own[:100] + rnd.sample(pool, min(25, len(pool)))
    subjects = []
    for l in lines:
        subjects.extend(buffers(l))
    emit({"S": [base64.b64encode(s).decode() for s in subjects]})
    texts = [s.decode("utf-8", "replace") for s in subjects]
    seen = set()
    for v in variants:
        try:
            opts = load(n, v)
        except Exception as e:
            emit({"skip": "%s %s: %r" % (n, v, e)})
            continue
        if not opts:
            emit({"skip": "%s %s: not loaded" % (n, v)})
            continue
        maxlines = int((opts.get("maxlines") or [1])[0])
        pref = None
        items = []
        for value in opts.get("prefregex", []):
            items.append(("prefregex", value, False))
        for value in opts.get("failregex", []) + opts.get("addfailregex", []):
            items.append(("failregex", value, maxlines > 1))
        for value in opts.get("ignoreregex", []) + opts.get("addignoreregex", []):
            items.append(("ignoreregex", value, False))
        for kind, value, ml in items:
            try:
                if kind == "failregex":
                    r = FailRegex(value, prefRegex=pref, multiline=ml, useDns="warn")
                else:
                    r = Regex(value, useDns="warn")
                    if kind == "prefregex":
                        pref = r
            except RegexException as e:
                # fail2ban refuses it; when re.compile is the reason, compare the error
                from fail2ban.server.failregex import R_GLOB2LOCFLAGS
                expanded = Regex._resolveHostTag(value, useDns="warn")
                if R_GLOB2LOCFLAGS:
                    expanded = R_GLOB2LOCFLAGS[0].sub(R_GLOB2LOCFLAGS[1], expanded)
                try:
                    re.compile(expanded, re.M if ml else 0)
                except re.error as ce:
                    emit({"p": expanded, "f": 2 if ml else 0, "k": kind, "r": {"e": [ce.msg, -1 if ce.pos is None else ce.pos]}})
                    continue
                emit({"skip": "%s %s %s: %s" % (n, v, kind, str(e)[:200])})
                continue
            rx = r._regexObj
            key = (r._regex, rx.flags & re.M)
            if key in seen:
                continue
            seen.add(key)
            emit({"p": r._regex, "f": 2 if rx.flags & re.M else 0, "k": kind, "r": result(rx, texts)})

# Date templates: the default ones and every filter's datepattern, compiled
# by fail2ban's DateTemplate (re.compile(template.regex), flags from the
# pattern itself), searched on the raw sample lines and their mutations.
date_subjects = []
for l in rnd.sample(pool, min(250, len(pool))):
    b = l + b"\n"
    date_subjects.append(b)
    for ins in ("ſ", "ı", "١", "\u212a", "\x1c"):
        if rnd.random() < 0.15:
            p = rnd.randrange(len(b))
            date_subjects.append(b[:p] + ins.encode() + b[p:])
    if rnd.random() < 0.2:
        p = rnd.randrange(len(b))
        date_subjects.append(b[:p] + b"\xff" + b[p:])
emit({"S": [base64.b64encode(s).decode() for s in date_subjects]})
dtexts = [s.decode("utf-8", "replace") for s in date_subjects]
patterns = set()
for n in names:
    try:
        o = load(n, {})
    except Exception:
        continue
    for dp in (o or {}).get("datepattern", []):
        patterns.add(dp)
dseen = set()
def emit_templates(dd):
    for t in dd.templates:
        tp = t.template
        if tp.regex in dseen:
            continue
        dseen.add(tp.regex)
        try:
            rx = re.compile(tp.regex)
        except re.error as e:
            emit({"p": tp.regex, "f": 0, "k": "date", "r": {"e": [e.msg, -1 if e.pos is None else e.pos]}})
            continue
        emit({"p": tp.regex, "f": 0, "k": "date", "r": result(rx, dtexts)})
d0 = DateDetector()
d0.addDefaultTemplate()
emit_templates(d0)
for dp in sorted(patterns):
    d1 = DateDetector()
    try:
        d1.appendTemplate(dp)
    except Exception as e:
        emit({"skip": "datepattern %r: %r" % (dp, e)})
        continue
    emit_templates(d1)
