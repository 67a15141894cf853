# Python 3.11 re oracle for mailsift's Python dialect tests.
# Reads JSON lines {"p": pattern, "f": flags, "s": [base64 subject bytes]}
# and writes one JSON line per case:
#   {"e": [msg, pos]}                  re.compile raised (pos -1: no position)
#   {"m": [null | [s0,e0,s1,e1,...]]}  per subject: search() spans, code points
# Subjects are decoded as fail2ban does: utf-8, errors='replace'.
import base64, json, re, sys, warnings

warnings.simplefilter("ignore")
FLAGS = [(1, re.I), (2, re.M), (4, re.S), (8, re.X), (128, re.A)]

def main():
    out = sys.stdout
    for line in sys.stdin:
        c = json.loads(line)
        fl = 0
        for bit, f in FLAGS:
            if c["f"] & bit:
                fl |= f
        try:
            rx = re.compile(c["p"], fl)
        except re.error as e:
            out.write(json.dumps({"e": [e.msg, -1 if e.pos is None else e.pos]}) + "\n")
            out.flush()
            continue
        except Exception as e:
            out.write(json.dumps({"e": ["%s: %s" % (type(e).__name__, e), -1]}) + "\n")
            out.flush()
            continue
        res = []
        for s in c.get("s", []):
            text = base64.b64decode(s).decode("utf-8", "replace")
            m = rx.search(text)
            if m is None:
                res.append(None)
                continue
            spans = []
            for i in range(rx.groups + 1):
                a, b = m.span(i)
                spans += [a, b]
            res.append(spans)
        out.write(json.dumps({"m": res}) + "\n")
        out.flush()

main()
