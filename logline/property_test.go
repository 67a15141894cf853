package logline

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mailsift/mailsift/qid"
	"pgregory.net/rapid"
)

// genAddr draws an IPv4 or IPv6 address.
func genAddr(t *rapid.T) netip.Addr {
	if rapid.Bool().Draw(t, "v6") {
		var b [16]byte
		b[0], b[1] = 0x20, 0x01
		for i := 2; i < 16; i++ {
			b[i] = rapid.Byte().Draw(t, "b")
		}
		return netip.AddrFrom16(b)
	}
	return netip.AddrFrom4([4]byte{rapid.ByteRange(1, 223).Draw(t, "a"), rapid.Byte().Draw(t, "b"), rapid.Byte().Draw(t, "c"), rapid.ByteRange(1, 254).Draw(t, "d")})
}

var hostGen = rapid.SampledFrom([]string{"unknown", "mail.example.com", "Mail.Sub.Example.COM", "mx1.gmail.com", "23-4-5-6.static.isp.example", "localhost"})

func genID(t *rapid.T) qid.ID {
	if rapid.Bool().Draw(t, "long") {
		sec := rapid.Int64Range(1_300_000_000, 2_000_000_000).Draw(t, "sec")
		us := rapid.Int64Range(0, 999_999).Draw(t, "usec")
		return qid.NewLong(time.Unix(sec, us*1000), rapid.Uint64Range(1, 1<<40).Draw(t, "ino"))
	}
	return qid.NewShort(rapid.IntRange(0, 999_999).Draw(t, "usec"), rapid.Uint64Range(1, 1<<36).Draw(t, "ino"))
}

var tagGen = rapid.SampledFrom([]string{"postfix", "postfix-out", "postfix/submission", "postfix/10025", "postfix/smtps", "postfix-smo/submission"})

var addrGen = rapid.SampledFrom([]string{"", "a@example.org", "User+Ext@Sub.Example.COM", "postmaster", "x.y@dom.example.net"})

// prefix renders a syslog prefix in one of the supported formats for t
// (UTC) and returns it with the expected Format.
func prefix(rt *rapid.T, ts time.Time, tag string, pid int) (string, Format) {
	f := rapid.IntRange(0, 5).Draw(rt, "format")
	tp := tag
	if pid > 0 {
		tp = fmt.Sprintf("%s[%d]", tag, pid)
	}
	switch f {
	case 0:
		return fmt.Sprintf("%s %2d %s mx %s: ", ts.Format("Jan"), ts.Day(), ts.Format("15:04:05"), tp), FormatRFC3164
	case 1:
		return fmt.Sprintf("%s mx %s: ", ts.Format("Jan 02 15:04:05"), tp), FormatRFC3164
	case 2:
		return fmt.Sprintf("%s mx %s: ", ts.Format("2006-01-02T15:04:05.000000-07:00"), tp), FormatRFC3339
	case 3:
		return fmt.Sprintf("%s mx %s: ", ts.Format("2006-01-02T15:04:05-0700"), tp), FormatRFC3339
	case 4:
		return fmt.Sprintf("%s mx %s: ", ts.Format("2006-01-02T15:04:05Z07:00"), tp), FormatRFC3339
	default:
		p := "-"
		if pid > 0 {
			p = fmt.Sprint(pid)
		}
		return fmt.Sprintf("<22>1 %s mx %s %s - - ", ts.Format("2006-01-02T15:04:05.000000Z07:00"), tag, p), FormatRFC5424
	}
}

func peerText(name string, a netip.Addr) string { return name + "[" + a.String() + "]" }

