package logline

import "strconv"

// Kind says what a log line reports. Each constant lists the Event fields it
// sets besides the prefix fields (Time, Host, Tag, SyslogName, Program, PID,
// Severity, Message), which every Kind has, and QueueID/NoQueue, which are set
// whenever the message starts with a queue ID or NOQUEUE.
type Kind uint16

// Kinds of log lines (spec: postfix.md section 7).
const (
	// Unknown is a valid syslog line whose message is not recognised. Text
	// holds the message (after severity and queue ID).
	Unknown Kind = iota

	// smtpd (and other SMTP servers: qmqpd, submission, ...)

	Connect          // "connect from name[addr]": Client
	Disconnect       // "disconnect from name[addr] ehlo=1 ... commands=N/M": Client, Commands
	ClientLine       // "QID: client=name[addr], sasl_method=..": Client, SASLMethod, SASLUsername, SASLSender, RelatedID (orig_queue_id), OrigClient
	SMTPAction       // "NOQUEUE|QID: ACTION: CMD from client: REPLY; from=<> to=<> proto= helo=<>": Action, Command, Client, Reply, Text, From, To, Proto, Helo (also postscreen, cleanup milter lines)
	SASLFailed       // "warning: client: SASL LOGIN authentication failed: REASON[, sasl_username=U]": Client, SASLMethod, Text (reason), SASLUsername
	SASLAborted      // "warning: client: SASL LOGIN authentication aborted": Client, SASLMethod
	LostConnection   // "lost connection after CMD[ (N bytes)] from client": Command, Count (bytes), Client
	Timeout          // "timeout after CMD[ (N bytes)] from client": Command, Count, Client
	TooManyErrors    // "too many errors after CMD from client": Command, Count, Client
	Pipelining       // "improper command pipelining after CMD from client: TEXT": Command, Client, Text
	NonSMTP          // "warning: non-SMTP command from client: TEXT": Client, Text
	TLSConnection    // "Anonymous TLS connection established from|to peer: TLSv1.3 with cipher ...": TLS, Client (from) or Relay (to), Text (details)
	TLSError         // "SSL_accept error from client: REASON", "TLS handshake failed for service=S peer=P", "warning: TLS library problem: ...": Client, Service, Text
	HostnameMismatch // "warning: hostname H does not resolve to address A[: REASON]", "warning: A: address not listed for hostname H", "... hostname H verification failed: ...": Client (Name=H, Addr=A), Text
	RateLimit        // "warning: Connection rate limit exceeded: N from client for service S": Action (limit name), Count, Client, Service
	ConnectFailed    // smtp/lmtp "connect to host[addr]:port: REASON": Relay, Text

	// postscreen, tlsproxy, dnsblog

	ScreenConnect    // postscreen/tlsproxy "CONNECT from [addr]:port[ to [addr]:port]": Client, Server
	ScreenPass       // "PASS NEW|OLD [addr]:port": Action ("NEW", "OLD"), Client
	ScreenPregreet   // "PREGREET N after S from [addr]:port: TEXT": Count, Duration, Client, Text
	ScreenHangup     // "HANGUP after S from [addr]:port in STAGE": Duration, Client, Text (stage)
	ScreenDisconnect // postscreen/tlsproxy "DISCONNECT [addr]:port": Client
	ScreenDNSBL      // "DNSBL rank N for [addr]:port": Count, Client
	ScreenListed     // "ALLOWLISTED|DENYLISTED|WHITELISTED|BLACKLISTED|ALLOWLIST VETO|WHITELIST VETO [addr]:port": Action, Client
	ScreenViolation  // "BARE NEWLINE|COMMAND PIPELINING|NON-SMTP COMMAND|COMMAND TIME/COUNT/LENGTH LIMIT from [addr]:port after CMD[: TEXT]", "DATA|BDAT without valid RCPT from ...": Action, Client, Command, Text
	ScreenCache      // "cache btree:/path full cleanup: retained=N dropped=M entries": Text (table), Count (retained)
	DNSBLListed      // dnsblog "addr A listed by domain D as R": Client (Addr), Text (domain), Action (reply address)

	// cleanup, pickup, qmgr

	MessageID       // "QID: message-id=<ID>": MessageID
	ResentMessageID // "QID: resent-message-id=<ID>": MessageID
	HeaderCheck     // "QID: ACTION: header|body|content TEXT from ORIGIN; from=<> to=<> proto= helo=<>[: REASON]", "QID: reject: mime-error ...": Action, Context, Text (the logged header or body text), Client (origin), From, To, Proto, Helo, Reply (with just an enhanced code, if the reason starts with one), OrigClient (the reason)
	MessageRejected // cleanup "warning: QID: message rejected: REASON": Text
	Pickup          // "QID: uid=N from=<S>[ orig_id=ID]": UID, From, RelatedID
	QueueActive     // qmgr "QID: from=<S>, size=N, nrcpt=M (queue active)": From, Size, Nrcpt
	Removed         // qmgr "QID: removed": -
	Expired         // qmgr "QID: from=<S>, status=expired, returned to sender": From, Status, Text
	Skipped         // qmgr "QID: skipped, still being delivered": Text

	// delivery agents

	Delivery     // "QID: to=<R>, orig_to=<O>, relay=R, conn_use=N, delay=D, delays=a/b/c/d, dsn=X.Y.Z, status=S (TEXT)": To, OrigTo, Relay, ConnUse, Delay, Delays, DSN, Status, Text (status text)
	Notification // bounce "QID: sender non-delivery notification: NEWQID": Action ("sender non-delivery", "postmaster delay", ...), RelatedID

	// administration

	Postsuper     // "QID: released from hold|placed on hold|requeued|removed", "Deleted: N messages": Action, Count
	Anvil         // anvil "statistics: max connection rate 1/60s for (svc:addr) at TIME", "max cache size N at TIME": Action (statistic), Count, Duration (rate interval), Service (the ident), Text (the time text)
	Scache        // scache "statistics: ...": Action ("start interval", "domain lookup", "address lookup", ...), Text
	Master        // master "daemon started|reload -- version V, configuration C", "terminating on signal N": Action, Text (version), Context (configuration directory)
	PostfixScript // postfix-script "starting|refreshing|stopping the Postfix mail system": Action
	Diagnostic    // a Postfix warning:, error:, fatal: or panic: whose text is not otherwise recognised: Severity, Text
	Verbose       // a verbose (-v, debug_peer_list) trace line: Action (the C function or trace keyword, if any), Text
	SMTPTrace     // verbose SMTP conversation "< client: COMMAND" (Action "<") or "> client: REPLY" (Action ">"): Action, Client, Text

	// Dovecot

	DovecotLogin       // "imap-login: Login: user=<U>, method=M, rip=A, lip=B, mpid=N, TLS, session=<S>": Service, User, Method, Client, Server, MPID, TLS (Trust "TLS"/"secured"), Session
	DovecotLoginFailed // "imap-login: Disconnected|Aborted login ...(auth failed, N attempts in S secs): user=<U>, ...": Service, Text (reason), Action (the parenthesised reason), Count (attempts), Duration, User, Method, Client, Server, Session
	DovecotAuthFailed  // "auth: passwd-file(user,ip[,<session>]): unknown user", "auth-worker(N): ... pam(user,ip): pam_authenticate() failed: ...": Service (auth or auth-worker), Method (the passdb), User, Client, Session, Text
	DovecotSaved       // lmtp/lda "lmtp(user)<pid><session>: msgid=<M>: saved mail to MAILBOX": Service, User, MPID, Session, MessageID, Mailbox, Text
	DovecotConnect     // "lmtp(pid): Connect from local|IP": Service, MPID, Client
	DovecotDisconnect  // "lmtp(pid): Disconnect from local|IP: REASON": Service, MPID, Client, Text
	DovecotLogout      // "imap(user)<pid><session>: Disconnected: Logged out in=.. out=..", pop3 "... top=0/0, retr=...": Service, User, MPID, Session, Text (the counters)
	PAMFailure         // "pam_unix(dovecot:auth): authentication failure; logname= uid=0 ... rhost=A user=U": Service (the PAM service), User, Client, Text

	numKinds
)

