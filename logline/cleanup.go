package logline

import (
	"bytes"
	"time"
)

// parseHeaderCheck parses a cleanup header/body check line after "QID: ACTION: "
// (spec §5.4): "header|body|content TEXT from ORIGIN; from=<s> to=<r>
// proto=P helo=<h>[: REASON]", and MIME errors "mime-error ERROR: LINE from
// ORIGIN; from=<s> to=<r>". It reports whether t had that shape.
func parseHeaderCheck(ev *Event, action, t []byte) bool {
	var ctx []byte
	for _, c := range [...]string{"header ", "body ", "content ", "mime-error "} {
		if hasPrefix(t, c) {
			ctx = t[:len(c)-1]
			break
		}
	}
	if ctx == nil {
		return false
	}
	body := t[len(ctx)+1:]
	// Find " from ORIGIN;" where ORIGIN is a peer or "local" and the rest is
	// a trailer.
	for off := 0; ; {
		i := index(body[off:], " from ")
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		o := body[i+6:]
		semi := bytes.IndexByte(o, ';')
		if semi <= 0 || bytes.IndexByte(o[:semi], ' ') >= 0 {
			continue
		}
		var e Event
		r := o[semi+1:]
		var reason []byte
		switch {
		case len(r) == 0:
		case r[0] == ':':
			reason = r[1:]
			if len(reason) > 0 && reason[0] == ' ' {
				reason = reason[1:]
			}
		case r[0] == ' ':
			after, ok := parseTrailer(&e, r[1:])
			if !ok {
				continue
			}
			reason = after
		default:
			continue
		}
		ev.Kind = HeaderCheck
		ev.Action = action
		ev.Context = ctx
		ev.Text = body[:i]
		ev.Client = parsePeer(o[:semi])
		ev.From, ev.To, ev.Proto, ev.Helo = e.From, e.To, e.Proto, e.Helo
		ev.Reason = reason
		if c, n := enhanced(reason); n > 0 {
			ev.DSN = c
		}
		return true
	}
}

// parsePickup parses pickup's "N from=<S>[ orig_id=ID]" after "QID: uid=".
func parsePickup(ev *Event, t []byte) {
	uid, n := atoi(t)
	if n == 0 || !hasPrefix(t[n:], " from=") {
		return
	}
	ev.Kind = Pickup
	ev.UID = uid
	v, k := value(t[n+6:], []string{" orig_id="})
	ev.From = v
	if r, ok := cutPrefix(t[n+6+k:], " orig_id="); ok {
		ev.RelatedID, _ = parseID(r)
	}
}

// parseQmgrFrom parses qmgr's "from=<S>, size=N, nrcpt=M (queue active)" and
// "from=<S>, status=expired, returned to sender".
func parseQmgrFrom(ev *Event, m []byte) {
	v, n := angle(m[5:], ", size=", ", status=")
	if n == 0 {
		return
	}
	r := m[5+n:]
	switch {
	case hasPrefix(r, ", size="):
		size, k := atoi(r[7:])
		if k == 0 {
			return
		}
		r = r[7+k:]
		if !hasPrefix(r, ", nrcpt=") {
			return
		}
		nr, k2 := atoi(r[8:])
		if k2 == 0 {
			return
		}
		ev.Kind = QueueActive
		ev.From = v
		ev.Size = int64(size)
		ev.Nrcpt = nr
		ev.Text, _ = cutPrefix(r[8+k2:], " ")
		ev.Text = trimParens(ev.Text)
	case hasPrefix(r, ", status=expired"):
		st, err := statusOf(r[2:])
		if err != nil {
			return
		}
		ev.Kind = Expired
		ev.From = v
		ev.Status = st
		ev.Text, _ = cutPrefix(r[2+14:], ", ")
	}
}

func trimParens(b []byte) []byte {
	if len(b) >= 2 && b[0] == '(' && b[len(b)-1] == ')' {
		return b[1 : len(b)-1]
	}
	return b
}

func durationOf(ns int64) time.Duration { return time.Duration(ns) }
