#!/usr/bin/env python3
"""Ground-truth tally for gen_maillog.py: runs the generator unchanged and
records, for every line it writes, the emit() call site that produced it.
Each call site is mapped to a mailsift logline event kind from the text of
its f-string template (MAP below), independently of the Go parser.

Usage: gen_tally.py GENERATOR_PATH [generator args...] > tally.json
(the log itself goes to the file named by --out, default /dev/null).
"""
import importlib.util, inspect, json, re, sys, heapq as _heapq

gen_path = sys.argv[1]
args = sys.argv[2:]
out_path = "/dev/null"
if "--out" in args:
    i = args.index("--out"); out_path = args[i + 1]; del args[i:i + 2]

spec = importlib.util.spec_from_file_location("gen_maillog", gen_path)
g = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g)

# Template text (after the program argument) -> kind. First match wins.
MAP = [
    ("Connect from local", "dovecot_connect"), ("Disconnect from local", "dovecot_disconnect"),
    ("Logged out", "dovecot_logout"),
    ("CONNECT from", "screen_connect"), ("PASS NEW", "screen_pass"), ("PASS OLD", "screen_pass"),
    ("DNSBL rank", "screen_dnsbl"), ("PREGREET", "screen_pregreet"), ("HANGUP after", "screen_hangup"),
    ("COMMAND PIPELINING", "screen_violation"), ("DENYLISTED", "screen_listed"), ("DISCONNECT [", "screen_disconnect"),
    ("NOQUEUE: reject", "smtp_action"),
    ('"disconnect from', "disconnect"), ("disconnect from", "disconnect"), ("connect from", "connect"),
    ("TLS connection established", "tls_connection"), ("client=", "client"), ("message-id=", "message_id"),
    ("reject: header", "header_check"), ("warning: header", "header_check"), ("hold: header", "header_check"),
    ("status=expired", "expired"), ("size=", "queue_active"), ("removed", "removed"), ("to=<", "delivery"),
    ("Connect from local", "dovecot_connect"), ("Disconnect from local", "dovecot_disconnect"),
    ("saved mail to", "dovecot_saved"), ("Login: user=", "dovecot_login"), ("Logged out", "dovecot_logout"),
    ("passwd-file(", "dovecot_auth_failed"), ("Disconnected (auth failed", "dovecot_login_failed"),
    ("Aborted login (auth failed", "dovecot_login_failed"),
    ("connect to mx1", "connect_failed"), ("non-delivery notification", "notification"),
    ("does not resolve to address", "hostname_mismatch"), ("address not listed for hostname", "hostname_mismatch"),
    ("SASL {m} authentication failed", "sasl_failed"), ("lost connection after", "lost_connection"),
    ("statistics:", "anvil"), ("non-SMTP command", "non_smtp_command"), ("TLS library problem", "tls_error"),
    ("uid={uid}", "pickup"), ("daemon started", "master"),
]

src = open(gen_path).read()
start = 1
# call sites: line number of "self.emit(" -> the template text up to the closing of the call
sites = {}
for m in re.finditer(r"self\.emit\(", src):
    lineno = start + src.count("\n", 0, m.start())
    depth, j = 0, m.end() - 1
    while True:
        c = src[j]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        j += 1
    call = src[m.end():j]
    # drop the first argument (time) and second (program) roughly: use the last string literal(s)
    text = call.split(",", 2)[-1]
    kind = None
    for pat, k in MAP:
        if pat in text:
            kind = k
            break
    if kind is None:
        sys.exit("unmapped emit site at line %d: %s" % (lineno, text.strip()[:120]))
    for ln in range(lineno, lineno + call.count("\n") + 1):
        sites[ln] = kind

pending = []
orig_emit = g.Gen.emit
def emit(self, t, prog, text):
    lineno = sys._getframe(1).f_lineno
    if t >= self.t_end:
        return
    if lineno not in sites:
        sys.exit("emit from unknown line %d" % lineno)
    self.seq += 1
    _heapq.heappush(self.heap, (t, self.seq, prog, (text, sites[lineno])))
    self.nlines += 1
g.Gen.emit = emit

tally = {}
class Out:
    def __init__(self, f): self.f = f
    def write(self, s):
        # s is "TS host prog: (text, kind)"-formatted by run(); split the tuple back out
        self.f.write(s)
counts = {}
real_run = g.Gen.run
def run(self, out):
    # re-implement only the write: wrap heappop to strip the kind
    orig_pop = _heapq.heappop
    def pop(h):
        item = orig_pop(h)
        if len(item) == 4 and isinstance(item[3], tuple):
            text, kind = item[3]
            pending.append(kind)
            return (item[0], item[1], item[2], text)
        return item
    g.heapq.heappop = pop
    class W:
        def write(_, s):
            counts[pending[-1]] = counts.get(pending[-1], 0) + 1
            pending.clear()
            out.write(s)
    try:
        return real_run(self, W())
    finally:
        g.heapq.heappop = orig_pop
g.Gen.run = run

sys.argv = [gen_path] + args
with open(out_path, "w") as f:
    real_stdout = sys.stdout
    sys.stdout = f
    try:
        g.main()
    finally:
        sys.stdout = real_stdout
json.dump(dict(sorted(counts.items())), sys.stdout, indent=1)
print()