var kindNames = [numKinds]string{
	Unknown:            "unknown",
	Connect:            "connect",
	Disconnect:         "disconnect",
	ClientLine:         "client",
	SMTPAction:         "smtp_action",
	SASLFailed:         "sasl_failed",
	SASLAborted:        "sasl_aborted",
	LostConnection:     "lost_connection",
	Timeout:            "timeout",
	TooManyErrors:      "too_many_errors",
	Pipelining:         "pipelining",
	NonSMTP:            "non_smtp_command",
	TLSConnection:      "tls_connection",
	TLSError:           "tls_error",
	HostnameMismatch:   "hostname_mismatch",
	RateLimit:          "rate_limit",
	ConnectFailed:      "connect_failed",
	ScreenConnect:      "screen_connect",
	ScreenPass:         "screen_pass",
	ScreenPregreet:     "screen_pregreet",
	ScreenHangup:       "screen_hangup",
	ScreenDisconnect:   "screen_disconnect",
	ScreenDNSBL:        "screen_dnsbl",
	ScreenListed:       "screen_listed",
	ScreenViolation:    "screen_violation",
	ScreenCache:        "screen_cache",
	DNSBLListed:        "dnsbl_listed",
	MessageID:          "message_id",
	ResentMessageID:    "resent_message_id",
	HeaderCheck:        "header_check",
	MessageRejected:    "message_rejected",
	Pickup:             "pickup",
	QueueActive:        "queue_active",
	Removed:            "removed",
	Expired:            "expired",
	Skipped:            "skipped",
	Delivery:           "delivery",
	Notification:       "notification",
	Postsuper:          "postsuper",
	Anvil:              "anvil",
	Scache:             "scache",
	Master:             "master",
	PostfixScript:      "postfix_script",
	Diagnostic:         "diagnostic",
	Verbose:            "verbose",
	SMTPTrace:          "smtp_trace",
	DovecotLogin:       "dovecot_login",
	DovecotLoginFailed: "dovecot_login_failed",
	DovecotAuthFailed:  "dovecot_auth_failed",
	DovecotSaved:       "dovecot_saved",
	DovecotConnect:     "dovecot_connect",
	DovecotDisconnect:  "dovecot_disconnect",
	DovecotLogout:      "dovecot_logout",
	PAMFailure:         "pam_failure",
}

// String returns the kind's name as used in JSON output ("smtp_action").
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Kinds returns every Kind, Unknown first.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// ParseKind returns the Kind named s (as returned by Kind.String).
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return Unknown, false
}
