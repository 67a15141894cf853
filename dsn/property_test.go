package dsn

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Reference grammars written straight from RFC 3463 section 2 and Postfix's
// dsn_valid (spec 2.4, 8).
var (
	strictRE  = regexp.MustCompile(`^[245]\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$`)
	lenientRE = regexp.MustCompile(`^[245]\.[0-9]{1,3}\.[0-9]{1,3}$`)
)

func genCode() *rapid.Generator[Code] {
	return rapid.Custom(func(t *rapid.T) Code {
		return Code{
			Class:   rapid.SampledFrom([]uint8{2, 4, 5}).Draw(t, "class"),
			Subject: rapid.Uint16Range(0, 999).Draw(t, "subject"),
			Detail:  rapid.Uint16Range(0, 999).Draw(t, "detail"),
		}
	})
}

// codeish draws strings close to codes, so that both grammars' edges are hit.
func codeish() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		parts := rapid.SliceOfN(rapid.StringOfN(rapid.RuneFrom([]rune("0123456789245x .-")), 0, 5, -1), 0, 5).Draw(t, "parts")
		return strings.Join(parts, ".")
	})
}

func TestPropCodeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCode().Draw(t, "code")
		s := c.String()
		if !strictRE.MatchString(s) {
			t.Fatalf("String() = %q is not canonical", s)
		}
		for _, parse := range []func(string) (Code, error){Parse, ParseLenient} {
			if got, err := parse(s); err != nil || got != c {
				t.Fatalf("parse(%q) = %v, %v; want %v", s, got, err, c)
			}
		}
		b, err := c.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var d Code
		if err := d.UnmarshalText(b); err != nil || d != c {
			t.Fatalf("UnmarshalText(%q) = %v, %v", b, d, err)
		}
		if e, ok := Lookup(c); ok && (e.Subject != c.Subject || e.Detail != c.Detail) {
			t.Fatalf("Lookup(%v) = %+v", c, e)
		}
	})
}

func TestPropGrammars(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(codeish(), rapid.String()).Draw(t, "s")
		strict, serr := Parse(s)
		lenient, lerr := ParseLenient(s)
		if (serr == nil) != strictRE.MatchString(s) {
			t.Fatalf("Parse(%q) err %v, reference grammar says %v", s, serr, strictRE.MatchString(s))
		}
		if (lerr == nil) != lenientRE.MatchString(s) {
			t.Fatalf("ParseLenient(%q) err %v, reference grammar says %v", s, lerr, lenientRE.MatchString(s))
		}
		// Lenient ⊇ strict, with the same value.
		if serr == nil && (lerr != nil || lenient != strict) {
			t.Fatalf("Parse(%q) = %v but ParseLenient = %v, %v", s, strict, lenient, lerr)
		}
		if lerr == nil {
			// A lenient code prints canonically and re-parses strictly.
			if again, err := Parse(lenient.String()); err != nil || again != lenient {
				t.Fatalf("Parse(ParseLenient(%q).String()) = %v, %v", s, again, err)
			}
		}
		for _, err := range []error{serr, lerr} {
			if err != nil {
				pe := err.(*ParseError)
				if pe.Input != s || pe.Offset < 0 || pe.Offset > len(s) || pe.Err == nil || pe.Error() == "" {
					t.Fatalf("bad error %#v", pe)
				}
			}
		}
		// Split and LookupString agree with ParseLenient.
		if c, rest := Split(s, Code{}); lerr == nil && (c != lenient || rest != "") {
			t.Fatalf("Split(%q) = %v, %q", s, c, rest)
		}
		if e, ok := LookupString(s); ok && lerr == nil && e.Code(lenient.Class) != lenient {
			t.Fatalf("LookupString(%q) = %+v", s, e)
		}
	})
}

func TestPropCompare(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCode().Draw(t, "a"), genCode().Draw(t, "b")
		if a.Compare(b) != -b.Compare(a) || (a.Compare(b) == 0) != (a == b) {
			t.Fatalf("Compare(%v, %v) = %d", a, b, a.Compare(b))
		}
		// The order is numeric, not textual: it matches the tuple order.
		ta := [3]int{int(a.Class), int(a.Subject), int(a.Detail)}
		tb := [3]int{int(b.Class), int(b.Subject), int(b.Detail)}
		if got, want := a.Compare(b), slices.Compare(ta[:], tb[:]); got != want {
			t.Fatalf("Compare(%v, %v) = %d, want %d", a, b, got, want)
		}
	})
}

func TestPropMapAddressIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCode().Draw(t, "code")
		if rapid.Bool().Draw(t, "address") {
			c.Subject = 1
			c.Detail = rapid.Uint16Range(0, 12).Draw(t, "detail")
		}
		tg := Target(rapid.IntRange(0, 2).Draw(t, "target"))
		once := MapAddress(c, tg)
		if MapAddress(once, tg) != once || once.Class != c.Class {
			t.Fatalf("MapAddress(%v, %v) = %v, again %v", c, tg, once, MapAddress(once, tg))
		}
		if _, ok := Lookup(once); c.Subject == 1 && !ok {
			t.Fatalf("MapAddress(%v, %v) = %v is not registered", c, tg, once)
		}
	})
}

