package logline_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mailsift/mailsift/logline"
)

func ExampleParse() {
	line := []byte("2026-11-22T14:09:11.123456+00:00 mx postfix/submission/smtpd[15826]: NOQUEUE: reject: RCPT from unknown[2001:db8::1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<h>")
	var ev logline.Event
	if err := logline.Parse(line, &ev); err != nil {
		panic(err)
	}
	fmt.Println(ev.Kind, string(ev.SyslogName), string(ev.Program), ev.PID, ev.NoQueue)
	fmt.Println(string(ev.Action), string(ev.Command), ev.Client.Addr, ev.Reply.Code(), ev.Reply.Enhanced())
	fmt.Println(string(ev.From), string(ev.To), ev.Time.UTC().Format(time.RFC3339Nano))
	// Output:
	// smtp_action postfix/submission smtpd 15826 true
	// reject RCPT 2001:db8::1 554 5.7.1
	// a@example.org x@example.net 2026-11-22T14:09:11.123456Z
}

func ExampleScanner() {
	log := `Dec 31 23:59:59 mx postfix/qmgr[7]: 4jXWfr4z1Cz1SGmk: from=<a@example.org>, size=355, nrcpt=1 (queue active)
Jan  1 00:00:01 mx postfix/lmtp[9]: 4jXWfr4z1Cz1SGmk: to=<b@example.com>, relay=mail.example.com[private/dovecot-lmtp], delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 <b@example.com> Saved)
Jan  1 00:00:01 mx dovecot: imap-login: Login: user=<b@example.com>, method=PLAIN, rip=192.0.2.7, lip=192.0.2.10, mpid=4242, TLS, session=<abc>`
	s := logline.NewScanner(strings.NewReader(log))
	s.Location = time.UTC
	s.Years.Reference = time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC) // e.g. the file's mtime
	for s.Scan() {
		ev := s.Event()
		fmt.Println(strings.TrimSpace(fmt.Sprint(ev.Time.Format(time.DateTime), " ", ev.Kind, " ", ev.QueueID, " ", ev.Status.Action, " ", string(ev.User))))
	}
	if err := s.Err(); err != nil {
		panic(err)
	}
	// Output:
	// 2026-12-31 23:59:59 queue_active 4jXWfr4z1Cz1SGmk
	// 2027-01-01 00:00:01 delivery 4jXWfr4z1Cz1SGmk sent
	// 2027-01-01 00:00:01 dovecot_login   b@example.com
}

func ExampleOpenRotated() {
	dir, _ := os.MkdirTemp("", "rotated")
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "mail.log")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("Nov 20 10:00:00 mx postfix/qmgr[1]: ABCDEF12345: removed\n"))
	zw.Close()
	os.WriteFile(base+".2.gz", gz.Bytes(), 0o644)
	os.WriteFile(base+".1", []byte("Nov 21 10:00:00 mx postfix/smtpd[2]: connect from unknown[192.0.2.1]"), 0o644) // no final newline
	os.WriteFile(base, []byte("Nov 22 10:00:00 mx postfix/smtpd[2]: disconnect from unknown[192.0.2.1] commands=0/0\n"), 0o644)

	r, err := logline.OpenRotated(base)
	if err != nil {
		panic(err)
	}
	defer r.Close()
	s := logline.NewScanner(r)
	s.Location = time.UTC
	s.Years.Reference = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for ev, err := range s.All() {
		if err != nil {
			panic(err)
		}
		fmt.Println(ev.Time.Format(time.DateOnly), ev.Kind)
	}
	// Output:
	// 2026-11-20 removed
	// 2026-11-21 connect
	// 2026-11-22 disconnect
}
