# For every code point c whose case cluster (lower/upper/title/casefold
# relations and re._casefix partners, closed transitively) has more than
# one member, print "c d1 d2 ..." (hex): the code points d in that cluster
# with re.fullmatch(re.escape(chr(c)), chr(d), re.I). Code points outside
# such clusters match only themselves (a match needs lower(d) == lower(c)
# or a _casefix partner of it, and both are edges of the cluster graph).
import re, sys
from re._casefix import _EXTRA_CASES
import _sre

adj = {}
def edge(a, b):
    if a == b: return
    adj.setdefault(a, set()).add(b)
    adj.setdefault(b, set()).add(a)
for cp in range(0x110000):
    if 0xd800 <= cp <= 0xdfff: continue
    ch = chr(cp)
    edge(cp, _sre.unicode_tolower(cp))
    for f in (ch.lower(), ch.upper(), ch.title(), ch.casefold()):
        if len(f) >= 1: edge(cp, ord(f[0]))
for k, v in _EXTRA_CASES.items():
    for x in v: edge(k, x)
seen = {}
for cp in sorted(adj):
    if cp in seen: continue
    comp, stack = set(), [cp]
    while stack:
        x = stack.pop()
        if x in comp: continue
        comp.add(x)
        stack.extend(adj.get(x, ()))
    for x in comp: seen[x] = comp
out = sys.stdout
for c in sorted(seen):
    rx = re.compile(re.escape(chr(c)), re.I)
    ms = sorted(d for d in seen[c] if rx.fullmatch(chr(d)))
    out.write("%x %s\n" % (c, " ".join("%x" % d for d in ms)))
