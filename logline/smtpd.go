package logline

import (
	"bytes"
)

// parseClientLine parses the text after "QID: client=":
// "name[addr][, sasl_method=M][, sasl_username=U][, sasl_sender=S][, orig_queue_id=ID][, orig_client=C]".
func parseClientLine(ev *Event, t []byte) {
	ev.Kind = ClientLine
	n := peerEnd(t)
	if n == 0 {
		n = bytes.IndexByte(t, ',')
		if n < 0 {
			n = len(t)
		}
	}
	ev.Client = parsePeer(t[:n])
	ev.OrigClient = nil
	rest := t[n:]
	// The values may contain ", " only in theory (a SASL user name); fields
	// are found by their keys in Postfix's order.
	keys := [...]string{", sasl_method=", ", sasl_username=", ", sasl_sender=", ", orig_queue_id=", ", orig_client="}
	var vals [len(keys)][]byte
	for k := 0; k < len(keys) && len(rest) > 0; k++ {
		v, ok := cutPrefix(rest, keys[k])
		if !ok {
			continue
		}
		// The value ends at the first later key; every key starts with
		// ", ", so look at each ", " in turn.
		end := len(v)
	find:
		for i := 0; i+1 < len(v); {
			j := bytes.IndexByte(v[i:], ',')
			if j < 0 {
				break
			}
			i += j
			for k2 := k + 1; k2 < len(keys); k2++ {
				if hasPrefix(v[i:], keys[k2]) {
					end = i
					break find
				}
			}
			i++
		}
		vals[k] = v[:end]
		rest = v[end:]
	}
	ev.SASLMethod, ev.SASLUsername, ev.SASLSender = vals[0], vals[1], vals[2]
	if len(vals[3]) > 0 {
		ev.RelatedID, _ = parseID(vals[3])
	}
	ev.OrigClient = vals[4]
}

// parseDisconnect parses "name[addr] ehlo=1 mail=1 ... commands=N/M".
func parseDisconnect(ev *Event, t []byte) {
	ev.Kind = Disconnect
	n := peerEnd(t)
	if n == 0 {
		n = bytes.IndexByte(t, ' ')
		if n < 0 {
			n = len(t)
		}
	}
	ev.Client = parsePeer(t[:n])
	rest := t[n:]
	for len(rest) > 0 && rest[0] == ' ' {
		rest = rest[1:]
		e := 0 // the names are short: a loop is cheaper than IndexByte
		for e < len(rest) && rest[e] != '=' {
			e++
		}
		if e == 0 || e == len(rest) {
			break
		}
		c := counter(rest[:e])
		rest = rest[e+1:]
		ok, k := atoi(rest)
		if k == 0 {
			break
		}
		total := ok
		rest = rest[k:]
		if len(rest) > 0 && rest[0] == '/' {
			tt, k2 := atoi(rest[1:])
			if k2 == 0 {
				break
			}
			total = tt
			rest = rest[1+k2:]
		}
		if c < NumCounters {
			ev.Commands.Set |= 1 << c
			ev.Commands.OK[c] = uint32(ok)
			ev.Commands.Total[c] = uint32(total)
		}
	}
}

// counter returns the counter of a name in counterNames, or NumCounters. A
// switch compiles to a few comparisons of constants, where a loop over
// counterNames would call memequal for every name of the same length.
func counter(name []byte) Counter {
	switch string(name) {
	case "helo":
		return CmdHelo
	case "ehlo":
		return CmdEhlo
	case "xclient":
		return CmdXclient
	case "xforward":
		return CmdXforward
	case "starttls":
		return CmdStarttls
	case "auth":
		return CmdAuth
	case "mail":
		return CmdMail
	case "rcpt":
		return CmdRcpt
	case "data":
		return CmdData
	case "bdat":
		return CmdBdat
	case "rset":
		return CmdRset
	case "noop":
		return CmdNoop
	case "vrfy":
		return CmdVrfy
	case "etrn":
		return CmdEtrn
	case "quit":
		return CmdQuit
	case "unknown":
		return CmdUnknown
	case "commands":
		return CmdCommands
	}
	return NumCounters
}

