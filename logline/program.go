package logline

import (
	"bytes"
	"net/netip"
	"strings"

	"github.com/mailsift/mailsift/dsn"
	"github.com/mailsift/mailsift/qid"
)

// parseMessage classifies ev.Message after the prefix has been parsed.
func parseMessage(ev *Event) {
	if isDovecot(ev) {
		parseDovecot(ev)
		return
	}
	m := ev.Message
	// Severity (Postfix msg_* prefixes).
	if len(m) > 6 {
		switch m[0] {
		case 'w':
			if hasPrefix(m, "warning: ") {
				ev.Severity, m = Warning, m[9:]
			}
		case 'e':
			if hasPrefix(m, "error: ") {
				ev.Severity, m = Error, m[7:]
			}
		case 'f':
			if hasPrefix(m, "fatal: ") {
				ev.Severity, m = Fatal, m[7:]
			}
		case 'p':
			if hasPrefix(m, "panic: ") {
				ev.Severity, m = Panic, m[7:]
			}
		}
	}
	// Queue ID or NOQUEUE.
	if n, cls, z := idToken(m); n > 0 {
		if hasPrefix(m, "NOQUEUE: ") {
			ev.NoQueue = true
			m = m[9:]
		} else if id, ok := idOf(m[:n], cls, z); ok {
			ev.QueueID = id
			m = m[n+2:]
		}
	}
	switch {
	case ev.QueueID.IsValid() || ev.NoQueue:
		parseQueued(ev, m)
	case ev.Severity != Info:
		parseDiagnostic(ev, m)
	default:
		parseInfo(ev, m)
	}
	if ev.Kind == Unknown {
		ev.Text = m
		if ev.Severity != Info {
			ev.Kind = Diagnostic
		} else if isPostfix(ev) {
			parseVerbose(ev, m)
		}
	}
}

// isPostfix reports whether the tag looks like a Postfix tag
// ("postfix/smtpd", "postfix-out/smtp", or a bare Postfix command name).
func isPostfix(ev *Event) bool {
	if len(ev.SyslogName) > 0 {
		return true
	}
	switch string(ev.Program) {
	case "postfix", "postsuper", "postqueue", "postdrop", "sendmail", "postmap", "postalias", "postlog", "postconf", "postfix-script":
		return true
	}
	return false
}

// Classes of the bytes of a queue ID token, OR-ed over the token to decide
// in one pass whether it can be an ID (see idOf).
const (
	idNotHex = 1 << iota // not an upper-case hex digit: not in a short ID
	idVowel              // a vowel: never in a long ID
	idBad                // not a letter or digit: never in an ID
)

var idClass = func() (t [256]uint8) {
	for c := range t {
		t[c] = idNotHex | idBad
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 0
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = idNotHex
		t[c+'a'-'A'] = idNotHex
	}
	for c := 'A'; c <= 'F'; c++ {
		t[c] = 0
	}
	for _, c := range "AEIOUaeiou" {
		t[c] |= idVowel
	}
	return t
}()

// idToken returns the length of the token at the start of m when it is
// followed by ": " and could be a queue ID or NOQUEUE, else 0; and the
// classes of its bytes and the offset of its last 'z' (or -1), for idOf.
func idToken(m []byte) (n int, cls uint8, z int) {
	z = -1
	for n < len(m) && n <= qid.MaxLongLen {
		c := m[n]
		k := idClass[c]
		if k&idBad != 0 {
			break
		}
		cls |= k
		if c == 'z' {
			z = n
		}
		n++
	}
	if n < qid.MinLen || n+1 >= len(m) || m[n] != ':' || m[n+1] != ' ' {
		return 0, 0, -1
	}
	return n, cls, z
}

// parseID parses a queue ID token without allocating for tokens that are
// not IDs.
func parseID(b []byte) (qid.ID, bool) {
	var cls uint8
	z := -1
	for i, c := range b {
		cls |= idClass[c]
		if c == 'z' {
			z = i
		}
	}
	return idOf(b, cls, z)
}

