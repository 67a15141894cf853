// Command quickstart shows what mailsift does, on sample data embedded in
// the program: run it with `go run ./examples/quickstart`.
//
// Each section is one part of the library; later parts add theirs here.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mailsift/mailsift/dsn"
	"github.com/mailsift/mailsift/internal/regex"
	"github.com/mailsift/mailsift/logline"
	"github.com/mailsift/mailsift/qid"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	for _, demo := range []func(io.Writer) error{logDemo, queueDemo, regexDemo} {
		if err := demo(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// sampleLog is a few lines written for this demo in the formats Postfix and
// Dovecot log: classic syslog across New Year, an RFC 3339 timestamp (the
// Debian 12 default), a multi-instance tag and an IPv6 client.
const sampleLog = `Dec 31 23:59:58 mx postfix/qmgr[7]: 4jXWfr4z1Cz1SGmk: from=<a@example.org>, size=355, nrcpt=1 (queue active)
Jan  1 00:00:01 mx postfix/lmtp[9]: 4jXWfr4z1Cz1SGmk: to=<b@example.com>, relay=mail.example.com[private/dovecot-lmtp], delay=3, delays=0/0/0/3, dsn=2.0.0, status=sent (250 2.0.0 <b@example.com> Saved)
2027-01-01T00:00:05.123456+00:00 mx postfix/submission/smtpd[15826]: NOQUEUE: reject: RCPT from unknown[2001:db8::1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<h>
2027-01-01T00:00:09.000001+00:00 mx dovecot: imap-login: Login: user=<b@example.com>, method=PLAIN, rip=192.0.2.7, lip=192.0.2.10, mpid=4242, TLS, session=<abc>`

// logDemo parses log lines into typed events; the year of the classic
// syslog lines comes from a reference time (here fixed; a tool would use
// the file's modification time).
func logDemo(w io.Writer) error {
	fmt.Fprintln(w, "== log lines as typed events (logline)")
	s := logline.NewScanner(strings.NewReader(sampleLog))
	s.Location = time.UTC
	s.Years.Reference = time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	for s.Scan() {
		ev := s.Event()
		tag := string(ev.Program)
		if len(ev.SyslogName) > 0 {
			tag = string(ev.SyslogName) + "/" + tag
		}
		fmt.Fprintf(w, "%s %-14s %-24s", ev.Time.Format("2006-01-02 15:04:05"), ev.Kind, tag)
		switch {
		case ev.QueueID.IsValid():
			fmt.Fprintf(w, " queue_id=%s", ev.QueueID)
			if ev.Status.Action != 0 {
				fmt.Fprintf(w, " status=%s dsn=%s", ev.Status.Action, ev.Status.Code)
			}
		case ev.NoQueue:
			fmt.Fprintf(w, " NOQUEUE %s %s from %s: %d %s", ev.Action, ev.Command, ev.Client.Addr, ev.Reply.Code(), ev.Reply.Enhanced())
		default:
			fmt.Fprintf(w, " user=%s", ev.User)
		}
		fmt.Fprintln(w)
	}
	return s.Err()
}

// sampleBounce is a delivery status line as Postfix 3.7 logs it, with a
// long queue ID (enable_long_queue_ids = yes).
const sampleBounce = "Nov 22 14:32:02 mx postfix/smtp[28088]: 4jXWjt6prfz1SGM5: " +
	"to=<nobody@example.net>, relay=mx.example.net[192.0.2.25]:25, delay=0.2, " +
	"delays=0.01/0/0.1/0.09, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.25] " +
	"said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown " +
	"(in reply to RCPT TO command))"

// queueDemo finds the queue ID in a log line, decodes when the message
// entered the queue, and explains why it bounced.
func queueDemo(w io.Writer) error {
	fmt.Fprintln(w, "== queue IDs and bounce reasons (qid, dsn)")
	m, ok := qid.FindString(sampleBounce)
	if !ok {
		return fmt.Errorf("no queue ID in the sample line")
	}
	fmt.Fprintf(w, "queue ID %s: long form, queued at %s, inode %d\n",
		m.ID, m.ID.Time().Format("2006-01-02 15:04:05.000000 MST"), m.ID.Inode())
	st, err := dsn.ParseStatus(sampleBounce)
	if err != nil {
		return err
	}
	e, _ := dsn.Lookup(st.Code)
	fmt.Fprintf(w, "status=%s dsn=%s (%s)\n", st.Action, st.Code, e.Text)
	fmt.Fprintf(w, "remote %s [%s] replied %d %s to %s: %q\n",
		st.Host, st.Addr, st.Reply.Code(), st.Reply.Enhanced(), st.StageText, st.Reply.Text())
	return nil
}

// regexDemo shows the one regex engine that the table, header-check and
// fail2ban packages stand on: a pattern means what it means in the program
// it was written for.
func regexDemo(w io.Writer) error {
	fmt.Fprintln(w, "== one regex engine, three dialects (internal/regex)")

	// Postfix pcre: tables compile with CASELESS|DOTALL and match bytes.
	// The table flag "i" toggles CASELESS off; Latin-1 letters never fold.
	headers := []string{
		"Subject: Cheap VIAGRA now",
		"Subject: meeting notes",
		"Subject: \xc9T\xc9 \xe9t\xe9", // Latin-1 bytes: é and É are different bytes
	}
	for _, p := range []struct {
		pattern string
		flags   regex.Flags
		note    string
	}{
		{`^Subject:.*viagra`, regex.Caseless | regex.DotAll, "Postfix default flags"},
		{`^Subject:.*viagra`, regex.DotAll, `/…/i: the "i" flag makes it case-sensitive`},
		{`^Subject: \xc9t\xc9`, regex.Caseless | regex.DotAll, "byte mode: t folds to T"},
		{`^Subject: \xe9t\xe9 `, regex.Caseless | regex.DotAll, "byte mode: \\xe9 never folds to \\xc9"},
	} {
		re, err := regex.Compile(regex.PCRE2, p.pattern, p.flags)
		if err != nil {
			return err
		}
		for _, h := range headers {
			ok, err := re.MatchString(h)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "pcre   %-22q %-45s %-30q %v\n", p.pattern, "("+p.note+")", h, ok)
		}
	}

	// fail2ban: Python re on text decoded with errors='replace'; named groups.
	line := []byte("sshd[99]: Failed password for r\xe9t\xc3 from 192.0.2.7 port 22 ssh2")
	re, err := regex.Compile(regex.Python, `Failed password for (?P<user>\S+) from (?P<host>[\d.]+)`, 0)
	if err != nil {
		return err
	}
	subject := re.Subject(nil, line)
	m, err := re.FindRunesSubmatchIndex(subject, nil)
	if err != nil {
		return err
	}
	if m != nil {
		u, h := re.SubexpIndex("user"), re.SubexpIndex("host")
		fmt.Fprintf(w, "python user=%q host=%q (invalid UTF-8 decoded as Python does)\n",
			string(subject[m[2*u]:m[2*u+1]]), string(subject[m[2*h]:m[2*h+1]]))
	}

	// Postfix regexp: tables use POSIX leftmost-longest; pcre: is leftmost-first.
	for _, d := range []regex.Dialect{regex.POSIXExtended, regex.PCRE2} {
		re, err := regex.Compile(d, `(a|ab)`, 0)
		if err != nil {
			return err
		}
		m, err := re.FindSubmatchIndex([]byte("abc"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-9s (a|ab) on abc: $1=%q\n", d, "abc"[m[2]:m[3]])
	}
	return nil
}
