package dsn

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"5.1.1", "2.0.0", "4.7.25", "5.01.1", "5.1", "6.0.0", "5.1000.1", "", "5.1.1 ", "X.1.1", "5.999.999", "5.1.1x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		strict, serr := Parse(s)
		lenient, lerr := ParseLenient(s)
		if (serr == nil) != strictRE.MatchString(s) || (lerr == nil) != lenientRE.MatchString(s) {
			t.Fatalf("%q: Parse err %v, ParseLenient err %v disagree with the reference grammars", s, serr, lerr)
		}
		if serr == nil {
			if lerr != nil || lenient != strict || strict.String() != s {
				t.Fatalf("%q: strict %v, lenient %v %v", s, strict, lenient, lerr)
			}
		}
		if lerr == nil {
			if !lenient.IsValid() {
				t.Fatalf("%q: invalid %v", s, lenient)
			}
			if again, err := Parse(lenient.String()); err != nil || again != lenient {
				t.Fatalf("%q: reparse %v %v", s, again, err)
			}
		}
		_, _ = LookupString(s)
		_, _ = Split(s, RejectCode)
	})
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{
		"550 5.1.1 <a@b>: Recipient address rejected: User unknown",
		"250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
		gmail, "250", "250-x", "550 4.7.1 x", "354 go", "", "5.1.1 x", "250-a\r\n251 b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReply(s)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		if r.Code() < 200 || r.Code() > 559 || !strings.HasPrefix(s, r.String()) || !r.IsValid() {
			t.Fatalf("%q: code %d raw %q", s, r.Code(), r.String())
		}
		lines := slices.Collect(r.Lines())
		if len(lines) != r.NumLines() || r.Text() != strings.Join(lines, "\n") {
			t.Fatalf("%q: %d lines %q, text %q", s, r.NumLines(), lines, r.Text())
		}
		if e := r.Enhanced(); !e.IsZero() && !e.IsValid() {
			t.Fatalf("%q: enhanced %v", s, e)
		}
		if c := r.PostfixCode(); !c.IsValid() {
			t.Fatalf("%q: PostfixCode %v", s, c)
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	if b, err := os.ReadFile("testdata/maillog-status.log"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f.Add(l)
		}
	}
	f.Add(`dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.26] said: ` + gmail + ` (in reply to RCPT TO command))`)
	f.Add(`dsn=4.4.2, status=deferred (lost connection with mx.example.com[2001:db8::25] while sending end of data -- message may be sent more than once)`)
	f.Add(`dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again)`)
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		if !strings.Contains(s, st.Text) || st.Action.String() == "" {
			t.Fatalf("%q: %+v", s, st)
		}
		if (st.Action == Expired) != st.Code.IsZero() || !st.Code.IsZero() && !st.Code.IsValid() {
			t.Fatalf("%q: action %v code %v", s, st.Action, st.Code)
		}
		if (st.Addr.IsValid() || st.Socket != "") && st.Host == "" {
			t.Fatalf("%q: address without host: %+v", s, st)
		}
		if st.Kind == KindText && (st.Host != "" || st.Addr.IsValid() || st.Reply.IsValid()) {
			t.Fatalf("%q: text kind with fields: %+v", s, st)
		}
	})
}
