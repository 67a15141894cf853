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

	line  []byte      // the whole line as given to Parse
	clean fieldGroups // groups of fields known to be zero (see reset)
}

// fieldGroups is a set of groups of Event fields, used to reset an Event
// cheaply: an Event is about 1.5 KB, and clearing all of it for every line
// would cost more than parsing most lines. Parse records in Event.clean the
// groups its Kind leaves zero, and the next reset clears only the others.
type fieldGroups uint16

const (
	groupPeers    fieldGroups = 1 << iota // Client, Server, Relay
	groupSMTP                             // Action, Command, From, To, OrigTo, Proto, Helo, SASL*, RelatedID, OrigClient, MessageID, Context
	groupReply                            // Reply
	groupDelivery                         // Delay, Delays, ConnUse, DSN, Status
	groupCommands                         // Commands
	groupTLS                              // TLS
	groupDovecot                          // Service, User, Method, Session, MPID, Mailbox
	groupMisc                             // Text, Reason, Size, Nrcpt, UID, Count, Duration

	groupAll fieldGroups = 1<<iota - 1
)

// reset makes ev the zero Event for line, clearing only the groups of
// fields that are not known to be zero already. The prefix fields are
// always overwritten.
//
// An Event that Parse did not fill (the zero Event, or one built by the
// caller) has clean == 0, so everything is cleared. The one case this does
// not cover is a caller who changes the fields of an Event that Parse
// filled and then parses into it again: such a caller resets it with
// *ev = Event{} first (documented with [Parser.Parse]).
func (ev *Event) reset(line []byte) {
	dirty := ^ev.clean
	ev.Kind, ev.Format, ev.Severity = Unknown, FormatUnknown, Info
	ev.Time = time.Time{}
	ev.Host, ev.Tag, ev.SyslogName, ev.Program, ev.Message = nil, nil, nil, nil, nil
	ev.PID = 0
	ev.QueueID, ev.NoQueue = qid.ID{}, false
	ev.line = line
	if dirty&groupPeers != 0 {
		ev.Client, ev.Server, ev.Relay = Peer{}, Peer{}, Peer{}
	}
	if dirty&groupSMTP != 0 {
		ev.Action, ev.Command = nil, nil
		ev.From, ev.To, ev.OrigTo, ev.Proto, ev.Helo = nil, nil, nil, nil, nil
		ev.SASLMethod, ev.SASLUsername, ev.SASLSender = nil, nil, nil
		ev.RelatedID, ev.OrigClient = qid.ID{}, nil
		ev.MessageID, ev.Context = nil, nil
	}
	if dirty&groupReply != 0 {
		ev.Reply = dsn.Reply{}
	}
	if dirty&groupDelivery != 0 {
		ev.Delay, ev.Delays, ev.ConnUse = 0, [4]time.Duration{}, 0
		ev.DSN, ev.Status = dsn.Code{}, dsn.Status{}
	}
	if dirty&groupCommands != 0 {
		ev.Commands = CommandStats{}
	}
	if dirty&groupTLS != 0 {
		ev.TLS = TLSInfo{}
	}
	if dirty&groupDovecot != 0 {
		ev.Service, ev.User, ev.Method, ev.Session, ev.Mailbox = nil, nil, nil, nil, nil
		ev.MPID = 0
	}
	if dirty&groupMisc != 0 {
		ev.Text, ev.Reason = nil, nil
		ev.Size, ev.Nrcpt, ev.UID, ev.Count, ev.Duration = 0, 0, 0, 0, 0
	}
	ev.clean = groupAll
}

