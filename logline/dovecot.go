package logline

import (
	"bytes"
	"time"
)

// isDovecot reports whether the line comes from Dovecot: syslog ident
// "dovecot" (or "dovecot-auth"), or a Dovecot log file / multilog line whose
// tag is the process prefix ("imap-login", "auth-worker(123)").
func isDovecot(ev *Event) bool {
	switch string(ev.Program) {
	case "dovecot", "dovecot-auth":
		return true
	}
	if len(ev.SyslogName) > 0 {
		return false
	}
	if ev.Format == FormatDovecot || ev.Format == FormatTAI64N || string(ev.Program) == "auth" {
		return dovecotProcess(ev.Program)
	}
	return false
}

// dovecotProcess reports whether the process prefix names a Dovecot process.
func dovecotProcess(p []byte) bool {
	k := bytes.IndexAny(p, "(<")
	if k >= 0 {
		p = p[:k]
	}
	switch string(p) {
	case "imap-login", "pop3-login", "submission-login", "managesieve-login", "lmtp-login",
		"auth", "auth-worker", "lmtp", "lda", "imap", "pop3", "submission", "managesieve",
		"master", "config", "log", "anvil", "stats", "indexer", "indexer-worker", "doveadm", "quota-status", "dict":
		return true
	}
	return false
}

// parseDovecot handles Dovecot messages (spec §7.8).
func parseDovecot(ev *Event) {
	m := ev.Message
	var proc []byte
	if string(ev.Program) == "dovecot" || string(ev.Program) == "dovecot-auth" {
		m, _ = cutPrefix(m, "dovecot: ")
		if hasPrefix(m, "pam_unix(") {
			parsePAM(ev, m)
			return
		}
		// The process prefix: "imap-login: ", "auth-worker(123): ",
		// "lmtp(user)<pid><session>: ".
		k := processEnd(m)
		if k < 0 {
			ev.Text = m
			return
		}
		proc, m = m[:k], m[k+2:]
	} else {
		proc = ev.Tag
		if hasPrefix(m, "pam_unix(") {
			parsePAM(ev, m)
			return
		}
	}
	// Level.
	switch {
	case hasPrefix(m, "Info: "):
		m = m[6:]
	case hasPrefix(m, "Warning: "):
		ev.Severity, m = Warning, m[9:]
	case hasPrefix(m, "Error: "):
		ev.Severity, m = Error, m[7:]
	case hasPrefix(m, "Fatal: "):
		ev.Severity, m = Fatal, m[7:]
	case hasPrefix(m, "Panic: "):
		ev.Severity, m = Panic, m[7:]
	case hasPrefix(m, "Debug: "):
		m = m[7:]
	}
	ev.Text = m
	// Split the process prefix: name, "(pid|user)", "<pid>", "<session>".
	name := proc
	var paren, pid, sess []byte
	if k := bytes.IndexAny(proc, "(<"); k >= 0 {
		name = proc[:k]
		r := proc[k:]
		if r[0] == '(' {
			if j := bytes.IndexByte(r, ')'); j > 0 {
				paren, r = r[1:j], r[j+1:]
			}
		}
		if len(r) > 0 && r[0] == '<' {
			if j := bytes.IndexByte(r, '>'); j > 0 {
				pid, r = r[1:j], r[j+1:]
			}
		}
		if len(r) > 0 && r[0] == '<' {
			if j := bytes.IndexByte(r, '>'); j > 0 {
				sess = r[1:j]
			}
		}
	}
	ev.Service = name
	switch {
	case hasSuffix(name, "-login"):
		parseDovecotLogin(ev, m)
	case string(name) == "auth" || string(name) == "auth-worker":
		if pid, n := atoi(paren); n > 0 && n == len(paren) {
			ev.MPID = pid
		}
		if hasPrefix(m, "pam_unix(") {
			parsePAM(ev, m)
			return
		}
		parseDovecotAuth(ev, m)
	default:
		// Mail processes: "lmtp(user)<pid><session>: ", "lmtp(pid): ".
		if n, k := atoi(paren); k > 0 && k == len(paren) && pid == nil {
			ev.MPID = n
		} else {
			ev.User = paren
			ev.MPID, _ = atoi(pid)
		}
		ev.Session = sess
		parseDovecotMail(ev, m)
	}
}

// procSpecial marks the bytes that processEnd looks at.
var procSpecial = [256]bool{'(': true, '<': true, ')': true, '>': true, ' ': true, ':': true}

// processEnd returns the index of the ": " that ends a Dovecot process prefix
// at the start of m, or -1.
func processEnd(m []byte) int {
	depth := byte(0)
	for i := 0; i < len(m); i++ {
		if !procSpecial[m[i]] {
			continue
		}
		switch c := m[i]; c {
		case '(', '<':
			if depth != 0 {
				continue
			}
			if c == '(' {
				depth = ')'
			} else {
				depth = '>'
			}
		case ')', '>':
			if depth == c {
				depth = 0
			}
		case ' ':
			if depth == 0 {
				return -1
			}
		case ':':
			if depth == 0 {
				if i > 0 && i+1 < len(m) && m[i+1] == ' ' {
					return i
				}
				return -1
			}
		}
	}
	return -1
}

