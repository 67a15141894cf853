package dsn

import (
	"net/netip"
	"strings"
)

// Action is the delivery status word of a Postfix status line ("status=sent").
type Action uint8

// Delivery status words (src/global/log_adhoc.c; "expired" is logged by qmgr).
const (
	Sent          Action = iota + 1 // status=sent
	Deferred                        // status=deferred
	Bounced                         // status=bounced
	SoftBounce                      // status=SOFTBOUNCE (a bounce turned into a deferral by soft_bounce=yes)
	Deliverable                     // status=deliverable (address verification, sendmail -bv)
	Undeliverable                   // status=undeliverable (address verification, sendmail -bv)
	Expired                         // status=expired (qmgr: maximal_queue_lifetime reached)
)

var actionNames = [...]string{
	Sent:          "sent",
	Deferred:      "deferred",
	Bounced:       "bounced",
	SoftBounce:    "SOFTBOUNCE",
	Deliverable:   "deliverable",
	Undeliverable: "undeliverable",
	Expired:       "expired",
}

// String returns the word as Postfix logs it ("sent", "SOFTBOUNCE", ...), or
// "" for an unknown Action.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return ""
}

func parseAction(w string) Action {
	for a, n := range actionNames {
		if n != "" && n == w {
			return Action(a)
		}
	}
	return 0
}

// Kind classifies the text of a status line (what is in parentheses).
type Kind uint8

// Kinds of status text. The formats are Postfix's (src/smtp/smtp_proto.c,
// smtp_connect.c, smtp_addr.c, smtp_sasl_proto.c); every other text, such as
// the local agents' "delivered to mailbox", is KindText.
const (
	KindText           Kind = iota // anything else
	KindReply                      // the remote reply itself: "250 2.0.0 Ok: queued as 4dXyZ"
	KindSaid                       // "host H[A] said: REPLY (in reply to STAGE)", "SASL authentication failed; server H[A] said: REPLY"
	KindRefused                    // "host H[A] refused to talk to me: REPLY"
	KindConnect                    // "connect to H[A]:PORT: DETAIL"
	KindLostConnection             // "lost connection with H[A] while STAGE"
	KindTimeout                    // "conversation with H[A] timed out while STAGE"
	KindDNS                        // "Host or domain name not found. Name service error for name=H type=T: DETAIL"
)

var kindNames = [...]string{"text", "reply", "said", "refused", "connect", "lost connection", "timeout", "dns"}

// String returns a short lower-case name for the kind ("said", "connect", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// Stage is the SMTP (or LMTP) stage at which a delivery attempt failed, from
// "(in reply to RCPT TO command)" or "while sending RCPT TO".
type Stage uint8

// SMTP stages.
const (
	StageNone      Stage = iota // no stage in the text
	StageGreeting               // the server's greeting ("initial server greeting", "refused to talk to me")
	StageHelo                   // EHLO, HELO or LHLO
	StageStartTLS               // STARTTLS
	StageAuth                   // AUTH (SASL)
	StageXForward               // XFORWARD
	StageMail                   // MAIL FROM
	StageRcpt                   // RCPT TO
	StageData                   // DATA command
	StageBody                   // sending the message body
	StageEndOfData              // the "." ending the message ("end of DATA command")
	StageRset                   // RSET (final RSET, RSET probe)
	StageQuit                   // QUIT
	StageOther                  // a stage text not listed above
)

var stageNames = [...]string{"", "greeting", "HELO", "STARTTLS", "AUTH", "XFORWARD", "MAIL FROM", "RCPT TO", "DATA", "message body", "end of DATA", "RSET", "QUIT", "other"}

// String returns a short name for the stage ("RCPT TO", "end of DATA", ...);
// "" for StageNone.
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return ""
}

