# Dump Python 3.11 re's character categories and case tables as JSON:
# ranges of \w \d \s (str patterns, with and without re.ASCII), and the
# code points whose _sre.unicode_tolower differs from themselves.
import json, re, _sre

def ranges(rx):
    out, start = [], None
    for cp in range(0x110000):
        if rx.match(chr(cp)):
            if start is None: start = cp
        elif start is not None:
            out.append([start, cp - 1]); start = None
    if start is not None: out.append([start, 0x10ffff])
    return out

res = {}
for name, pat in (("w", r"\w"), ("d", r"\d"), ("s", r"\s"), ("b", r"\b.")):
    res[name] = ranges(re.compile(pat))
    res[name + "_ascii"] = ranges(re.compile(pat, re.A))
res["lower"] = [[cp, _sre.unicode_tolower(cp)] for cp in range(0x110000) if _sre.unicode_tolower(cp) != cp]
res["cased"] = ranges(type("C", (), {"match": staticmethod(lambda c: _sre.unicode_iscased(ord(c)))}))
print(json.dumps(res, separators=(",", ":")))