// TestRoundTrip renders lines of every main event kind from generated field
// values, parses them back and compares the fields.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ts := time.Unix(rapid.Int64Range(1_700_000_000, 1_800_000_000).Draw(rt, "t"), 0).UTC()
		pid := rapid.IntRange(1, 4_194_304).Draw(rt, "pid")
		name := tagGen.Draw(rt, "syslog_name")
		host := hostGen.Draw(rt, "host")
		addr := genAddr(rt)
		id := genID(rt)
		from, to := addrGen.Draw(rt, "from"), addrGen.Draw(rt, "to")
		kind := rapid.SampledFrom([]Kind{Connect, Disconnect, ClientLine, SMTPAction, Delivery, QueueActive, MessageID, SASLFailed, LostConnection, ScreenConnect, ScreenPass, DovecotLogin, Removed}).Draw(rt, "kind")
		prog := "smtpd"
		var msg string
		switch kind {
		case Connect:
			msg = "connect from " + peerText(host, addr)
		case Disconnect:
			msg = fmt.Sprintf("disconnect from %s ehlo=1 auth=0/%d commands=1/%d", peerText(host, addr), pid%7+1, pid%7+2)
		case ClientLine:
			msg = fmt.Sprintf("%s: client=%s, sasl_method=PLAIN, sasl_username=%s", id, peerText(host, addr), from)
		case SMTPAction:
			q := "NOQUEUE"
			if rapid.Bool().Draw(rt, "queued") {
				q = id.String()
			}
			msg = fmt.Sprintf("%s: reject: RCPT from %s: 554 5.7.1 <%s>: Relay access denied; from=<%s> to=<%s> proto=ESMTP helo=<%s>", q, peerText(host, addr), to, from, to, host)
		case Delivery:
			prog = rapid.SampledFrom([]string{"smtp", "lmtp", "local", "virtual", "relay", "custom"}).Draw(rt, "agent")
			msg = fmt.Sprintf("%s: to=<%s>, relay=mx.example.net[%s]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABCDEF12345)", id, to, addr)
		case QueueActive:
			prog = "qmgr"
			msg = fmt.Sprintf("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", id, from, pid, pid%9+1)
		case MessageID:
			prog = "cleanup"
			msg = fmt.Sprintf("%s: message-id=<%s@example.org>", id, id)
		case SASLFailed:
			msg = fmt.Sprintf("warning: %s: SASL LOGIN authentication failed: UGFzc3dvcmQ6", peerText(host, addr))
		case LostConnection:
			msg = "lost connection after DATA (42 bytes) from " + peerText(host, addr)
		case ScreenConnect:
			prog = "postscreen"
			msg = fmt.Sprintf("CONNECT from [%s]:%d to [192.0.2.1]:25", addr, pid%65535+1)
		case ScreenPass:
			prog = "postscreen"
			msg = fmt.Sprintf("PASS NEW [%s]:%d", addr, pid%65535+1)
		case DovecotLogin:
			name, prog = "", "dovecot"
			msg = fmt.Sprintf("imap-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.10, mpid=%d, TLS, session=<abcDEF12+/>", from, addr, pid)
		case Removed:
			prog = "qmgr"
			msg = fmt.Sprintf("%s: removed", id)
		}
		tag := prog
		if name != "" {
			tag = name + "/" + prog
		}
		mpid := pid
		if kind == DovecotLogin {
			pid = 0 // syslog ident "dovecot" has no pid
		}
		pfx, format := prefix(rt, ts, tag, pid)
		line := pfx + msg
		p := Parser{Location: time.UTC, Years: YearInferrer{Reference: ts}}
		var ev Event
		if err := p.Parse([]byte(line), &ev); err != nil {
			rt.Fatalf("%q: %v", line, err)
		}
		check := func(what string, got, want any) {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				rt.Fatalf("%q: %s = %v, want %v", line, what, got, want)
			}
		}
		check("kind", ev.Kind, kind)
		check("format", ev.Format, format)
		check("time", ev.Time.Unix(), ts.Unix())
		check("tag", string(ev.Tag), tag)
		check("program", string(ev.Program), prog)
		check("syslog_name", string(ev.SyslogName), name)
		check("pid", ev.PID, pid)
		switch kind {
		case Connect, Disconnect, ClientLine, SMTPAction, SASLFailed, LostConnection:
			check("client name", string(ev.Client.Name), host)
			check("client addr", ev.Client.Addr, addr)
		case ScreenConnect, ScreenPass, DovecotLogin:
			check("client addr", ev.Client.Addr, addr)
		}
		switch kind {
		case ClientLine, Delivery, QueueActive, MessageID, Removed:
			check("queue id", ev.QueueID, id)
		case SMTPAction:
			check("to", string(ev.To), to)
			check("from", string(ev.From), from)
			check("code", ev.Reply.Code(), 554)
			if !ev.NoQueue {
				check("queue id", ev.QueueID, id)
			}
		}
		switch kind {
		case Delivery:
			check("to", string(ev.To), to)
			check("relay", ev.Relay.Addr, addr)
			check("delays", ev.Delays, [4]time.Duration{100 * time.Millisecond, 0, 600 * time.Millisecond, 500 * time.Millisecond})
			check("status", ev.Status.Action.String(), "sent")
		case QueueActive:
			check("from", string(ev.From), from)
			check("size", ev.Size, pid)
		case ClientLine:
			check("sasl user", string(ev.SASLUsername), from)
		case LostConnection:
			check("bytes", ev.Count, 42)
			check("cmd", string(ev.Command), "DATA")
		case DovecotLogin:
			check("user", string(ev.User), from)
			check("mpid", ev.MPID, mpid)
		}
		// Clone owns its memory and equals the original.
		c := ev.Clone()
		check("clone json", string(c.AppendJSON(nil)), string(ev.AppendJSON(nil)))
	})
}