// idOf parses the queue ID token b, whose bytes have the classes cls and
// whose last 'z' is at z, calling qid only for tokens that can be IDs (so
// that it does not allocate an error for the others).
func idOf(b []byte, cls uint8, z int) (qid.ID, bool) {
	switch {
	case cls&idBad != 0:
		return qid.ID{}, false
	case cls&idNotHex == 0: // short ID
		if len(b) > qid.MaxShortLen {
			return qid.ID{}, false
		}
	case z < 10 || cls&idVowel != 0: // long ID
		return qid.ID{}, false
	}
	id, err := qid.ParseBytes(b)
	return id, err == nil
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

func index(b []byte, s string) int { return strings.Index(str(b), s) }

func cut(b []byte, sep string) (before, after []byte, ok bool) {
	if i := index(b, sep); i >= 0 {
		return b[:i], b[i+len(sep):], true
	}
	return b, nil, false
}

func cutPrefix(b []byte, p string) ([]byte, bool) {
	if hasPrefix(b, p) {
		return b[len(p):], true
	}
	return b, false
}

// parseAddr parses an IP address, without allocating for text that is not
// one.
func parseAddr(b []byte) (netip.Addr, bool) {
	if len(b) < 2 || len(b) > 45 {
		return netip.Addr{}, false
	}
	if a, ok := parseIPv4(b); ok {
		return a, true
	}
	dot, colon := false, false
	for _, c := range b {
		switch {
		case c == '.':
			dot = true
		case c == ':':
			colon = true
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return netip.Addr{}, false
		}
	}
	if !dot && !colon {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(str(b))
	return a, err == nil
}

// parseIPv4 parses the dotted-quad form of an IPv4 address ("192.0.2.1")
// as netip.ParseAddr does: four decimal fields of at most 255, without
// leading zeros. It reports false for anything else, which the caller then
// hands to netip.ParseAddr; this is only the fast path for the common case.
func parseIPv4(b []byte) (netip.Addr, bool) {
	var ip [4]byte
	i := 0
	for f := range ip {
		if f > 0 {
			if i >= len(b) || b[i] != '.' {
				return netip.Addr{}, false
			}
			i++
		}
		// One to three digits; no leading zero; at most 255.
		if i >= len(b) || b[i]-'0' > 9 {
			return netip.Addr{}, false
		}
		v := uint(b[i] - '0')
		i++
		if i < len(b) && b[i]-'0' <= 9 {
			if v == 0 {
				return netip.Addr{}, false
			}
			v = v*10 + uint(b[i]-'0')
			i++
			if i < len(b) && b[i]-'0' <= 9 {
				v = v*10 + uint(b[i]-'0')
				i++
				if v > 255 {
					return netip.Addr{}, false
				}
			}
		}
		ip[f] = byte(v)
	}
	if i != len(b) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(ip), true
}

// peerEnd returns the length of the peer at the start of b: "name[addr]",
// "name[addr]:port" or "[addr]:port". It returns 0 if there is none.
func peerEnd(b []byte) int {
	i := bytes.IndexByte(b, '[')
	if i < 0 || bytes.IndexByte(b[:i], ' ') >= 0 {
		return 0
	}
	j := bytes.IndexByte(b[i:], ']')
	if j < 0 {
		return 0
	}
	j += i + 1
	if j+1 < len(b) && b[j] == ':' && digit(b[j+1]) {
		k := j + 1
		for k < len(b) && digit(b[k]) {
			k++
		}
		j = k
	}
	return j
}

// parsePeer parses "name[addr]", "name[addr]:port", "[addr]:port" or a bare
// word (relay=none).
func parsePeer(b []byte) Peer {
	var p Peer
	i := bytes.IndexByte(b, '[')
	if i < 0 {
		p.Name = b
		return p
	}
	p.Name = b[:i]
	j := bytes.LastIndexByte(b, ']')
	if j < i {
		p.Name = b
		return p
	}
	in := b[i+1 : j]
	if a, ok := parseAddr(in); ok {
		p.Addr = a
	} else {
		p.Path = in
	}
	if j+1 < len(b) && b[j+1] == ':' {
		if port, n := atoi(b[j+2:]); n > 0 && n == len(b)-j-2 && port < 65536 {
			p.Port = uint16(port)
		}
	}
	return p
}

// parseBareAddrPort parses "addr" or "[addr]:port".
func parseHostPort(b []byte) Peer {
	if len(b) > 0 && b[0] == '[' {
		return parsePeer(b)
	}
	if a, ok := parseAddr(b); ok {
		return Peer{Addr: a}
	}
	return Peer{Name: b}
}

// reply parses an SMTP reply when b starts with one, and returns the text
// after the reply code and enhanced status code.
func reply(b []byte) (dsn.Reply, []byte) {
	if len(b) < 3 || b[0] < '2' || b[0] > '5' || b[1] < '0' || b[1] > '5' || !digit(b[2]) ||
		len(b) > 3 && b[3] != ' ' && b[3] != '-' {
		return dsn.Reply{}, b
	}
	r, err := dsn.ParseReply(str(b))
	if err != nil {
		return dsn.Reply{}, b
	}
	t := b[3:]
	if len(t) > 0 {
		t = t[1:]
	}
	for len(t) > 0 && t[0] == ' ' {
		t = t[1:]
	}
	if r.Enhanced().IsValid() {
		k := bytes.IndexByte(t, ' ')
		if k < 0 {
			t = t[len(t):]
		} else {
			t = t[k+1:]
		}
	}
	return r, t
}

// enhanced parses an enhanced status code at the start of b, followed by a
// space or the end.
func enhanced(b []byte) (dsn.Code, int) {
	if len(b) < 5 || b[0] != '2' && b[0] != '4' && b[0] != '5' || b[1] != '.' {
		return dsn.Code{}, 0
	}
	n := bytes.IndexByte(b, ' ')
	if n < 0 {
		n = len(b)
	}
	c, err := dsn.ParseLenient(str(b[:n]))
	if err != nil {
		return dsn.Code{}, 0
	}
	return c, n
}

// angle reads "<...>" at the start of b, up to the '>' that is followed by
// end or one of the separators in seps. It returns the value and the length
// consumed (0 if b does not start with '<').
func angle(b []byte, seps ...string) ([]byte, int) {
	if len(b) == 0 || b[0] != '<' {
		return nil, 0
	}
	for i := 1; i < len(b); i++ {
		if b[i] != '>' {
			continue
		}
		if i+1 == len(b) {
			return b[1:i], i + 1
		}
		for _, s := range seps {
			if hasPrefix(b[i+1:], s) {
				return b[1:i], i + 1
			}
		}
	}
	return nil, 0
}

// parseDuration parses Postfix's "%.2g"-style seconds ("0", "0.04", "16",
// "1093") into a Duration, exactly.
func parseDuration(b []byte) (d int64, n int) {
	var ip int64
	for n < len(b) && digit(b[n]) && n < 12 {
		ip = ip*10 + int64(b[n]-'0')
		n++
	}
	if n == 0 {
		return 0, 0
	}
	d = ip * 1e9
	if n < len(b) && b[n] == '.' {
		n++
		scale := int64(1e8)
		for n < len(b) && digit(b[n]) {
			d += int64(b[n]-'0') * scale
			scale /= 10
			n++
		}
	}
	return d, n
}

// parseQueued handles messages after "QID: " or "NOQUEUE: ".
func parseQueued(ev *Event, m []byte) {
	if len(m) == 0 {
		return
	}
	switch m[0] {
	case 'c':
		if t, ok := cutPrefix(m, "client="); ok {
			parseClientLine(ev, t)
			return
		}
	case 't':
		if hasPrefix(m, "to=<") {
			parseDelivery(ev, m)
			return
		}
	case 'f':
		if hasPrefix(m, "from=<") {
			parseQmgrFrom(ev, m)
			return
		}
	case 'm':
		if t, ok := cutPrefix(m, "message-id="); ok {
			ev.Kind = MessageID
			ev.MessageID = trimAngle(t)
			return
		}
		if t, ok := cutPrefix(m, "message rejected: "); ok && ev.Severity == Warning {
			ev.Kind = MessageRejected
			ev.Text = t
			return
		}
	case 'r':
		if t, ok := cutPrefix(m, "resent-message-id="); ok {
			ev.Kind = ResentMessageID
			ev.MessageID = trimAngle(t)
			return
		}
		if string(m) == "removed" {
			ev.Kind = Removed
			if string(ev.Program) == "postsuper" {
				ev.Kind = Postsuper
				ev.Action = m
			}
			return
		}
		if string(m) == "released from hold" || string(m) == "requeued" {
			ev.Kind, ev.Action = Postsuper, m
			return
		}
	case 'p':
		if string(m) == "placed on hold" {
			ev.Kind, ev.Action = Postsuper, m
			return
		}
	case 'u':
		if t, ok := cutPrefix(m, "uid="); ok {
			parsePickup(ev, t)
			return
		}
	case 's':
		if hasPrefix(m, "skipped, ") {
			ev.Kind = Skipped
			ev.Text = m[9:]
			return
		}
	}
	if i := index(m, " notification: "); i > 0 {
		if id, ok := parseID(m[i+15:]); ok {
			ev.Kind = Notification
			ev.Action = m[:i]
			ev.RelatedID = id
			return
		}
	}
	// "ACTION: CMD from CLIENT: ..." (smtpd, postscreen, milter) or
	// "ACTION: header|body TEXT from ORIGIN; ..." (cleanup).
	j := bytes.IndexByte(m, ':')
	if j <= 0 || j+1 >= len(m) || m[j+1] != ' ' || bytes.IndexByte(m[:j], ' ') >= 0 {
		return
	}
	action, rest := m[:j], m[j+2:]
	if parseHeaderCheck(ev, action, rest) {
		return
	}
	parseSMTPAction(ev, action, rest)
}

func trimAngle(b []byte) []byte {
	if len(b) >= 2 && b[0] == '<' && b[len(b)-1] == '>' {
		return b[1 : len(b)-1]
	}
	return b
}

// parseInfo handles info-level messages without a queue ID.
func parseInfo(ev *Event, m []byte) {
	if len(m) == 0 {
		return
	}
	switch m[0] {
	case 'c':
		if t, ok := cutPrefix(m, "connect from "); ok {
			ev.Kind = Connect
			ev.Client = parsePeer(t)
			return
		}
		if t, ok := cutPrefix(m, "connect to "); ok {
			parseConnectFailed(ev, t)
			return
		}
		if hasPrefix(m, "cache ") && string(ev.Program) == "postscreen" {
			parseScreenCache(ev, m)
			return
		}
	case 'd':
		if t, ok := cutPrefix(m, "disconnect from "); ok {
			parseDisconnect(ev, t)
			return
		}
		if t, ok := cutPrefix(m, "daemon started -- "); ok {
			parseMaster(ev, m[:14], t)
			return
		}
	case 'l':
		if t, ok := cutPrefix(m, "lost connection after "); ok {
			parseAfter(ev, LostConnection, t)
			return
		}
	case 't':
		if t, ok := cutPrefix(m, "timeout after "); ok {
			parseAfter(ev, Timeout, t)
			return
		}
		if t, ok := cutPrefix(m, "too many errors after "); ok {
			parseAfter(ev, TooManyErrors, t)
			return
		}
		if hasPrefix(m, "terminating on signal ") {
			ev.Kind, ev.Action, ev.Text = Master, m[:21], m[22:]
			return
		}
	case 'i':
		if t, ok := cutPrefix(m, "improper command pipelining after "); ok {
			parsePipelining(ev, t)
			return
		}
	case 'r':
		if t, ok := cutPrefix(m, "reload -- "); ok {
			parseMaster(ev, m[:6], t)
			return
		}
		if hasSuffix(m, " the Postfix mail system") {
			ev.Kind, ev.Action = PostfixScript, m[:bytes.IndexByte(m, ' ')]
			return
		}
	case 's':
		if t, ok := cutPrefix(m, "statistics: "); ok {
			parseStatistics(ev, t)
			return
		}
		if hasSuffix(m, " the Postfix mail system") {
			ev.Kind, ev.Action = PostfixScript, m[:bytes.IndexByte(m, ' ')]
			return
		}
	case 'a':
		if t, ok := cutPrefix(m, "addr "); ok {
			parseDNSBLListed(ev, t)
			return
		}
	case 'S':
		if t, ok := cutPrefix(m, "SSL_accept error from "); ok {
			parseTLSError(ev, t)
			return
		}
		if t, ok := cutPrefix(m, "SSL_connect error to "); ok {
			parseTLSError(ev, t)
			return
		}
	case 'T':
		if t, ok := cutPrefix(m, "TLS handshake failed for "); ok {
			ev.Kind = TLSError
			if s, ok := cutPrefix(t, "service="); ok {
				k := bytes.IndexByte(s, ' ')
				if k > 0 {
					ev.Service = s[:k]
					if p, ok := cutPrefix(s[k+1:], "peer="); ok {
						ev.Client = parsePeer(p)
					}
				}
			}
			ev.Text = m
			return
		}
	case 'D':
		if hasPrefix(m, "Deleted: ") {
			parsePostsuperSummary(ev, m)
			return
		}
	case 'R':
		if hasPrefix(m, "Released from hold: ") || hasPrefix(m, "Requeued: ") {
			parsePostsuperSummary(ev, m)
			return
		}
	case 'P':
		if hasPrefix(m, "Placed on hold: ") {
			parsePostsuperSummary(ev, m)
			return
		}
	case '<', '>':
		if len(m) > 2 && m[1] == ' ' {
			if n := peerEnd(m[2:]); n > 0 && hasPrefix(m[2+n:], ": ") {
				ev.Kind = SMTPTrace
				ev.Action = m[:1]
				ev.Client = parsePeer(m[2 : 2+n])
				ev.Text = m[2+n+2:]
				return
			}
		}
	}
	if parseTLSConnection(ev, m) {
		return
	}
	if m[0] >= 'A' && m[0] <= 'Z' && isScreen(ev) {
		parseScreen(ev, m)
	}
}

func isScreen(ev *Event) bool {
	p := string(ev.Program)
	return p == "postscreen" || p == "tlsproxy"
}

// parseDiagnostic handles warning:/error:/fatal:/panic: messages without a
// queue ID.
func parseDiagnostic(ev *Event, m []byte) {
	switch {
	case hasPrefix(m, "non-SMTP command from "):
		t := m[22:]
		if n := peerEnd(t); n > 0 {
			ev.Kind = NonSMTP
			ev.Client = parsePeer(t[:n])
			if r, ok := cutPrefix(t[n:], ": "); ok {
				ev.Text = r
			} else {
				ev.Text = t[n:n]
			}
		}
		return
	case hasPrefix(m, "hostname "):
		// "hostname H does not resolve to address A[: reason]",
		// "hostname H verification failed: reason"
		t := m[9:]
		k := bytes.IndexByte(t, ' ')
		if k <= 0 {
			return
		}
		host, rest := t[:k], t[k:]
		if r, ok := cutPrefix(rest, " does not resolve to address "); ok {
			ev.Kind = HostnameMismatch
			ev.Client.Name = host
			a, reason, _ := cut(r, ": ")
			ev.Client.Addr, _ = parseAddr(a)
			ev.Text = reason
			if ev.Text == nil {
				ev.Text = r[len(r):]
			}
			ev.Action = m[:0]
			return
		}
		if r, ok := cutPrefix(rest, " verification failed: "); ok {
			ev.Kind = HostnameMismatch
			ev.Client.Name = host
			ev.Text = r
			return
		}
		return
	case hasPrefix(m, "TLS library problem: "):
		ev.Kind = TLSError
		ev.Text = m[21:]
		return
	}
	if k := index(m, " limit exceeded: "); k > 0 && bytes.IndexByte(m[:k], ':') < 0 {
		// "Connection rate limit exceeded: 31 from host[ip] for service smtp"
		t := m[k+17:]
		n, c := atoi(t)
		if c > 0 {
			if r, ok := cutPrefix(t[c:], " from "); ok {
				if e := peerEnd(r); e > 0 {
					ev.Kind = RateLimit
					ev.Action = m[:k]
					ev.Count = int64(n)
					ev.Client = parsePeer(r[:e])
					if s, ok := cutPrefix(r[e:], " for service "); ok {
						ev.Service = s
					}
					return
				}
			}
		}
	}
	// "client: SASL MECH authentication failed: reason", "... aborted",
	// "A: address not listed for hostname H".
	if n := peerEnd(m); n > 0 && hasPrefix(m[n:], ": ") {
		t := m[n+2:]
		if r, ok := cutPrefix(t, "SASL "); ok {
			k := bytes.IndexByte(r, ' ')
			if k > 0 {
				mech, r2 := r[:k], r[k+1:]
				if reason, ok := cutPrefix(r2, "authentication failed:"); ok {
					ev.Kind = SASLFailed
					ev.Client = parsePeer(m[:n])
					ev.SASLMethod = mech
					if len(reason) > 0 && reason[0] == ' ' {
						reason = reason[1:]
					}
					if i := index(reason, ", sasl_username="); i >= 0 {
						ev.SASLUsername = reason[i+16:]
						reason = reason[:i]
					}
					ev.Text = reason
					return
				}
				if string(r2) == "authentication aborted" {
					ev.Kind = SASLAborted
					ev.Client = parsePeer(m[:n])
					ev.SASLMethod = mech
					ev.Text = r2[len(r2):]
					return
				}
			}
		}
	}
	if k := index(m, ": address not listed for hostname "); k > 0 {
		if a, ok := parseAddr(m[:k]); ok {
			ev.Kind = HostnameMismatch
			ev.Client.Addr = a
			ev.Client.Name = m[k+34:]
			ev.Text = m[k+2 : k+33]
			return
		}
	}
	if string(ev.Program) == "dnsblog" {
		return
	}
}
