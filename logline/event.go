package logline

import (
	"net/netip"
	"strconv"
	"time"
	"unsafe"

	"github.com/mailsift/mailsift/dsn"
	"github.com/mailsift/mailsift/qid"
)

// Event is one parsed log line.
//
// The byte-slice fields are sub-slices of the line passed to [Parse] (or
// returned by [Scanner.Event]); they are valid only as long as that line is
// not modified. The strings inside Reply and Status refer to the same memory.
// Use [Event.Clone] to keep an Event beyond that. Fields that do not apply to
// the event's Kind are zero; which fields each Kind sets is documented with
// the Kind constants.
type Event struct {
	Kind   Kind   // what the line says
	Format Format // the syslog prefix format

	Time       time.Time // timestamp, in the Parser's Location
	Host       []byte    // host name of the prefix (empty for Dovecot log_path files)
	Tag        []byte    // the whole tag: "postfix/submission/smtpd", "dovecot"
	SyslogName []byte    // the tag up to its last '/': "postfix/submission"; "" when the tag has no '/'
	Program    []byte    // the tag after its last '/': "smtpd", "dovecot"
	PID        int       // process ID in the tag, 0 if none
	Severity   Severity  // warning:, error:, fatal:, panic: (Dovecot: Warning:, Error:, ...)

	QueueID qid.ID // queue ID at the start of the message text (or after "warning: ")
	NoQueue bool   // the message starts with "NOQUEUE: "

	Message []byte // the message text after "tag[pid]: "
	Text    []byte // free text whose meaning depends on Kind (a reply text, a logged header, a status text, ...)
	Reason  []byte // a reason or explanation: header check text after the fields, Dovecot disconnect reason, auth failure

	Client Peer // the remote client: name[addr]:port, [addr]:port, or Dovecot rip=
	Server Peer // the local end: postscreen "to [addr]:port", Dovecot lip=
	Relay  Peer // a delivery's relay=, smtp "connect to", a TLS server peer

	Action  []byte // action word: reject, warn, hold, milter-reject; header check action; PASS NEW/OLD word; ...
	Command []byte // SMTP command or stage: RCPT, EHLO, END-OF-MESSAGE, CONNECT, AUTH, ...
	Reply   dsn.Reply

	From, To, OrigTo []byte // envelope addresses without the angle brackets
	Proto, Helo      []byte

	SASLMethod, SASLUsername, SASLSender []byte
	RelatedID                            qid.ID // orig_queue_id=, notification queue ID, "queued as"
	OrigClient                           []byte // client=..., orig_client=

	MessageID []byte // message-id=<...> without brackets
	Context   []byte // header check context: header, body, content, mime-error
	Size      int64  // qmgr size=
	Nrcpt     int    // qmgr nrcpt=
	UID       int    // pickup uid=
	Count     int64  // a count: PREGREET bytes, DNSBL rank, DATA bytes, auth attempts, anvil value, postsuper messages

	Delay    time.Duration    // delay=
	Delays   [4]time.Duration // delays=a/b/c/d
	ConnUse  int              // conn_use=
	DSN      dsn.Code         // dsn=
	Status   dsn.Status       // the status= part, parsed by the dsn package
	Duration time.Duration    // seconds in postscreen HANGUP/PREGREET, Dovecot "in N secs"

	Commands CommandStats // disconnect command counters

	TLS TLSInfo // TLS connection details

	// Dovecot
	Service []byte // a service: anvil ident, rate limit service, tlsproxy service=; Dovecot: imap-login, pop3, lmtp, auth, auth-worker, passdb name in auth failures
	User    []byte // user=<...>, the user of lmtp/imap sessions, auth failures
	Method  []byte // method=
	Session []byte // session=<...>
	MPID    int    // mpid=
	Mailbox []byte // lmtp/lda saved mail to MAILBOX

	line []byte // the whole line as given to Parse
}

// Line returns the line the event was parsed from, without the final line
// break.
func (ev *Event) Line() []byte { return ev.line }

// Clone returns a copy of ev that owns its memory: the line is copied once
// and every field of the copy refers to that copy. It is the one place where
// parsing allocates.
func (ev *Event) Clone() *Event {
	c := new(Event)
	line := append([]byte(nil), ev.line...)
	var p Parser
	p.fixed = true
	p.fixedTime = ev.Time
	if err := p.Parse(line, c); err != nil {
		// Cannot happen: the line parsed before. Keep what is known.
		*c = Event{Kind: ev.Kind, Time: ev.Time, line: line}
	}
	return c
}

// Peer is a network peer as Postfix and Dovecot log it: "name[addr]",
// "name[addr]:port", "[addr]:port", or a bare address.
type Peer struct {
	Name []byte     // host name, "unknown", or empty; "none", "local", "virtual", a transport name for relay=
	Addr netip.Addr // the address inside [], when it is an IP address
	Port uint16     // the port after "]:", 0 if none
	Path []byte     // the text inside [] when it is not an IP address ("private/dovecot-lmtp")
}

// IsZero reports whether p is empty.
func (p Peer) IsZero() bool { return len(p.Name) == 0 && !p.Addr.IsValid() && len(p.Path) == 0 }

