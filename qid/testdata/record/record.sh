#!/bin/bash
# record.sh OUTDIR [long|short]
#
# Starts a scratch Postfix instance (own config, queue and data directories
# under a temporary directory, inet_interfaces=loopback-only, no inet
# listeners, nothing is ever delivered), creates the queue states the qid
# listing parsers must handle, and records `postqueue -p` and `postqueue -j`
# output into OUTDIR:
#
#   OUTDIR/empty-<form>.p.golden, OUTDIR/empty-<form>.j.golden   empty queue
#   OUTDIR/queue-<form>.p.golden, OUTDIR/queue-<form>.j.golden   populated queue
#
# States in the populated queue: deferred (connection refused to a closed
# loopback port, and a custom retry text containing parentheses), on hold
# (postsuper -h), active (a pipe transport that sleeps, so delivery is in
# progress while the listing is taken), one message with many recipients,
# a null sender, and a long deferral reason.
#
# Must run as root (Postfix's master and postsuper need it). Requires the
# Debian layout (/usr/sbin, /usr/lib/postfix/sbin, /etc/postfix meta files).
set -euo pipefail
export TZ=UTC LC_ALL=C

out=${1:?usage: record.sh OUTDIR [long|short]}
form=${2:-long}
case $form in long) longids=yes ;; short) longids=no ;; *) echo "form must be long or short" >&2; exit 2 ;; esac
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ "$(id -u)" != 0 ]; then echo "record.sh: must run as root" >&2; exit 1; fi
for t in postfix postqueue postsuper sendmail; do
  command -v $t >/dev/null || { echo "record.sh: $t not found" >&2; exit 1; }
done

D=$(mktemp -d /tmp/qidrec.XXXXXX)
chmod 755 "$D"
mkdir -p "$D/etc" "$D/spool" "$D/data"
chown postfix "$D/data"
closed=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 9)

cat > "$D/etc/main.cf" <<CF
compatibility_level = 3.6
config_directory = $D/etc
queue_directory = $D/spool
data_directory = $D/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.example.test
mydomain = example.test
myorigin = example.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
maillog_file = $D/maillog
maillog_file_prefixes = $D
biff = no
alias_maps =
alias_database =
local_recipient_maps =
relayhost = [127.0.0.1]:$closed
smtp_connect_timeout = 2s
default_transport = smtp
transport_maps = texthash:$D/etc/transport
enable_long_queue_ids = $longids
queue_run_delay = 3600s
minimal_backoff_time = 3600s
maximal_backoff_time = 4000s
slow_destination_concurrency_limit = 4
CF

cat > "$D/etc/transport" <<TR
slow.example.test  slow:
retry.example.test retry:4.3.2 mailbox service (temporarily) unavailable, please try again later; this reason text is deliberately long so that postqueue has to wrap it over several lines of output
TR

cat > "$D/etc/master.cf" <<'MC'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
slow      unix  -       n       n       -       -       pipe flags=q user=nobody argv=/bin/sleep 60
MC

pf() { "$@" -c "$D/etc"; }
cleanup() {
  postfix -c "$D/etc" stop >/dev/null 2>&1 || true
  sleep 1
  if [ -n "${KEEP:-}" ]; then echo "kept $D" >&2; else rm -rf "$D"; fi
}
trap cleanup EXIT

postfix -c "$D/etc" check
postfix -c "$D/etc" start
for i in $(seq 50); do [ -S "$D/spool/public/showq" ] && break; sleep 0.2; done

# 1. empty queue
postqueue -c "$D/etc" -p > "$out/empty-$form.p.golden"
postqueue -c "$D/etc" -j > "$out/empty-$form.j.golden"

send() { # send FROM RCPT... < body
  local from=$1; shift
  sendmail -C "$D/etc" -f "$from" -- "$@"
}
msg() { printf 'Subject: %s\n\n%s\n' "$1" "${2:-body}"; }

msg "deferred" | send alice@example.org bob@dest.example.net
msg "deferred 2" "$(head -c 3000 /dev/zero | tr '\0' x | fold -w 70)" | send carol@example.org dave@dest.example.net erin@dest.example.net
msg "retry" | send alice@example.org frank@retry.example.test
rcpts=(); for i in $(seq -w 1 25); do rcpts+=("user$i@many.example.net"); done
msg "many recipients" | send spam@bulk.example.com "${rcpts[@]}"
msg "mixed" | send spam@bulk.example.com gina@retry.example.test hank@dest.example.net
msg "bounce" | send '' postmaster@dest.example.net
msg "to hold" | send hold-me@example.org ivan@dest.example.net
msg "active" | send alice@example.org judy@slow.example.test
msg "odd address" | send '"odd local"@example.org' 'x+tag@dest.example.net'

# wait until nothing is left in incoming/maildrop and the deferred ones are deferred
for i in $(seq 60); do
  n=$(postqueue -c "$D/etc" -j | grep -c '"queue_name": "\(incoming\|maildrop\)"' || true)
  d=$(postqueue -c "$D/etc" -j | grep -c '"queue_name": "deferred"' || true)
  a=$(postqueue -c "$D/etc" -j | grep -c '"queue_name": "active"' || true)
  [ "$n" = 0 ] && [ "$d" = 8 ] && [ "$a" = 1 ] && break
  sleep 0.5
done
hid=$(postqueue -c "$D/etc" -j | python3 -c '
import json,sys
for l in sys.stdin:
    o=json.loads(l)
    if o["sender"]=="hold-me@example.org": print(o["queue_id"])')
postsuper -c "$D/etc" -h "$hid" 2>/dev/null
sleep 0.5

postqueue -c "$D/etc" -p > "$out/queue-$form.p.golden"
postqueue -c "$D/etc" -j > "$out/queue-$form.j.golden"
cp "$D/maillog" "$out/queue-$form.maillog" 2>/dev/null || true
echo "recorded $form into $out" >&2
