package dsn

import "testing"

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		def  Code
		code Code
		text string
	}{
		{"5.1.1 no such user", RejectCode, Code{5, 1, 1}, "no such user"},
		{"4.7.1 soft text in reject", RejectCode, Code{4, 7, 1}, "soft text in reject"},
		{"go away", RejectCode, Code{5, 7, 1}, "go away"},
		{"4.7.0 go away now", RejectCode, Code{4, 7, 0}, "go away now"},
		{"5.01.1\t text", DeferCode, Code{5, 1, 1}, "text"},
		{"5.1.1", DeferCode, Code{5, 1, 1}, ""},
		{"5.1.1x text", DeferCode, Code{4, 7, 1}, "5.1.1x text"},
		{"6.1.1 text", DeferCode, Code{4, 7, 1}, "6.1.1 text"},
		{" 5.1.1 text", DeferCode, Code{4, 7, 1}, " 5.1.1 text"},
		{"", DeferCode, Code{4, 7, 1}, ""},
	}
	for _, tt := range tests {
		c, text := Split(tt.in, tt.def)
		if c != tt.code || text != tt.text {
			t.Errorf("Split(%q) = %v, %q; want %v, %q", tt.in, c, text, tt.code, tt.text)
		}
	}
}

func TestReplyRules(t *testing.T) {
	for reply, want := range map[int]Code{250: {2, 0, 0}, 221: {2, 0, 0}, 450: {4, 0, 0}, 554: {5, 0, 0}, 354: {5, 5, 0}, 0: {5, 5, 0}, 199: {5, 5, 0}, 600: {5, 5, 0}, -450: {5, 5, 0}} {
		if got := ReplyCode(reply); got != want {
			t.Errorf("ReplyCode(%d) = %v, want %v", reply, got, want)
		}
	}
	for reply, want := range map[int]Code{450: {4, 7, 1}, 554: {5, 7, 1}, 421: {4, 7, 1}, 250: {4, 7, 1}, 600: {4, 7, 1}} {
		if got := AccessCode(reply); got != want {
			t.Errorf("AccessCode(%d) = %v, want %v", reply, got, want)
		}
	}
	// spec 2.4: "REJECT 4.7.1 soft text in reject" with reply 554 → 554 5.7.1.
	if got := ForceClass(554, MustParse("4.7.1")); got != MustParse("5.7.1") {
		t.Errorf("ForceClass(554, 4.7.1) = %v", got)
	}
	if got := ForceClass(450, MustParse("5.1.1")); got != MustParse("4.1.1") {
		t.Errorf("ForceClass(450, 5.1.1) = %v", got)
	}
	if got := ForceClass(354, MustParse("5.1.1")); got != MustParse("5.1.1") {
		t.Errorf("ForceClass(354, 5.1.1) = %v", got)
	}
	tests := []struct {
		reply int
		in    Code
		code  int
		out   Code
	}{
		{554, Code{4, 7, 1}, 554, Code{5, 7, 1}},
		{421, Code{4, 7, 0}, 421, Code{4, 7, 0}},
		{450, Code{5, 1, 1}, 450, Code{4, 1, 1}},
		{250, Code{2, 0, 0}, 450, Code{4, 7, 1}},
		{600, Code{5, 0, 0}, 450, Code{4, 7, 1}},
		{550, Code{}, 450, Code{4, 7, 1}},
		{550, Code{5, 1000, 0}, 450, Code{4, 7, 1}},
	}
	for _, tt := range tests {
		code, out := RejectReply(tt.reply, tt.in)
		if code != tt.code || out != tt.out {
			t.Errorf("RejectReply(%d, %v) = %d %v; want %d %v", tt.reply, tt.in, code, out, tt.code, tt.out)
		}
	}
}

// TestMapAddress checks the smtpd_dsn_fix table (spec 2.4).
func TestMapAddress(t *testing.T) {
	table := []struct{ y, sender, rcpt uint16 }{
		{1, 7, 1}, {2, 8, 2}, {3, 7, 3}, {4, 7, 4}, {5, 0, 5}, {6, 7, 6}, {7, 7, 3}, {8, 8, 2},
		{0, 0, 0}, {9, 0, 0}, {10, 0, 0}, {999, 0, 0},
	}
	for _, class := range []uint8{4, 5} {
		for _, row := range table {
			in := Code{class, 1, row.y}
			if got := MapAddress(in, TargetSender); got != (Code{class, 1, row.sender}) {
				t.Errorf("MapAddress(%v, sender) = %v, want X.1.%d", in, got, row.sender)
			}
			if got := MapAddress(in, TargetRecipient); got != (Code{class, 1, row.rcpt}) {
				t.Errorf("MapAddress(%v, recipient) = %v, want X.1.%d", in, got, row.rcpt)
			}
			if got := MapAddress(in, TargetOther); got != (Code{class, 0, 0}) {
				t.Errorf("MapAddress(%v, other) = %v, want X.0.0", in, got)
			}
		}
	}
	for _, c := range []Code{{5, 7, 1}, {4, 0, 0}, {5, 2, 2}, {5, 11, 1}} {
		for _, tg := range []Target{TargetOther, TargetSender, TargetRecipient} {
			if got := MapAddress(c, tg); got != c {
				t.Errorf("MapAddress(%v, %v) = %v, want unchanged", c, tg, got)
			}
		}
	}
	if TargetSender.String() != "sender" || TargetRecipient.String() != "recipient" || TargetOther.String() != "other" {
		t.Error("Target.String")
	}
}
