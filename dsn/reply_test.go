package dsn

import (
	"errors"
	"slices"
	"testing"
)

const gmail = "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"

func TestParseReply(t *testing.T) {
	tests := []struct {
		in       string
		code     int
		enhanced Code
		text     string
		lines    []string
		postfix  Code
	}{
		{in: "550 5.1.1 <a@b>: Recipient address rejected: User unknown in local recipient table", code: 550, enhanced: Code{5, 1, 1},
			text: "<a@b>: Recipient address rejected: User unknown in local recipient table", postfix: Code{5, 1, 1}},
		{in: "250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5", code: 250, enhanced: Code{2, 0, 0}, text: "Ok: queued as 4jXWjt3yVtz1SGM5", postfix: Code{2, 0, 0}},
		{in: "554 5.4.0 Error: too many hops", code: 554, enhanced: Code{5, 4, 0}, text: "Error: too many hops", postfix: Code{5, 4, 0}},
		{in: "250 Ok", code: 250, text: "Ok", postfix: Code{2, 0, 0}},
		{in: "250", code: 250, text: "", postfix: Code{2, 0, 0}},
		{in: "250 ", code: 250, text: "", postfix: Code{2, 0, 0}},
		{in: "221 2.0.0 Bye\r\n", code: 221, enhanced: Code{2, 0, 0}, text: "Bye", postfix: Code{2, 0, 0}},
		{in: "550 5.01.1 lenient", code: 550, enhanced: Code{5, 1, 1}, text: "lenient", postfix: Code{5, 1, 1}},
		{in: "550 5.1.1", code: 550, enhanced: Code{5, 1, 1}, text: "", postfix: Code{5, 1, 1}},
		{in: "550 5.1.1x no code", code: 550, text: "5.1.1x no code", postfix: Code{5, 0, 0}},
		{in: "550 5.1 short", code: 550, text: "5.1 short", postfix: Code{5, 0, 0}},
		// Class mismatch: reported as written, Postfix substitutes N.0.0.
		{in: "550 4.7.1 mismatch", code: 550, enhanced: Code{4, 7, 1}, text: "mismatch", postfix: Code{5, 0, 0}},
		{in: "450 5.7.1 mismatch", code: 450, enhanced: Code{5, 7, 1}, text: "mismatch", postfix: Code{4, 0, 0}},
		{in: "354 End data with <CR><LF>.<CR><LF>", code: 354, text: "End data with <CR><LF>.<CR><LF>", postfix: Code{5, 5, 0}},
		{in: "550  5.1.1  two spaces", code: 550, enhanced: Code{5, 1, 1}, text: "two spaces", postfix: Code{5, 1, 1}},
		{in: "550 5.1.1\tx", code: 550, enhanced: Code{5, 1, 1}, text: "x", postfix: Code{5, 1, 1}},
		{in: "250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n", code: 250, text: "mx.example.org\nPIPELINING\nSIZE 10240000\n8BITMIME",
			lines: []string{"mx.example.org", "PIPELINING", "SIZE 10240000", "8BITMIME"}, postfix: Code{2, 0, 0}},
		{in: "550-5.7.1 first\n550 5.7.26 last", code: 550, enhanced: Code{5, 7, 1}, text: "first\nlast", lines: []string{"first", "last"}, postfix: Code{5, 7, 26}},
		{in: "550-first\n550", code: 550, text: "first\n", lines: []string{"first", ""}, postfix: Code{5, 0, 0}},
		{in: gmail, code: 550, enhanced: Code{5, 1, 1},
			text: "The email account that you tried to reach does not exist. Please try\ndouble-checking the recipient's email address for typos or\nunnecessary spaces. Learn more at\nhttps://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp",
			lines: []string{
				"The email account that you tried to reach does not exist. Please try",
				"double-checking the recipient's email address for typos or",
				"unnecessary spaces. Learn more at",
				"https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp",
			}, postfix: Code{5, 1, 1}},
		// Flattened, last line found after the last "-" marker.
		{in: "450-4.2.1 busy 450 but 450-4.2.1 more 450 4.2.1 end", code: 450, enhanced: Code{4, 2, 1},
			lines: []string{"busy 450 but", "more", "end"}, text: "busy 450 but\nmore\nend", postfix: Code{4, 2, 1}},
		{in: "250-a 250", code: 250, text: "a\n", lines: []string{"a", ""}, postfix: Code{2, 0, 0}},
	}
	for _, tt := range tests {
		r, err := ParseReply(tt.in)
		if err != nil {
			t.Errorf("ParseReply(%q): %v", tt.in, err)
			continue
		}
		if r.Code() != tt.code || r.Enhanced() != tt.enhanced || r.Text() != tt.text || !r.IsValid() {
			t.Errorf("ParseReply(%q) = code %d enhanced %v text %q; want %d %v %q", tt.in, r.Code(), r.Enhanced(), r.Text(), tt.code, tt.enhanced, tt.text)
		}
		lines := tt.lines
		if lines == nil {
			lines = []string{tt.text}
		}
		if got := slices.Collect(r.Lines()); !slices.Equal(got, lines) || r.NumLines() != len(lines) || r.IsMultiline() != (len(lines) > 1) {
			t.Errorf("ParseReply(%q) lines = %q (%d), want %q", tt.in, got, r.NumLines(), lines)
		}
		if got := r.PostfixCode(); got != tt.postfix {
			t.Errorf("ParseReply(%q).PostfixCode() = %v, want %v", tt.in, got, tt.postfix)
		}
		if r.String() == "" || len(r.String()) > len(tt.in) {
			t.Errorf("String() = %q", r.String())
		}
	}
}

