package logline

import (
	"bytes"
	"time"

	"github.com/mailsift/mailsift/dsn"
)

// parseDelivery parses a delivery agent's status line after "QID: " (spec
// §7.6): "to=<R>, orig_to=<O>, relay=X, conn_use=N, delay=D,
// delays=a/b/c/d, dsn=X.Y.Z, status=S (TEXT)".
func parseDelivery(ev *Event, m []byte) {
	to, n := angle(m[3:], ", ")
	if n == 0 {
		return
	}
	r := m[3+n:]
	var e Event
	e.To = to
	if v, ok := cutPrefix(r, ", orig_to="); ok {
		o, k := angle(v, ", ")
		if k == 0 {
			return
		}
		e.OrigTo = o
		r = v[k:]
	}
	if v, ok := cutPrefix(r, ", relay="); ok {
		k := index(v, ", ")
		if k < 0 {
			return
		}
		e.Relay = parsePeer(v[:k])
		r = v[k:]
	}
	if v, ok := cutPrefix(r, ", conn_use="); ok {
		c, k := atoi(v)
		if k == 0 {
			return
		}
		e.ConnUse = c
		r = v[k:]
	}
	if v, ok := cutPrefix(r, ", delay="); ok {
		d, k := parseDuration(v)
		if k == 0 {
			return
		}
		e.Delay = time.Duration(d)
		r = v[k:]
	}
	if v, ok := cutPrefix(r, ", delays="); ok {
		for i := 0; i < 4; i++ {
			if i > 0 {
				if len(v) == 0 || v[0] != '/' {
					return
				}
				v = v[1:]
			}
			d, k := parseDuration(v)
			if k == 0 {
				return
			}
			e.Delays[i] = time.Duration(d)
			v = v[k:]
		}
		r = v
	}
	if !hasPrefix(r, ", dsn=") {
		return
	}
	st, err := statusOf(r[2:])
	if err != nil {
		return
	}
	// The status text: from "status=WORD (" to the last ')'.
	if i := index(r, ", status="); i >= 0 {
		t := r[i+9:]
		if k := bytes.IndexByte(t, '('); k >= 0 {
			if j := bytes.LastIndexByte(t, ')'); j > k {
				e.Text = t[k+1 : j]
			}
		}
	}
	e.Kind = Delivery
	e.DSN = st.Code
	e.Status = st
	ev.Kind, ev.To, ev.OrigTo, ev.Relay, ev.ConnUse = e.Kind, e.To, e.OrigTo, e.Relay, e.ConnUse
	ev.Delay, ev.Delays, ev.DSN, ev.Status, ev.Text = e.Delay, e.Delays, e.DSN, e.Status, e.Text
}

// statusOf parses the "dsn=..., status=..." or "status=expired, ..." tail
// with the dsn package, without allocating when it is well-formed.
func statusOf(b []byte) (dsn.Status, error) {
	return dsn.ParseStatus(str(b))
}