// TestYearMonotonic checks that year inference gives non-decreasing times
// for generated chronological RFC 3164 streams crossing New Year, in both a
// UTC and a DST zone.
func TestYearMonotonic(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	rapid.Check(t, func(rt *rapid.T) {
		loc := rapid.SampledFrom([]*time.Location{time.UTC, berlin}).Draw(rt, "loc")
		year := rapid.IntRange(1990, 2090).Draw(rt, "year")
		ts := time.Date(year, 12, rapid.IntRange(1, 31).Draw(rt, "day"), 0, 0, 0, 0, loc)
		ts = ts.Add(time.Duration(rapid.Int64Range(0, 86400).Draw(rt, "s")) * time.Second)
		p := Parser{Location: loc, Years: YearInferrer{Reference: ts.Add(time.Duration(rapid.Int64Range(0, 3600).Draw(rt, "lag")) * time.Second)}}
		var prev time.Time
		n := rapid.IntRange(2, 60).Draw(rt, "n")
		var ev Event
		for i := 0; i < n; i++ {
			line := fmt.Sprintf("%s mx postfix/smtpd[1]: connect from unknown[192.0.2.1]", ts.Format(time.Stamp))
			if err := p.Parse([]byte(line), &ev); err != nil {
				rt.Fatal(err)
			}
			if ev.Time.Before(prev) {
				rt.Fatalf("line %d %q: %v before %v", i, line, ev.Time, prev)
			}
			// Wall clock equal (DST repeats an hour: compare the civil time).
			if ev.Time.Format(time.DateTime) != ts.Format(time.DateTime) && !ev.Time.Equal(ts) {
				rt.Fatalf("line %d %q: got %v, want %v", i, line, ev.Time, ts)
			}
			prev = ev.Time
			ts = ts.Add(time.Duration(rapid.Int64Range(0, 40*86400).Draw(rt, "step")) * time.Second)
		}
	})
	// Both directions across New Year within one stream.
	p := Parser{Location: time.UTC, Years: YearInferrer{Reference: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}}
	var ev Event
	want := []string{"2024-12-31T23:59:59Z", "2025-01-01T00:00:01Z", "2024-12-31T23:59:58Z", "2025-01-01T00:00:02Z"}
	for i, l := range []string{"Dec 31 23:59:59", "Jan  1 00:00:01", "Dec 31 23:59:58", "Jan  1 00:00:02"} {
		if err := p.Parse([]byte(l+" mx postfix/qmgr[1]: ABCDEF12345: removed"), &ev); err != nil {
			t.Fatal(err)
		}
		if got := ev.Time.Format(time.RFC3339); got != want[i] {
			t.Errorf("%s: got %s, want %s", l, got, want[i])
		}
	}
}