// replyText draws reply text without line breaks and without digits, so
// that a flattened multi-line reply keeps its line structure.
func replyText() *rapid.Generator[string] {
	return rapid.StringOfN(rapid.RuneFrom([]rune("abc <>@:;,.()-_=/?!\"'é")), 0, 30, -1).
		Filter(func(s string) bool {
			return !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.Contains(s, "  ")
		})
}

func TestPropReplyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		code := rapid.IntRange(200, 599).Filter(func(n int) bool { return n/10%10 <= 5 }).Draw(t, "code")
		var enh Code
		if rapid.Bool().Draw(t, "hasEnhanced") {
			enh = genCode().Draw(t, "enhanced")
		}
		lines := rapid.SliceOfN(replyText(), 1, 5).Draw(t, "lines")
		var crlf, flat []string
		for i, l := range lines {
			sep := "-"
			if i == len(lines)-1 {
				sep = " "
			}
			text := l
			if !enh.IsZero() {
				text = enh.String() + " " + l
			}
			crlf = append(crlf, fmt.Sprintf("%d%s%s", code, sep, text))
			flat = append(flat, fmt.Sprintf("%d%s%s", code, sep, text))
		}
		forms := []string{strings.Join(crlf, "\r\n") + "\r\n", strings.Join(flat, " ")}
		for _, in := range forms {
			r, err := ParseReply(in)
			if err != nil {
				t.Fatalf("ParseReply(%q): %v", in, err)
			}
			if r.Code() != code || r.Enhanced() != enh || r.NumLines() != len(lines) {
				t.Fatalf("ParseReply(%q) = %d %v %d lines", in, r.Code(), r.Enhanced(), r.NumLines())
			}
			if got := slices.Collect(r.Lines()); !slices.Equal(got, lines) {
				t.Fatalf("ParseReply(%q).Lines() = %q, want %q", in, got, lines)
			}
			if r.Text() != strings.Join(lines, "\n") {
				t.Fatalf("Text() = %q", r.Text())
			}
			want := ReplyCode(code)
			if want != ProtocolErrorCode && enh.Class == want.Class {
				want = enh
			}
			if got := r.PostfixCode(); got != want {
				t.Fatalf("PostfixCode() = %v, want %v", got, want)
			}
		}
	})
}

func TestPropStatusRoundTrip(t *testing.T) {
	stages := []string{"MAIL FROM command", "RCPT TO command", "DATA command", "end of DATA command", "QUIT command", "RSET probe", "XFORWARD name/address command"}
	rapid.Check(t, func(t *rapid.T) {
		c := genCode().Draw(t, "code")
		action := rapid.SampledFrom([]Action{Sent, Deferred, Bounced, SoftBounce, Deliverable, Undeliverable}).Draw(t, "action")
		host := rapid.StringMatching(`[a-z0-9-]{1,10}(\.[a-z0-9-]{1,10}){0,3}`).Draw(t, "host")
		var addr netip.Addr
		if rapid.Bool().Draw(t, "v6") {
			addr = netip.AddrFrom16(rapid.Custom(func(t *rapid.T) [16]byte { return [16]byte(rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "b")) }).Draw(t, "ip6")).Unmap()
		} else {
			addr = netip.AddrFrom4([4]byte(rapid.SliceOfN(rapid.Byte(), 4, 4).Draw(t, "ip4")))
		}
		reply := fmt.Sprintf("%d %s %s", int(c.Class)*100+50, c, replyText().Draw(t, "text"))
		stage := rapid.SampledFrom(stages).Draw(t, "stage")
		line := fmt.Sprintf("Q1: to=<a@b>, relay=%s[%s]:25, delay=1, delays=1/0/0/0, dsn=%s, status=%s (host %s[%s] said: %s (in reply to %s))",
			host, addr, c, action, host, addr, reply, stage)
		st, err := ParseStatus(line)
		if err != nil {
			t.Fatalf("ParseStatus(%q): %v", line, err)
		}
		if st.Action != action || st.Code != c || st.Kind != KindSaid || st.Host != host || st.Addr != addr ||
			st.Reply.String() != reply || st.StageText != stage || st.Stage != stageOf(stage) || st.Reply.PostfixCode() != c {
			t.Fatalf("ParseStatus(%q) = %+v", line, st)
		}
	})
}

// TestPropNoPanic feeds arbitrary input to every parser.
func TestPropNoPanic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), codeish(), rapid.StringOf(rapid.RuneFrom([]rune("0245.- \r\n()[]:;hostsaid=dsnstatu,")))).Draw(t, "s")
		_, _ = Parse(s)
		_, _ = ParseLenient(s)
		_, _ = LookupString(s)
		_, _ = Split(s, RejectCode)
		if r, err := ParseReply(s); err == nil {
			_ = r.Text()
			_ = r.PostfixCode()
			for range r.Lines() {
			}
		}
		_, _ = ParseStatus(s)
		_, _ = ParseStatus("dsn=5.1.1, status=bounced (" + s + ")")
		_, _ = ParseStatus("dsn=5.1.1, status=bounced (host h[1.2.3.4] said: " + s + ")")
	})
}
