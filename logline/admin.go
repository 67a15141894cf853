package logline

import (
	"bytes"
	"time"
)

// parseMaster parses master's "daemon started -- version V, configuration C"
// and "reload -- version V, configuration C".
func parseMaster(ev *Event, action, t []byte) {
	ev.Kind = Master
	ev.Action = action
	if v, ok := cutPrefix(t, "version "); ok {
		ver, conf, _ := cut(v, ", configuration ")
		ev.Text = ver
		ev.Context = conf
	} else {
		ev.Text = t
	}
}

// parseStatistics parses anvil's and scache's "statistics: ..." lines (§7.4).
func parseStatistics(ev *Event, t []byte) {
	switch string(ev.Program) {
	case "scache":
		ev.Kind = Scache
		for _, a := range [...]string{"start interval ", "domain lookup ", "address lookup ", "max simultaneous domains ", "max simultaneous addresses ", "max simultaneous connections "} {
			if hasPrefix(t, a) {
				ev.Action = t[:len(a)-1]
				ev.Text = t[len(a):]
				return
			}
		}
		ev.Text = t
		return
	case "anvil":
	default:
		return
	}
	// "max connection rate 1/60s for (svc:addr) at Nov 22 14:07:12"
	// "max connection count 1 for (svc:addr) at ..."
	// "max cache size 1 at Nov 22 14:07:12"
	ev.Kind = Anvil
	var rest []byte
	for _, a := range [...]string{"max cache size ", "max connection rate ", "max connection count ", "max message rate ", "max recipient rate ", "max newtls rate ", "max auth rate "} {
		if hasPrefix(t, a) {
			ev.Action = t[4 : len(a)-1]
			rest = t[len(a):]
			break
		}
	}
	if rest == nil {
		ev.Text = t
		return
	}
	n, k := atoi(rest)
	ev.Count = int64(n)
	rest = rest[k:]
	if len(rest) > 0 && rest[0] == '/' {
		iv, k2 := atoi(rest[1:])
		ev.Duration = time.Duration(iv) * time.Second
		rest = rest[1+k2:]
		rest, _ = cutPrefix(rest, "s")
	}
	if r, ok := cutPrefix(rest, " for ("); ok {
		if j := bytes.IndexByte(r, ')'); j >= 0 {
			ev.Service = r[:j]
			rest = r[j+1:]
		}
	}
	if r, ok := cutPrefix(rest, " at "); ok {
		ev.Text = r
	}
}

// parsePostsuperSummary parses "Deleted: N messages", "Released from hold:
// N message", "Placed on hold: N messages", "Requeued: N messages".
func parsePostsuperSummary(ev *Event, m []byte) {
	a, r, ok := cut(m, ": ")
	if !ok {
		return
	}
	n, k := atoi(r)
	if k == 0 || !(string(r[k:]) == " message" || string(r[k:]) == " messages") {
		return
	}
	ev.Kind = Postsuper
	ev.Action = a
	ev.Count = int64(n)
}