// IsUnknown reports whether the client name is Postfix's "unknown" (no
// verified reverse DNS name).
func (p Peer) IsUnknown() bool { return string(p.Name) == "unknown" }

// AppendTo appends p as Postfix writes it.
func (p Peer) AppendTo(b []byte) []byte {
	b = append(b, p.Name...)
	if p.Addr.IsValid() || len(p.Path) > 0 {
		b = append(b, '[')
		if p.Addr.IsValid() {
			b = p.Addr.AppendTo(b)
		} else {
			b = append(b, p.Path...)
		}
		b = append(b, ']')
	}
	if p.Port != 0 {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(p.Port), 10)
	}
	return b
}

// String returns p as Postfix writes it.
func (p Peer) String() string { return string(p.AppendTo(nil)) }

// TLSInfo describes a TLS connection: "Anonymous TLS connection established
// from h[a]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)".
type TLSInfo struct {
	Trust    []byte // Anonymous, Untrusted, Trusted, Verified
	Reused   bool   // "reused" instead of "established"
	Protocol []byte // TLSv1.3
	Cipher   []byte // TLS_AES_256_GCM_SHA384
	Bits     int    // the first number of "(256/256 bits)"
}

// Severity is the level of a diagnostic line.
type Severity uint8

// Severities. Postfix writes them as "warning: " etc. after the tag; Dovecot
// as "Warning: ", and "Info: " in its own log files.
const (
	Info Severity = iota
	Warning
	Error
	Fatal
	Panic
)

var severityNames = [...]string{"info", "warning", "error", "fatal", "panic"}

// String returns the lower-case name ("info", "warning", ...).
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Format identifies the syslog prefix of a line.
type Format uint8

// Prefix formats.
const (
	FormatUnknown Format = iota
	FormatRFC3164        // "Nov  2 14:09:11 host tag[pid]: " (space- or zero-padded day; also Postfix maillog_file)
	FormatRFC3339        // "2026-11-22T14:09:11.123456+00:00 host tag[pid]: " (rsyslog, journald short-iso)
	FormatRFC5424        // "<22>1 2026-11-22T14:09:11.123456+00:00 host app procid msgid sd msg"
	FormatDovecot        // Dovecot log_path file: "Nov 22 14:09:11 imap-login: Info: " or "2026-11-22 14:09:11 ..."
	FormatTAI64N         // daemontools/multilog: "@400000004c91b044077a9e94 imap-login: ..."
)

var formatNames = [...]string{"unknown", "rfc3164", "rfc3339", "rfc5424", "dovecot", "tai64n"}

// String returns a short lower-case name of the format.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// CommandStats are the command counters of smtpd's disconnect line
// ("ehlo=2 starttls=1 auth=0/1 mail=1 rcpt=3/7 quit=1 commands=7/12").
type CommandStats struct {
	Set   uint32              // bit i set: counter i was logged
	OK    [NumCounters]uint32 // successful commands
	Total [NumCounters]uint32 // all commands (equal to OK when no "/total" was logged)
}

// Counter indexes CommandStats.
type Counter uint8

// Counters of smtpd_format_cmd_stats, in Postfix's order, then unknown and
// the commands total.
const (
	CmdHelo Counter = iota
	CmdEhlo
	CmdXclient
	CmdXforward
	CmdStarttls
	CmdAuth
	CmdMail
	CmdRcpt
	CmdData
	CmdBdat
	CmdRset
	CmdNoop
	CmdVrfy
	CmdEtrn
	CmdQuit
	CmdUnknown
	CmdCommands
	NumCounters
)

var counterNames = [NumCounters]string{"helo", "ehlo", "xclient", "xforward", "starttls", "auth", "mail", "rcpt", "data", "bdat", "rset", "noop", "vrfy", "etrn", "quit", "unknown", "commands"}

// String returns the counter's name as logged ("ehlo", "commands").
func (c Counter) String() string {
	if c < NumCounters {
		return counterNames[c]
	}
	return "counter(" + strconv.Itoa(int(c)) + ")"
}

// Has reports whether counter c was logged.
func (s *CommandStats) Has(c Counter) bool { return c < NumCounters && s.Set&(1<<c) != 0 }

// Failed reports whether any command failed: Postfix then logs some
// counter as ok/total.
func (s *CommandStats) Failed() bool {
	for c := Counter(0); c < NumCounters; c++ {
		if s.Has(c) && s.OK[c] != s.Total[c] {
			return true
		}
	}
	return false
}

// ParseError reports a line that is not a syslog line.
type ParseError struct {
	Line   string // the line (truncated to 200 bytes)
	Column int    // byte offset of the problem in the line
	Reason string
}

func (e *ParseError) Error() string {
	return "logline: column " + strconv.Itoa(e.Column) + ": " + e.Reason + ": " + strconv.Quote(e.Line)
}

func newParseError(line []byte, col int, reason string) *ParseError {
	l := line
	if len(l) > 200 {
		l = l[:200]
	}
	return &ParseError{Line: string(l), Column: col, Reason: reason}
}

// str views b as a string without copying. The string must not outlive b's
// memory being unchanged.
func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