// parseDovecotLogin parses a login process message.
func parseDovecotLogin(ev *Event, m []byte) {
	if f, ok := cutPrefix(m, "Login: "); ok {
		ev.Kind = DovecotLogin
		dovecotFields(ev, f)
		return
	}
	// "REASON[ (DETAIL)]: fields", where fields start with user=<, method=,
	// rip= or lip=.
	head, fields := m, []byte(nil)
	for _, k := range [...]string{": user=<", ": method=", ": rip=", ": lip="} {
		if i := index(m, k); i >= 0 && (fields == nil || i < len(head)) {
			head, fields = m[:i], m[i+2:]
		}
	}
	if fields == nil {
		return
	}
	ev.Kind = DovecotLoginFailed
	reason := head
	if hasSuffix(head, ")") {
		if i := bytes.LastIndex(head, []byte(" (")); i >= 0 {
			reason = head[:i]
			ev.Action = head[i+2 : len(head)-1]
		} else if head[0] == '(' {
			reason, ev.Action = head[:0], head[1:len(head)-1]
		}
	}
	ev.Reason = reason
	// "(auth failed, 3 attempts in 15 secs)", "(no auth attempts in 10 secs)",
	// "(disconnected before auth was ready, waited 0 secs)".
	a := ev.Action
	if i := index(a, ", "); i >= 0 {
		if n, k := atoi(a[i+2:]); k > 0 && hasPrefix(a[i+2+k:], " attempt") {
			ev.Count = int64(n)
		}
	}
	if i := index(a, " in "); i >= 0 {
		if n, k := atoi(a[i+4:]); k > 0 && hasPrefix(a[i+4+k:], " sec") {
			ev.Duration = time.Duration(n) * time.Second
		}
	} else if i := index(a, "waited "); i >= 0 {
		if n, k := atoi(a[i+7:]); k > 0 {
			ev.Duration = time.Duration(n) * time.Second
		}
	}
	dovecotFields(ev, fields)
}

// dovecotFields parses login_log_format_elements: "user=<U>, method=M,
// rip=A, lip=B, mpid=N, TLS, session=<S>".
func dovecotFields(ev *Event, f []byte) {
	for len(f) > 0 {
		var el []byte
		switch {
		case hasPrefix(f, "user=<"), hasPrefix(f, "session=<"):
			k := bytes.IndexByte(f, '<')
			v, n := angle(f[k:], ", ")
			if n == 0 {
				el, f = f, nil
			} else {
				el, f = f[:k+n], f[k+n:]
				if f[0:0] != nil && hasPrefix(f, ", ") {
					f = f[2:]
				}
				if string(el[:k]) == "user=" {
					ev.User = v
				} else {
					ev.Session = v
				}
				f, _ = cutPrefix(f, ", ")
				continue
			}
		default:
			k := index(f, ", ")
			if k < 0 {
				el, f = f, nil
			} else {
				el, f = f[:k], f[k+2:]
			}
		}
		switch {
		case hasPrefix(el, "method="):
			ev.Method = el[7:]
		case hasPrefix(el, "rip="):
			ev.Client = parseHostPort(el[4:])
		case hasPrefix(el, "lip="):
			ev.Server = parseHostPort(el[4:])
		case hasPrefix(el, "mpid="):
			ev.MPID, _ = atoi(el[5:])
		case hasPrefix(el, "session=<"):
			ev.Session = trimAngle(el[8:])
		case hasPrefix(el, "user=<"):
			ev.User = trimAngle(el[5:])
		case string(el) == "TLS" || string(el) == "secured" || string(el) == "TLS handshaking":
			ev.TLS.Trust = el
		case hasPrefix(el, "TLS: ") || hasPrefix(el, "TLS handshaking: "):
			k := bytes.IndexByte(el, ':')
			ev.TLS.Trust = el[:k]
		default:
			if k := index(el, " with cipher "); k > 0 && hasPrefix(el, "TLSv") {
				ev.TLS.Protocol = el[:k]
				c := el[k+13:]
				e := bytes.IndexByte(c, ' ')
				if e < 0 {
					e = len(c)
				}
				ev.TLS.Cipher = c[:e]
				if b, ok := cutPrefix(c[e:], " ("); ok {
					ev.TLS.Bits, _ = atoi(b)
				}
			}
		}
	}
}