func TestParseReplyErrors(t *testing.T) {
	tests := []struct {
		in   string
		err  error
		part string
		off  int
	}{
		{"", ErrEmpty, "", 0},
		{"\r\n", ErrEmpty, "", 0},
		{"Recipient address rejected", ErrReplyCode, "reply code", 0},
		{"5.1.1 no reply code", ErrReplyCode, "reply code", 0},
		{"55", ErrReplyCode, "reply code", 0},
		{"650 x", ErrReplyCode, "reply code", 0},
		{"160 x", ErrReplyCode, "reply code", 0},
		{"590 x", ErrReplyCode, "reply code", 0},
		{"5500 x", ErrSeparator, "reply code", 3},
		{"550:x", ErrSeparator, "reply code", 3},
		{"250-first line only", ErrTruncated, "", 19},
		{"250-a\r\n250-b\r\n", ErrTruncated, "", 12},
		{"250-a\r\n251 b", ErrMixedCodes, "reply code", 7},
		{"250-a\r\nxyz b", ErrReplyCode, "reply code", 7},
		{"250-a\r\n250+b", ErrSeparator, "reply code", 10},
		{"250 a\r\n250 b", ErrTrailing, "", 7},
		{"250-a\n\n", ErrReplyCode, "reply code", 6},
	}
	for _, tt := range tests {
		_, err := ParseReply(tt.in)
		checkErr(t, "ParseReply", tt.in, err, tt.err, tt.part, tt.off)
	}
	var zero Reply
	if zero.IsValid() || zero.PostfixCode() != ProtocolErrorCode || zero.Text() != "" || zero.NumLines() != 0 {
		t.Error("zero Reply")
	}
	for range zero.Lines() {
		t.Error("zero Reply has lines")
	}
	_, err := ParseReply("no code here")
	if !errors.Is(err, ErrReplyCode) {
		t.Errorf("err = %v", err)
	}
}

func TestReplyAllocs(t *testing.T) {
	var sink Reply
	n := testing.AllocsPerRun(100, func() {
		sink, _ = ParseReply("550 5.1.1 <a@b>: Recipient address rejected: User unknown")
		_ = sink.Text()
		_ = sink.PostfixCode()
		sink, _ = ParseReply(gmail)
		_ = sink.PostfixCode()
	})
	if n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}