// stageOf classifies a stage text as Postfix writes it.
func stageOf(t string) Stage {
	switch {
	case t == "":
		return StageNone
	case strings.Contains(t, "greeting"):
		return StageGreeting
	case strings.Contains(t, "EHLO") || strings.Contains(t, "HELO") || strings.Contains(t, "LHLO"):
		return StageHelo
	case strings.Contains(t, "STARTTLS"):
		return StageStartTLS
	case strings.Contains(t, "XFORWARD"):
		return StageXForward
	case strings.Contains(t, "AUTH"):
		return StageAuth
	case strings.Contains(t, "MAIL FROM"):
		return StageMail
	case strings.Contains(t, "RCPT TO"):
		return StageRcpt
	case strings.Contains(t, "end of DATA") || strings.Contains(t, "end of data"):
		return StageEndOfData
	case strings.Contains(t, "DATA"):
		return StageData
	case strings.Contains(t, "message body"):
		return StageBody
	case strings.Contains(t, "RSET"):
		return StageRset
	case strings.Contains(t, "QUIT"):
		return StageQuit
	}
	return StageOther
}

// Status is the parsed status of a Postfix delivery status line (spec:
// postfix.md section 7.6):
//
//	QID: to=<a@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 <a@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command))
//
// It is a comparable value whose strings refer to the parsed line.
type Status struct {
	Action Action // the status word
	Code   Code   // the dsn= value; zero for status=expired
	Text   string // the text in parentheses ("returned to sender" for expired)

	Kind      Kind // what the text says; the fields below are set as it allows
	Suspended bool // the text starts with "delivery temporarily suspended: "

	Host   string     // remote host name: "mx.example.net" (also the queried name of KindDNS)
	Addr   netip.Addr // remote address inside [], when it is an IP address
	Socket string     // the text inside [] when it is not an IP address (LMTP over a UNIX socket: "private/dovecot-lmtp")
	Port   uint16     // remote port of KindConnect, if given

	Reply     Reply  // the remote reply (KindReply, KindSaid, KindRefused)
	Stage     Stage  // the SMTP stage
	StageText string // the stage as written: "RCPT TO command", "sending message body"
	Detail    string // the error: "Connection refused", "Host not found, try again", "SASL authentication failed"
	QueuedAs  string // the queue ID in "queued as ID" (a remote Postfix) or "forwarded as ID" (local)
}

// ParseStatus parses the delivery status of a Postfix status line. s may be
// the whole log line or any tail of it that starts with "dsn=": the status
// is found at the first ", dsn=X.Y.Z, status=WORD (" (or "dsn=" at the start
// of s), or, for qmgr's "from=<...>, status=expired, returned to sender", at
// "status=expired". The text runs to the last ')' of s; text after it other
// than white space is an error. See [Status] for what is extracted.
//
// The dsn= value is read as by [ParseLenient]. A remote reply that does not
// parse (see [ParseReply]) is not an error: Reply then stays zero.
//
// ParseStatus does not allocate for IPv4 and IPv6 addresses without zones,
// unless it returns an error, which is always a [*ParseError].
func ParseStatus(s string) (Status, error) {
	st, off, part, err := parseStatus(s)
	if err != nil {
		return Status{}, newError("ParseStatus", s, part, off, err)
	}
	return st, nil
}

func parseStatus(s string) (st Status, off int, part string, err error) {
	line := trimSpaceRight(s)
	i := findDSN(line)
	if i < 0 {
		return parseExpired(line)
	}
	c, n, _ := scan(line[i+4:], false)
	st.Code = c
	j := i + 4 + n + len(", status=")
	w := j
	for w < len(line) && line[w] != ' ' && line[w] != ',' {
		w++
	}
	st.Action = parseAction(line[j:w])
	if st.Action == 0 || st.Action == Expired {
		return Status{}, j, "status", ErrStatusWord
	}
	if w == len(line) {
		return Status{}, w, "text", ErrTruncated
	}
	if !strings.HasPrefix(line[w:], " (") {
		return Status{}, w, "text", ErrTrailing
	}
	end := strings.LastIndexByte(line, ')')
	if end < w+2 {
		return Status{}, len(line), "text", ErrTruncated
	}
	if end != len(line)-1 {
		return Status{}, end + 1, "text", ErrTrailing
	}
	st.Text = line[w+2 : end]
	parseReason(&st)
	return st, 0, "", nil
}