// parseDovecotAuth finds "passdb(user,ip[,...]): message" in an auth or
// auth-worker message.
func parseDovecotAuth(ev *Event, m []byte) {
	for off := 0; off < len(m); {
		i := index(m[off:], "): ")
		if i < 0 {
			return
		}
		i += off
		off = i + 3
		open := bytes.LastIndexByte(m[:i], '(')
		if open <= 0 {
			continue
		}
		s := open
		for s > 0 && (m[s-1] >= 'a' && m[s-1] <= 'z' || m[s-1] >= '0' && m[s-1] <= '9' || m[s-1] == '-' || m[s-1] == '_') {
			s--
		}
		if s == open || s > 0 && m[s-1] != ' ' {
			continue
		}
		args := m[open+1 : i]
		c := bytes.IndexByte(args, ',')
		if c < 0 {
			continue
		}
		text := m[i+3:]
		if !authFailure(text) {
			return
		}
		ev.Kind = DovecotAuthFailed
		ev.Method = m[s:open]
		ev.User = args[:c]
		rest := args[c+1:]
		ip := rest
		if k := bytes.IndexByte(rest, ','); k >= 0 {
			ip = rest[:k]
			tail := rest[k+1:]
			for len(tail) > 0 {
				var el []byte
				if j := bytes.IndexByte(tail, ','); j >= 0 {
					el, tail = tail[:j], tail[j+1:]
				} else {
					el, tail = tail, nil
				}
				if len(el) >= 2 && el[0] == '<' && el[len(el)-1] == '>' {
					ev.Session = el[1 : len(el)-1]
				}
			}
		}
		if a, ok := parseAddr(ip); ok {
			ev.Client.Addr = a
		}
		ev.Text = text
		return
	}
}

func authFailure(t []byte) bool {
	for _, w := range [...]string{"unknown user", "mismatch", "failed", "invalid", "denied", "failure", "disabled", "expired"} {
		if index(t, w) >= 0 {
			return true
		}
	}
	return false
}

// parsePAM parses "pam_unix(dovecot:auth): authentication failure; logname=
// uid=0 euid=0 tty=dovecot ruser=U rhost=A[  user=U]".
func parsePAM(ev *Event, m []byte) {
	j := bytes.IndexByte(m, ')')
	if j < 0 || !hasPrefix(m[j:], "): authentication failure;") {
		return
	}
	ev.Kind = PAMFailure
	ev.Service = m[9:j]
	t := m[j+3:]
	ev.Text = t
	if i := index(t, " rhost="); i >= 0 {
		v := t[i+7:]
		if k := bytes.IndexByte(v, ' '); k >= 0 {
			v = v[:k]
		}
		ev.Client = parseHostPort(v)
	}
	if i := index(t, " user="); i >= 0 {
		v := t[i+6:]
		if k := bytes.IndexByte(v, ' '); k >= 0 {
			v = v[:k]
		}
		ev.User = v
	} else if i := index(t, " ruser="); i >= 0 {
		v := t[i+7:]
		if k := bytes.IndexByte(v, ' '); k >= 0 {
			v = v[:k]
		}
		ev.User = v
	}
}

// parseDovecotMail parses lmtp/lda/imap/pop3 messages after the prefix.
func parseDovecotMail(ev *Event, m []byte) {
	switch {
	case hasPrefix(m, "Connect from "):
		ev.Kind = DovecotConnect
		ev.Client = parseHostPort(m[13:])
		return
	case hasPrefix(m, "Disconnect from "):
		ev.Kind = DovecotDisconnect
		who, reason, _ := cut(m[16:], ": ")
		ev.Client = parseHostPort(who)
		ev.Text = reason
		return
	case hasPrefix(m, "msgid="):
		// msgid=<M>: saved mail to MAILBOX | stored mail into mailbox 'MAILBOX'
		v, n := angle(m[6:], ": ")
		r := m[6+n:]
		if n == 0 {
			k := index(m, ": ")
			if k < 0 {
				return
			}
			v, r = m[6:k], m[k:]
		}
		r, _ = cutPrefix(r, ": ")
		if b, ok := cutPrefix(r, "saved mail to "); ok {
			ev.Mailbox = b
		} else if b, ok := cutPrefix(r, "stored mail into mailbox "); ok {
			ev.Mailbox = trimQuotes(b)
		} else {
			return
		}
		ev.Kind = DovecotSaved
		ev.MessageID = v
		ev.Text = r
		return
	case hasPrefix(m, "saved mail to "):
		ev.Kind = DovecotSaved
		ev.Mailbox = m[14:]
		return
	}
	r, _ := cutPrefix(m, "Disconnected: ")
	if hasPrefix(r, "Logged out") || hasPrefix(r, "Disconnected") || hasPrefix(m, "Disconnected: ") || hasPrefix(m, "Disconnected for ") {
		ev.Kind = DovecotLogout
		// Reason, then the counters ("in=.. out=.." or "top=0/0, retr=...").
		k := len(r)
		for _, key := range [...]string{" in=", " top=", " bytes="} {
			if i := index(r, key); i >= 0 && i < k {
				k = i
			}
		}
		ev.Reason = r[:k]
		if k < len(r) {
			ev.Text = r[k+1:]
		} else {
			ev.Text = r[k:]
		}
	}
}

func trimQuotes(b []byte) []byte {
	if len(b) >= 2 && b[0] == '\'' && b[len(b)-1] == '\'' {
		return b[1 : len(b)-1]
	}
	return b
}