// parseAfter parses "CMD[ (N bytes)] from client" after "lost connection
// after ", "timeout after ", "too many errors after ".
func parseAfter(ev *Event, k Kind, t []byte) {
	i := index(t, " from ")
	if i <= 0 {
		return
	}
	cmd := t[:i]
	if j := index(cmd, " ("); j > 0 && hasSuffix(cmd, " bytes)") {
		n, c := atoi(cmd[j+2:])
		if c > 0 {
			ev.Count = int64(n)
		}
		cmd = cmd[:j]
	}
	ev.Kind = k
	ev.Command = cmd
	ev.Client = parsePeer(t[i+6:])
}

// parsePipelining parses "CMD from client[: text]".
func parsePipelining(ev *Event, t []byte) {
	i := index(t, " from ")
	if i <= 0 {
		return
	}
	ev.Kind = Pipelining
	ev.Command = t[:i]
	c := t[i+6:]
	n := peerEnd(c)
	if n == 0 {
		n = len(c)
	}
	ev.Client = parsePeer(c[:n])
	r := c[n:]
	if hasPrefix(r, ":") {
		r = r[1:]
		if hasPrefix(r, " ") {
			r = r[1:]
		}
	}
	ev.Text = r
}

// parseTLSConnection parses "Anonymous TLS connection established from
// client: TLSv1.3 with cipher C (256/256 bits)...". It reports whether m was
// such a line.
func parseTLSConnection(ev *Event, m []byte) bool {
	sp := bytes.IndexByte(m, ' ')
	if sp <= 0 || !hasPrefix(m[sp:], " TLS connection ") {
		return false
	}
	trust := m[:sp]
	switch string(trust) {
	case "Anonymous", "Untrusted", "Trusted", "Verified":
	default:
		return false
	}
	t := m[sp+16:]
	var reused bool
	switch {
	case hasPrefix(t, "established "):
		t = t[12:]
	case hasPrefix(t, "reused "):
		t, reused = t[7:], true
	default:
		return false
	}
	from := true
	switch {
	case hasPrefix(t, "from "):
		t = t[5:]
	case hasPrefix(t, "to "):
		t, from = t[3:], false
	default:
		return false
	}
	n := peerEnd(t)
	if n == 0 {
		return false
	}
	peer := parsePeer(t[:n])
	rest := t[n:]
	// The server side may add " to <sni>" after the peer.
	if r, ok := cutPrefix(rest, " to "); ok {
		if k := bytes.IndexByte(r, ':'); k > 0 {
			rest = r[k:]
		}
	}
	rest, _ = cutPrefix(rest, ": ")
	ev.Kind = TLSConnection
	if from {
		ev.Client = peer
	} else {
		ev.Relay = peer
	}
	ev.TLS.Trust = trust
	ev.TLS.Reused = reused
	ev.Text = rest
	if k := index(rest, " with cipher "); k > 0 {
		ev.TLS.Protocol = rest[:k]
		c := rest[k+13:]
		e := bytes.IndexByte(c, ' ')
		if e < 0 {
			e = len(c)
		}
		ev.TLS.Cipher = c[:e]
		if b, ok := cutPrefix(c[e:], " ("); ok {
			ev.TLS.Bits, _ = atoi(b)
		}
	}
	return true
}

// parseTLSError parses "client: reason" after "SSL_accept error from ".
func parseTLSError(ev *Event, t []byte) {
	n := peerEnd(t)
	if n == 0 {
		return
	}
	ev.Kind = TLSError
	ev.Client = parsePeer(t[:n])
	r, _ := cutPrefix(t[n:], ": ")
	ev.Text = r
}

// parseConnectFailed parses "host[addr]:port: reason" after "connect to ".
func parseConnectFailed(ev *Event, t []byte) {
	n := peerEnd(t)
	if n == 0 || !hasPrefix(t[n:], ": ") {
		return
	}
	ev.Kind = ConnectFailed
	ev.Relay = parsePeer(t[:n])
	ev.Text = t[n+2:]
}

