// Command quickstart shows what mailsift does, on sample data embedded in
// the program: run it with `go run ./examples/quickstart`.
//
// Each section is one part of the library; later parts add theirs here.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/mailsift/mailsift/dsn"
	"github.com/mailsift/mailsift/internal/regex"
	"github.com/mailsift/mailsift/qid"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	for _, demo := range []func(io.Writer) error{queueDemo, regexDemo} {
		if err := demo(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
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
		{`\xe9t\xe9$`, regex.Caseless | regex.DotAll, "byte mode: only ASCII folds"},
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
		re, err := regex.Compile(d, `(a|ab)(c|bcd)`, 0)
		if err != nil {
			return err
		}
		m, err := re.FindSubmatchIndex([]byte("abcd"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-9s (a|ab)(c|bcd) on abcd: whole=%q $1=%q $2=%q\n", d,
			"abcd"[m[0]:m[1]], "abcd"[m[2]:m[3]], "abcd"[m[4]:m[5]])
	}
	return nil
}
