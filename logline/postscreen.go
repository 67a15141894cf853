package logline

import "bytes"

// parseScreen handles postscreen and tlsproxy messages (spec §7.3).
func parseScreen(ev *Event, m []byte) {
	switch {
	case hasPrefix(m, "CONNECT from "):
		t := m[13:]
		n := peerEnd(t)
		if n == 0 {
			return
		}
		ev.Kind = ScreenConnect
		ev.Client = parsePeer(t[:n])
		if s, ok := cutPrefix(t[n:], " to "); ok {
			ev.Server = parsePeer(s)
		}
	case hasPrefix(m, "PASS NEW ") || hasPrefix(m, "PASS OLD "):
		ev.Kind = ScreenPass
		ev.Action = m[5:8]
		ev.Client = parsePeer(m[9:])
	case hasPrefix(m, "DISCONNECT "):
		ev.Kind = ScreenDisconnect
		ev.Client = parsePeer(m[11:])
	case hasPrefix(m, "PREGREET "):
		// PREGREET <bytes> after <seconds> from [ip]:port: <text>
		t := m[9:]
		n, c := atoi(t)
		if c == 0 || !hasPrefix(t[c:], " after ") {
			return
		}
		d, peer, rest, ok := durationFromPeer(t[c+7:])
		if !ok {
			return
		}
		ev.Kind = ScreenPregreet
		ev.Count = int64(n)
		ev.Duration = durationOf(d)
		ev.Client = parsePeer(peer)
		ev.Text, _ = cutPrefix(rest, ": ")
	case hasPrefix(m, "HANGUP after "):
		d, peer, rest, ok := durationFromPeer(m[13:])
		if !ok {
			return
		}
		ev.Kind = ScreenHangup
		ev.Duration = durationOf(d)
		ev.Client = parsePeer(peer)
		ev.Text, _ = cutPrefix(rest, " in ")
	case hasPrefix(m, "DNSBL rank "):
		t := m[11:]
		n, c := atoi(t)
		if c == 0 || !hasPrefix(t[c:], " for ") {
			return
		}
		ev.Kind = ScreenDNSBL
		ev.Count = int64(n)
		ev.Client = parsePeer(t[c+5:])
	default:
		for _, w := range [...]string{"ALLOWLISTED ", "DENYLISTED ", "WHITELISTED ", "BLACKLISTED ", "ALLOWLIST VETO ", "WHITELIST VETO ", "DENYLIST VETO ", "BLACKLIST VETO "} {
			if hasPrefix(m, w) {
				ev.Kind = ScreenListed
				ev.Action = m[:len(w)-1]
				ev.Client = parsePeer(m[len(w):])
				return
			}
		}
		// "<WHAT> from [ip]:port after CMD[: text]" and
		// "DATA without valid RCPT from [ip]:port".
		i := index(m, " from ")
		if i <= 0 {
			return
		}
		what := m[:i]
		for _, c := range what {
			if !(c >= 'A' && c <= 'Z' || c == ' ' || c == '-' || c >= 'a' && c <= 'z') {
				return
			}
		}
		t := m[i+6:]
		e := peerEnd(t)
		if e == 0 {
			return
		}
		ev.Kind = ScreenViolation
		ev.Action = what
		ev.Client = parsePeer(t[:e])
		r := t[e:]
		if a, ok := cutPrefix(r, " after "); ok {
			cmd, text, found := cut(a, ": ")
			ev.Command = cmd
			if found {
				ev.Text = text
			}
		} else if len(r) > 0 {
			ev.Text, _ = cutPrefix(r, ": ")
		}
	}
}

// parseScreenCache parses "cache btree:/path full cleanup: retained=N dropped=M entries".
func parseScreenCache(ev *Event, m []byte) {
	t := m[6:]
	k := bytes.IndexByte(t, ' ')
	if k <= 0 {
		return
	}
	ev.Kind = ScreenCache
	ev.Text = t[:k]
	if i := index(t, "retained="); i > 0 {
		n, _ := atoi(t[i+9:])
		ev.Count = int64(n)
	}
	ev.Reason = t[k+1:]
}

// parseDNSBLListed parses dnsblog's "A listed by domain D as R" after "addr ".
func parseDNSBLListed(ev *Event, t []byte) {
	a, rest, ok := cut(t, " listed by domain ")
	if !ok {
		return
	}
	addr, ok := parseAddr(a)
	if !ok {
		return
	}
	ev.Kind = DNSBLListed
	ev.Client.Addr = addr
	d, as, _ := cut(rest, " as ")
	ev.Text = d
	ev.Action = as
}

// durationFromPeer reads "<seconds> from <peer>" at the start of t, as in
// postscreen's PREGREET and HANGUP lines, and returns the duration, the
// peer text and what follows it.
func durationFromPeer(t []byte) (d int64, peer, rest []byte, ok bool) {
	d, k := parseDuration(t)
	if k == 0 || !hasPrefix(t[k:], " from ") {
		return 0, nil, nil, false
	}
	t = t[k+6:]
	e := peerEnd(t)
	if e == 0 {
		return 0, nil, nil, false
	}
	return d, t[:e], t[e:], true
}