// trimSpaceRight is strings.TrimRight(s, " \t\r\n") without building the
// character set on every call.
func trimSpaceRight(s string) string {
	for len(s) > 0 {
		switch s[len(s)-1] {
		case ' ', '\t', '\r', '\n':
			s = s[:len(s)-1]
		default:
			return s
		}
	}
	return s
}

// findDSN returns the index of the "dsn=" of a "dsn=X.Y.Z, status=" field at
// the start of s or after ", ", or -1.
func findDSN(s string) int {
	for from := 0; from < len(s); {
		k := strings.Index(s[from:], "dsn=")
		if k < 0 {
			return -1
		}
		i := from + k
		from = i + 4
		if i != 0 && (i < 2 || s[i-2:i] != ", ") {
			continue
		}
		_, n, e := scan(s[i+4:], false)
		if e.err == nil && strings.HasPrefix(s[i+4+n:], ", status=") {
			return i
		}
	}
	return -1
}

// parseExpired handles qmgr's "from=<...>, status=expired, returned to sender".
func parseExpired(line string) (Status, int, string, error) {
	const key = "status=expired"
	for from := 0; from < len(line); {
		k := strings.Index(line[from:], key)
		if k < 0 {
			break
		}
		i := from + k
		from = i + len(key)
		if i != 0 && (i < 2 || line[i-2:i] != ", ") {
			continue
		}
		rest := line[i+len(key):]
		switch {
		case rest == "":
			return Status{Action: Expired}, 0, "", nil
		case strings.HasPrefix(rest, ", "):
			return Status{Action: Expired, Text: rest[2:]}, 0, "", nil
		}
		return Status{}, i + len(key), "text", ErrTrailing
	}
	return Status{}, 0, "", ErrNoStatus
}

const suspended = "delivery temporarily suspended: "

// parseReason fills in the fields that st.Text allows.
func parseReason(st *Status) {
	t := st.Text
	if strings.HasPrefix(t, suspended) {
		st.Suspended = true
		t = t[len(suspended):]
	}
	switch {
	case strings.HasPrefix(t, "host "):
		rest, ok := st.endpoint(t[len("host "):])
		if !ok {
			break
		}
		if r, ok := strings.CutPrefix(rest, " said: "); ok {
			st.Kind = KindSaid
			st.said(r)
		} else if r, ok := strings.CutPrefix(rest, " refused to talk to me: "); ok {
			st.Kind = KindRefused
			st.Stage = StageGreeting
			st.Reply = quietReply(r)
		}
	case strings.HasPrefix(t, "SASL authentication failed; server "):
		rest, ok := st.endpoint(t[len("SASL authentication failed; server "):])
		if r, ok2 := strings.CutPrefix(rest, " said: "); ok && ok2 {
			st.Kind = KindSaid
			st.Detail = "SASL authentication failed"
			st.said(r)
			if st.Stage == StageNone {
				st.Stage = StageAuth
			}
		}
	case strings.HasPrefix(t, "connect to "):
		rest, ok := st.endpoint(t[len("connect to "):])
		if !ok {
			break
		}
		if len(rest) > 1 && rest[0] == ':' && isDigit(rest[1]) {
			p, k := 0, 1
			for k < len(rest) && isDigit(rest[k]) && p <= 0xffff {
				p = p*10 + int(rest[k]-'0')
				k++
			}
			if p > 0xffff {
				break
			}
			st.Port = uint16(p)
			rest = rest[k:]
		}
		if d, ok := strings.CutPrefix(rest, ": "); ok {
			st.Kind = KindConnect
			st.Detail = d
		}
	case strings.HasPrefix(t, "lost connection with "):
		rest, ok := st.endpoint(t[len("lost connection with "):])
		if w, ok2 := strings.CutPrefix(rest, " while "); ok && ok2 {
			st.Kind = KindLostConnection
			st.StageText = w
			st.Stage = stageOf(w)
		}
	case strings.HasPrefix(t, "conversation with "):
		rest, ok := st.endpoint(t[len("conversation with "):])
		if w, ok2 := strings.CutPrefix(rest, " timed out while "); ok && ok2 {
			st.Kind = KindTimeout
			st.StageText = w
			st.Stage = stageOf(w)
		}
	default:
		const dns = "Name service error for name="
		if k := strings.Index(t, dns); k >= 0 {
			r := t[k+len(dns):]
			if sp := strings.Index(r, " type="); sp > 0 {
				if c := strings.Index(r[sp:], ": "); c > 0 {
					st.Kind = KindDNS
					st.Host = r[:sp]
					st.Detail = r[sp+c+2:]
				}
			}
			break
		}
		if _, ok := replyCode(t); ok && (len(t) == 3 || t[3] == ' ' || t[3] == '-') {
			if r := quietReply(t); r.IsValid() {
				st.Kind = KindReply
				st.Reply = r
				st.QueuedAs = queuedAs(r.text, "queued as ")
			}
			break
		}
		st.QueuedAs = queuedAs(t, "forwarded as ")
	}
	if st.Kind == KindText {
		// Undo partial endpoint parses of unrecognised texts.
		st.Host, st.Addr, st.Socket, st.Port = "", netip.Addr{}, "", 0
	}
}