// TestBadInput: lines that are not syslog give a *ParseError with a column;
// damaged but syslog-shaped lines never fail.
func TestBadInput(t *testing.T) {
	bad := map[string]int{
		"":                                    0,
		"hello world":                         0,
		"Nov 22 14:06":                        12,
		"Nov 22 14:06:48":                     15,
		"Nov 22 14:06:48 mx":                  18,
		"Nov 22 14:06:48 mx postfix/smtpd[12": 35,
		"Nov 22 14:06:48 mx postfix/smtpd[x]: hi": 33,
		"Xyz 22 14:06:48 mx postfix/smtpd[1]: hi": 0,
		"2026-13-01T00:00:00Z mx a: b":            0,
		"<13>2 2026-11-22T14:09:11Z mx a 1 - - m": 4,
		"\x00\x00\x00": 0,
	}
	var ev Event
	for line, col := range bad {
		err := Parse([]byte(line), &ev)
		pe, ok := err.(*ParseError)
		if !ok {
			t.Errorf("%q: err = %v, want *ParseError", line, err)
			continue
		}
		if pe.Column != col {
			t.Errorf("%q: column %d, want %d (%v)", line, pe.Column, col, pe)
		}
	}
	long := "Nov 22 14:06:48 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 " + strings.Repeat("é\x00\xff", 400000)
	ok := []string{
		"Nov 22 14:06:48 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from",
		"Nov 22 14:06:48 mx postfix/smtpd[1]: 4jXWfr4z1Cz1SGmk: to=<a@b",
		"Nov 22 14:06:48 mx postfix/smtpd[1]: disconnect from x[1.2.3.4] ehlo=",
		"Nov 22 14:06:48 mx postfix/smtpd[1]: \x00\x01\xff\xfe",
		"Nov 22 14:06:48 mx postfix/qmgr[1]: ABCDEF12345: from=<\xff>, size=1, nrcpt=1 (queue active)",
		"Nov 22 14:06:48 mx dovecot: imap-login: Login: user=<",
		"Nov 22 14:06:48 mx postfix/smtpd[1]:",
		long,
	}
	for _, line := range ok {
		if err := Parse([]byte(line), &ev); err != nil {
			t.Errorf("%.60q: %v", line, err)
		}
		if !json_valid(ev.AppendJSON(nil)) {
			t.Errorf("%.60q: invalid JSON", line)
		}
	}
}

// FuzzParse: Parse never panics, errors are *ParseError, JSON is valid, and
// Clone gives the same JSON.
func FuzzParse(f *testing.F) {
	data, _ := readCorpusLines()
	for i, l := range data {
		if i%40 == 0 {
			f.Add(l)
		}
	}
	f.Add([]byte("<22>1 2026-11-22T14:09:11.123456+00:00 mx postfix/smtpd 15826 - [a b=\"]\"] connect from x[1.2.3.4]"))
	f.Add([]byte("@400000004c91b044077a9e94 imap-login: Info: Aborted login (auth failed, 1 attempts): user=<m>, rip=1.2.3.4"))
	f.Fuzz(func(t *testing.T, line []byte) {
		var ev Event
		err := Parse(line, &ev)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T", err)
			}
			return
		}
		js := ev.AppendJSON(nil)
		if !json_valid(js) {
			t.Fatalf("invalid JSON %s", js)
		}
		if c := ev.Clone(); !bytes.Equal(c.AppendJSON(nil), js) {
			t.Fatalf("clone differs")
		}
	})
}
