package dsn

import (
	"bufio"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
)

func TestParseStatus(t *testing.T) {
	ip := netip.MustParseAddr("127.0.0.1")
	tests := []struct {
		in   string
		want Status
	}{
		{`postfix/smtp[28084]: 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, delays=0/0.03/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)`,
			Status{Action: Sent, Code: Code{2, 0, 0}, Text: "250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5", Kind: KindReply,
				Reply: mustReply("250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5"), QueuedAs: "4jXWjt3yVtz1SGM5"}},
		{`dsn=5.4.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.4.0 Error: too many hops (in reply to end of DATA command))`,
			Status{Action: Bounced, Code: Code{5, 4, 0}, Text: "host 127.0.0.1[127.0.0.1] said: 554 5.4.0 Error: too many hops (in reply to end of DATA command)",
				Kind: KindSaid, Host: "127.0.0.1", Addr: ip, Reply: mustReply("554 5.4.0 Error: too many hops"), Stage: StageEndOfData, StageText: "end of DATA command"}},
		{`AC8D598604A: to=<other@dom.example.net>, orig_to=<bcc@dom.example.net>, relay=none, delay=16, delays=16/0.02/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10099: Connection refused)`,
			Status{Action: Deferred, Code: Code{4, 4, 1}, Text: "connect to 127.0.0.1[127.0.0.1]:10099: Connection refused", Kind: KindConnect,
				Host: "127.0.0.1", Addr: ip, Port: 10099, Detail: "Connection refused"}},
		{`dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:10099: Connection refused)`,
			Status{Action: Deferred, Code: Code{4, 4, 1}, Text: "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:10099: Connection refused", Kind: KindConnect,
				Suspended: true, Host: "127.0.0.1", Addr: ip, Port: 10099, Detail: "Connection refused"}},
		{`0048B9866B3: to=<nosuchuser@mx.example.test>, relay=local, delay=0.05, delays=0.01/0.03/0/0.01, dsn=5.1.1, status=bounced (unknown user: "nosuchuser")`,
			Status{Action: Bounced, Code: Code{5, 1, 1}, Text: `unknown user: "nosuchuser"`}},
		{`dsn=2.0.0, status=sent (delivered via pipetest service (Return-Path: <sender@example.org> Received: from client.example.org (localhost [127.0.0.1])  by mx.e))`,
			Status{Action: Sent, Code: Code{2, 0, 0}, Text: "delivered via pipetest service (Return-Path: <sender@example.org> Received: from client.example.org (localhost [127.0.0.1])  by mx.e)"}},
		{`dsn=2.0.0, status=sent (forwarded as 0A8B59866E5)`,
			Status{Action: Sent, Code: Code{2, 0, 0}, Text: "forwarded as 0A8B59866E5", QueuedAs: "0A8B59866E5"}},
		{`0048B9866B3: from=<sender@example.org>, status=expired, returned to sender`,
			Status{Action: Expired, Text: "returned to sender"}},
		{`dsn=4.4.2, status=deferred (lost connection with mx.example.com[2001:db8::25] while sending end of data -- message may be sent more than once)`,
			Status{Action: Deferred, Code: Code{4, 4, 2}, Text: "lost connection with mx.example.com[2001:db8::25] while sending end of data -- message may be sent more than once",
				Kind: KindLostConnection, Host: "mx.example.com", Addr: netip.MustParseAddr("2001:db8::25"), Stage: StageEndOfData, StageText: "sending end of data -- message may be sent more than once"}},
		{`dsn=4.4.2, status=deferred (conversation with mx.example.com[192.0.2.7] timed out while receiving the initial server greeting)`,
			Status{Action: Deferred, Code: Code{4, 4, 2}, Text: "conversation with mx.example.com[192.0.2.7] timed out while receiving the initial server greeting",
				Kind: KindTimeout, Host: "mx.example.com", Addr: netip.MustParseAddr("192.0.2.7"), Stage: StageGreeting, StageText: "receiving the initial server greeting"}},
		{`dsn=4.3.2, status=deferred (host mx.example.com[192.0.2.7] refused to talk to me: 421 4.3.2 Service not available)`,
			Status{Action: Deferred, Code: Code{4, 3, 2}, Text: "host mx.example.com[192.0.2.7] refused to talk to me: 421 4.3.2 Service not available",
				Kind: KindRefused, Host: "mx.example.com", Addr: netip.MustParseAddr("192.0.2.7"), Stage: StageGreeting, Reply: mustReply("421 4.3.2 Service not available")}},
		{`dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again)`,
			Status{Action: Deferred, Code: Code{4, 4, 3}, Text: "Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again",
				Kind: KindDNS, Host: "example.com", Detail: "Host not found, try again"}},
		{`dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.26] said: ` + gmail + ` (in reply to RCPT TO command))`,
			Status{Action: Bounced, Code: Code{5, 1, 1}, Text: "host gmail-smtp-in.l.google.com[142.250.1.26] said: " + gmail + " (in reply to RCPT TO command)",
				Kind: KindSaid, Host: "gmail-smtp-in.l.google.com", Addr: netip.MustParseAddr("142.250.1.26"), Reply: mustReply(gmail), Stage: StageRcpt, StageText: "RCPT TO command"}},
		{`dsn=5.1.1, status=bounced (host mail.example.com[private/dovecot-lmtp] said: 550 5.1.1 <u@example.com> User doesn't exist: u@example.com (in reply to RCPT TO command))`,
			Status{Action: Bounced, Code: Code{5, 1, 1}, Text: "host mail.example.com[private/dovecot-lmtp] said: 550 5.1.1 <u@example.com> User doesn't exist: u@example.com (in reply to RCPT TO command)",
				Kind: KindSaid, Host: "mail.example.com", Socket: "private/dovecot-lmtp", Reply: mustReply("550 5.1.1 <u@example.com> User doesn't exist: u@example.com"), Stage: StageRcpt, StageText: "RCPT TO command"}},
		{`dsn=5.7.8, status=bounced (SASL authentication failed; server smtp.example.net[198.51.100.2] said: 535 5.7.8 Error: authentication failed)`,
			Status{Action: Bounced, Code: Code{5, 7, 8}, Text: "SASL authentication failed; server smtp.example.net[198.51.100.2] said: 535 5.7.8 Error: authentication failed",
				Kind: KindSaid, Host: "smtp.example.net", Addr: netip.MustParseAddr("198.51.100.2"), Reply: mustReply("535 5.7.8 Error: authentication failed"), Stage: StageAuth, Detail: "SASL authentication failed"}},
		{`dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4dK9x (in reply to x))`,
			Status{Action: Sent, Code: Code{2, 0, 0}, Text: "250 2.0.0 Ok: queued as 4dK9x (in reply to x)", Kind: KindReply, Reply: mustReply("250 2.0.0 Ok: queued as 4dK9x (in reply to x)"), QueuedAs: "4dK9x"}},
		{`dsn=5.0.0, status=SOFTBOUNCE (host x[192.0.2.1] said: 550 nope (in reply to MAIL FROM command))`,
			Status{Action: SoftBounce, Code: Code{5, 0, 0}, Text: "host x[192.0.2.1] said: 550 nope (in reply to MAIL FROM command)", Kind: KindSaid, Host: "x", Addr: netip.MustParseAddr("192.0.2.1"),
				Reply: mustReply("550 nope"), Stage: StageMail, StageText: "MAIL FROM command"}},
		{`dsn=5.5.0, status=bounced (host x[192.0.2.1] said: garbage (in reply to QUIT command))`,
			Status{Action: Bounced, Code: Code{5, 5, 0}, Text: "host x[192.0.2.1] said: garbage (in reply to QUIT command)", Kind: KindSaid, Host: "x", Addr: netip.MustParseAddr("192.0.2.1"),
				Stage: StageQuit, StageText: "QUIT command"}},
		{`dsn=2.1.5, status=deliverable (delivers to mailbox)`, Status{Action: Deliverable, Code: Code{2, 1, 5}, Text: "delivers to mailbox"}},
		{`dsn=5.1.1, status=undeliverable (unknown user: "x")`, Status{Action: Undeliverable, Code: Code{5, 1, 1}, Text: `unknown user: "x"`}},
		// Unrecognised texts keep no half-parsed fields.
		{`dsn=4.7.5, status=deferred (host x[192.0.2.1] did something new)`, Status{Action: Deferred, Code: Code{4, 7, 5}, Text: "host x[192.0.2.1] did something new"}},
		{`dsn=4.4.1, status=deferred (connect to x[192.0.2.1]:99999: refused)`, Status{Action: Deferred, Code: Code{4, 4, 1}, Text: "connect to x[192.0.2.1]:99999: refused"}},
		// Lenient dsn= and trailing blanks.
		{"dsn=4.04.1, status=deferred ()\r\n", Status{Action: Deferred, Code: Code{4, 4, 1}}},
		// An address containing a fake field does not fool the finder.
		{`to=<"dsn=5.1.1, x"@example.com>, relay=none, delay=1, delays=1/0/0/0, dsn=2.0.0, status=sent (ok)`, Status{Action: Sent, Code: Code{2, 0, 0}, Text: "ok"}},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if err != nil {
			t.Errorf("ParseStatus(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseStatus(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func mustReply(s string) Reply {
	r, err := ParseReply(s)
	if err != nil {
		panic(err)
	}
	return r
}

func TestParseStatusErrors(t *testing.T) {
	tests := []struct {
		in   string
		err  error
		part string
		off  int
	}{
		{"", ErrNoStatus, "", 0},
		{"postfix/smtpd[14467]: generic_checks: name=permit_mynetworks status=0", ErrNoStatus, "", 0},
		{"dsn=5.1, status=bounced (x)", ErrNoStatus, "", 0},
		{"dsn=6.1.1, status=bounced (x)", ErrNoStatus, "", 0},
		{"dsn=5.1.1, status=bogus (x)", ErrStatusWord, "status", 18},
		{"dsn=5.1.1, status=expired (x)", ErrStatusWord, "status", 18},
		{"dsn=5.1.1, status=bounced", ErrTruncated, "text", 25},
		{"dsn=5.1.1, status=bounced (host x[1.2.3.4] said: 550 5.1.1 (in reply to RCPT", ErrTruncated, "text", 76},
		{"dsn=5.1.1, status=bounced (a) b", ErrTrailing, "text", 29},
		{"dsn=5.1.1, status=bounced, x", ErrTrailing, "text", 25},
		{"from=<a>, status=expiredx", ErrTrailing, "text", 24},
	}
	for _, tt := range tests {
		_, err := ParseStatus(tt.in)
		checkErr(t, "ParseStatus", tt.in, err, tt.err, tt.part, tt.off)
	}
}

// corpusPath is the shared real-Postfix log, when the repository sits next
// to the shared reference material.
const corpusPath = "../../shared/corpora/postfix-3.7/maillog.log"

// TestCorpusStatus checks that every delivery status line of the real
// Postfix 3.7.11 log parses, and that what ParseStatus extracts agrees with
// the rest of the line. testdata/maillog-status.log holds those lines (grep
// -E 'dsn=|status=expired' of the corpus) so the test runs without the
// corpus; with the corpus present, it is read too and must match the copy.
// go test -update re-extracts the copy from the corpus.
func TestCorpusStatus(t *testing.T) {
	const copyPath = "testdata/maillog-status.log"
	if oracle.Update() {
		full := statusLines(t, corpusPath)
		if err := os.WriteFile(copyPath, []byte(strings.Join(full, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyLines := statusLines(t, copyPath)
	checkStatusLines(t, copyLines)
	if _, err := os.Stat(corpusPath); err != nil {
		t.Logf("corpus %s not present; checked the testdata copy only", corpusPath)
		return
	}
	full := statusLines(t, corpusPath)
	if strings.Join(full, "\n") != strings.Join(copyLines, "\n") {
		t.Errorf("testdata/maillog-status.log is out of date with %s (%d vs %d lines)", corpusPath, len(copyLines), len(full))
	}
	checkStatusLines(t, full)
}

func statusLines(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := sc.Text(); strings.Contains(l, "dsn=") || strings.Contains(l, "status=expired") {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func checkStatusLines(t *testing.T, lines []string) {
	t.Helper()
	counts := map[Action]int{}
	kinds := map[Kind]int{}
	for _, l := range lines {
		st, err := ParseStatus(l)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		counts[st.Action]++
		kinds[st.Kind]++
		if st.Action != Expired {
			if !strings.Contains(l, ", dsn="+st.Code.String()+", status="+st.Action.String()+" ("+st.Text+")") {
				t.Errorf("fields do not reassemble the line: %+v\n%s", st, l)
			}
		}
		switch st.Kind {
		case KindReply, KindSaid, KindRefused:
			// Postfix's SMTP client derives dsn= from the reply: check our rule.
			if !st.Reply.IsValid() || st.Reply.PostfixCode() != st.Code {
				t.Errorf("reply %q: PostfixCode %v, line says dsn=%v", st.Reply, st.Reply.PostfixCode(), st.Code)
			}
		case KindConnect:
			if !st.Addr.IsValid() || st.Port == 0 || st.Detail == "" {
				t.Errorf("connect: %+v", st)
			}
		}
		if st.Kind == KindReply && strings.Contains(st.Text, "queued as ") && st.QueuedAs == "" {
			t.Errorf("no queue ID: %s", l)
		}
	}
	want := map[Action]int{Sent: 56, Deferred: 62, Bounced: 3, Expired: 16}
	for a, n := range want {
		if counts[a] != n {
			t.Errorf("%v: %d lines, want %d", a, counts[a], n)
		}
	}
	t.Logf("%d status lines: actions %v, kinds %v", len(lines), counts, kinds)
}

func TestStatusAllocs(t *testing.T) {
	lines := []string{
		`4jXWjt6prfz1SGM5: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.01, delays=0/0/0/0, dsn=5.4.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.4.0 Error: too many hops (in reply to end of DATA command))`,
		`AC8D598604A: to=<other@dom.example.net>, relay=none, delay=16, delays=16/0.02/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10099: Connection refused)`,
		`dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[2a00:1450:4013:c03::1a] said: ` + gmail + ` (in reply to RCPT TO command))`,
	}
	var sink Status
	n := testing.AllocsPerRun(100, func() {
		for _, l := range lines {
			sink, _ = ParseStatus(l)
		}
	})
	if n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
	_ = sink
}

func TestStringers(t *testing.T) {
	if Sent.String() != "sent" || SoftBounce.String() != "SOFTBOUNCE" || Expired.String() != "expired" || Action(0).String() != "" || Action(99).String() != "" {
		t.Error("Action.String")
	}
	if KindSaid.String() != "said" || Kind(99).String() != "" {
		t.Error("Kind.String")
	}
	if StageRcpt.String() != "RCPT TO" || StageNone.String() != "" || Stage(99).String() != "" {
		t.Error("Stage.String")
	}
	for text, want := range map[string]Stage{
		"RCPT TO command": StageRcpt, "MAIL FROM command": StageMail, "DATA command": StageData, "end of DATA command": StageEndOfData,
		"sending message body": StageBody, "sending final RSET": StageRset, "RSET probe": StageRset, "QUIT command": StageQuit,
		"performing the EHLO handshake": StageHelo, "LHLO command": StageHelo, "receiving the STARTTLS response": StageStartTLS,
		"XFORWARD name/address command": StageXForward, "sending XFORWARD protocol/helo_name": StageXForward, "AUTH command": StageAuth,
		"receiving the initial server greeting": StageGreeting, "BDAT command": StageOther, "": StageNone,
	} {
		if got := stageOf(text); got != want {
			t.Errorf("stageOf(%q) = %v, want %v", text, got, want)
		}
	}
}