// kindGroups lists, for each Kind, the groups of fields that parsing a line
// of that Kind may set (a superset: TestKindGroups checks it on every test
// line). Kinds that are the fallback of partial parses (Unknown, Diagnostic,
// Verbose) may carry anything.
var kindGroups = [numKinds]fieldGroups{
	Unknown:          groupAll,
	Connect:          groupPeers | groupMisc,
	Disconnect:       groupPeers | groupCommands | groupMisc,
	ClientLine:       groupPeers | groupSMTP | groupMisc,
	SMTPAction:       groupPeers | groupSMTP | groupReply | groupMisc,
	SASLFailed:       groupPeers | groupSMTP | groupMisc,
	SASLAborted:      groupPeers | groupSMTP | groupMisc,
	LostConnection:   groupPeers | groupSMTP | groupMisc,
	Timeout:          groupPeers | groupSMTP | groupMisc,
	TooManyErrors:    groupPeers | groupSMTP | groupMisc,
	Pipelining:       groupPeers | groupSMTP | groupMisc,
	NonSMTP:          groupPeers | groupMisc,
	TLSConnection:    groupPeers | groupTLS | groupMisc,
	TLSError:         groupPeers | groupDovecot | groupMisc,
	HostnameMismatch: groupPeers | groupSMTP | groupMisc,
	RateLimit:        groupPeers | groupSMTP | groupDovecot | groupMisc,
	ConnectFailed:    groupPeers | groupMisc,

	ScreenConnect:    groupPeers | groupMisc,
	ScreenPass:       groupPeers | groupSMTP | groupMisc,
	ScreenPregreet:   groupPeers | groupSMTP | groupMisc,
	ScreenHangup:     groupPeers | groupSMTP | groupMisc,
	ScreenDisconnect: groupPeers | groupMisc,
	ScreenDNSBL:      groupPeers | groupSMTP | groupMisc,
	ScreenListed:     groupPeers | groupSMTP | groupMisc,
	ScreenViolation:  groupPeers | groupSMTP | groupMisc,
	ScreenCache:      groupSMTP | groupMisc,
	DNSBLListed:      groupPeers | groupSMTP | groupMisc,

	MessageID:       groupSMTP | groupMisc,
	ResentMessageID: groupSMTP | groupMisc,
	HeaderCheck:     groupPeers | groupSMTP | groupReply | groupDelivery | groupMisc,
	MessageRejected: groupMisc,
	Pickup:          groupSMTP | groupMisc,
	QueueActive:     groupSMTP | groupMisc,
	Removed:         groupSMTP | groupMisc,
	Expired:         groupSMTP | groupDelivery | groupMisc,
	Skipped:         groupMisc,

	Delivery:     groupPeers | groupSMTP | groupDelivery | groupMisc,
	Notification: groupSMTP | groupMisc,

	Postsuper:     groupSMTP | groupMisc,
	Anvil:         groupSMTP | groupDovecot | groupMisc,
	Scache:        groupSMTP | groupMisc,
	Master:        groupSMTP | groupMisc,
	PostfixScript: groupSMTP | groupMisc,
	Diagnostic:    groupAll,
	Verbose:       groupAll,
	SMTPTrace:     groupPeers | groupSMTP | groupMisc,

	DovecotLogin:       groupPeers | groupSMTP | groupTLS | groupDovecot | groupMisc,
	DovecotLoginFailed: groupPeers | groupSMTP | groupTLS | groupDovecot | groupMisc,
	DovecotAuthFailed:  groupPeers | groupSMTP | groupDovecot | groupMisc,
	DovecotSaved:       groupPeers | groupSMTP | groupDovecot | groupMisc,
	DovecotConnect:     groupPeers | groupSMTP | groupDovecot | groupMisc,
	DovecotDisconnect:  groupPeers | groupSMTP | groupDovecot | groupMisc,
	DovecotLogout:      groupPeers | groupSMTP | groupDovecot | groupMisc,
	PAMFailure:         groupPeers | groupSMTP | groupDovecot | groupMisc,
}

// markClean records in ev which groups its Kind leaves zero.
func (ev *Event) markClean() {
	if int(ev.Kind) < len(kindGroups) {
		ev.clean = ^kindGroups[ev.Kind]
	} else {
		ev.clean = 0
	}
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