// parseSMTPAction parses "CMD from CLIENT: REPLY; from=<s> to=<r> proto=P
// helo=<h>" after "NOQUEUE: ACTION: " or "QID: ACTION: " (spec §2.5).
func parseSMTPAction(ev *Event, action, t []byte) {
	i := index(t, " from ")
	if i <= 0 || bytes.IndexByte(t[:i], ' ') >= 0 && !hasPrefix(t, "DATA content") {
		return
	}
	c := t[i+6:]
	n := peerEnd(c)
	if n == 0 {
		return
	}
	ev.Kind = SMTPAction
	ev.Action = action
	ev.Command = t[:i]
	ev.Client = parsePeer(c[:n])
	rest := c[n:]
	if r, ok := cutPrefix(rest, ": "); ok {
		rest = r
	} else if r, ok := cutPrefix(rest, ":"); ok {
		rest = r
	}
	text, _ := splitTrailer(ev, rest)
	ev.Reply, ev.Text = reply(text)
}

// splitTrailer finds the "; from=<s> to=<r> proto=P helo=<h>" trailer of a
// log_whatsup line (postscreen separates the fields with ", "), fills in
// From, To, Proto and Helo, and returns the text before it and the text
// after it.
func splitTrailer(ev *Event, b []byte) (text, after []byte) {
	// The trailer starts at the first "; " followed by a key from which the
	// rest parses as a trailer.
	for off := 0; ; {
		k := index(b[off:], ";")
		if k < 0 {
			return b, nil
		}
		k += off
		off = k + 1
		r := b[k+1:]
		if len(r) == 0 {
			return b[:k], r
		}
		if r[0] == ':' { // cleanup: "from local;: text"
			return b[:k], r
		}
		if r[0] != ' ' {
			continue
		}
		r = r[1:]
		if !(hasPrefix(r, "from=") || hasPrefix(r, "to=") || hasPrefix(r, "proto=") || hasPrefix(r, "helo=")) {
			continue
		}
		var env envelope
		if after, ok := parseTrailer(&env, r); ok {
			ev.From, ev.To, ev.Proto, ev.Helo = env.From, env.To, env.Proto, env.Helo
			return b[:k], after
		}
	}
}

// envelope holds the fields of a log_whatsup trailer.
type envelope struct {
	From, To, Proto, Helo []byte
}

// parseTrailer parses "from=<s> to=<r> proto=P helo=<h>" (any may be
// missing; separators " " or ", "), followed by the end or ": text", into
// ev. It sets ev only when it returns ok.
func parseTrailer(ev *envelope, r []byte) (after []byte, ok bool) {
	var from, to, proto, helo []byte
	var haveFrom, haveTo bool
	sep := " "
	for first := true; len(r) > 0; first = false {
		if !first {
			switch {
			case hasPrefix(r, ", "):
				sep = ", "
				r = r[2:]
			case r[0] == ' ':
				r = r[1:]
			case r[0] == ':':
				ev.From, ev.To, ev.Proto, ev.Helo = from, to, proto, helo
				if haveFrom && from == nil {
					ev.From = r[:0]
				}
				if haveTo && to == nil {
					ev.To = r[:0]
				}
				r = r[1:]
				if len(r) > 0 && r[0] == ' ' {
					r = r[1:]
				}
				return r, true
			default:
				return nil, false
			}
		}
		seps := [...]string{" to=", " proto=", " helo=", ", to=", ", proto=", ", helo=", ":"}
		switch {
		case hasPrefix(r, "from="):
			v, n := value(r[5:], seps[:])
			from, haveFrom = v, true
			r = r[5+n:]
		case hasPrefix(r, "to="):
			v, n := value(r[3:], seps[1:])
			to, haveTo = v, true
			r = r[3+n:]
		case hasPrefix(r, "proto="):
			v, n := value(r[6:], seps[2:])
			proto = v
			r = r[6+n:]
		case hasPrefix(r, "helo="):
			v, n := value(r[5:], seps[6:])
			helo = v
			r = r[5+n:]
		default:
			return nil, false
		}
		_ = sep
	}
	ev.From, ev.To, ev.Proto, ev.Helo = from, to, proto, helo
	if haveFrom && from == nil {
		ev.From = r[:0]
	}
	if haveTo && to == nil {
		ev.To = r[:0]
	}
	return r, true
}

// value reads a field value: "<...>" up to the '>' followed by the end or a
// separator, or a bare word up to a separator.
func value(b []byte, seps []string) ([]byte, int) {
	if v, n := angle(b, seps...); n > 0 {
		return v, n
	}
	for i := 0; i < len(b); i++ {
		for _, s := range seps {
			if hasPrefix(b[i:], s) {
				return b[:i], i
			}
		}
	}
	return b, len(b)
}