// said handles "REPLY (in reply to STAGE)" after "said: ".
func (st *Status) said(r string) {
	const irt = " (in reply to "
	if k := strings.LastIndex(r, irt); k >= 0 && strings.HasSuffix(r, ")") {
		st.StageText = r[k+len(irt) : len(r)-1]
		st.Stage = stageOf(st.StageText)
		r = r[:k]
	}
	st.Reply = quietReply(r)
	if st.Reply.IsValid() {
		st.QueuedAs = queuedAs(st.Reply.text, "queued as ")
	}
}

// endpoint reads "name[addr]" at the start of s into st and returns the rest.
func (st *Status) endpoint(s string) (string, bool) {
	lb := strings.IndexByte(s, '[')
	if lb <= 0 {
		return s, false
	}
	name := s[:lb]
	if strings.ContainsAny(name, " ]") {
		return s, false
	}
	rb := strings.IndexByte(s[lb:], ']')
	if rb < 0 {
		return s, false
	}
	in := s[lb+1 : lb+rb]
	st.Host = name
	if a, ok := parseAddr(in); ok {
		st.Addr = a
	} else {
		st.Socket = in
	}
	return s[lb+rb+1:], true
}

// parseAddr is netip.ParseAddr without the error, which it does not
// allocate for text that netip.ParseAddr is sure to reject, such as the
// socket path of "mail.example.com[private/dovecot-lmtp]". netip decides
// by the first '.', ':' or '%': IPv4 (digits before it), IPv6 (hex digits
// before it), or an error; so text with no such byte, or with something
// other than a hex digit before it, is not an address.
func parseAddr(s string) (netip.Addr, bool) {
	i := 0
	for i < len(s) && s[i] != '.' && s[i] != ':' && s[i] != '%' {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return netip.Addr{}, false
		}
		i++
	}
	if i == len(s) || s[i] == '%' {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	return a, err == nil
}

// queuedAs returns the queue ID after key in t: letters and digits.
func queuedAs(t, key string) string {
	k := strings.Index(t, key)
	if k < 0 {
		return ""
	}
	t = t[k+len(key):]
	n := 0
	for n < len(t) && (isDigit(t[n]) || 'A' <= t[n] && t[n] <= 'Z' || 'a' <= t[n] && t[n] <= 'z') {
		n++
	}
	return t[:n]
}

// quietReply is ParseReply without the error value (and its allocation).
func quietReply(s string) Reply {
	r, _, _, err := parseReply(s)
	if err != nil {
		return Reply{}
	}
	return r
}
