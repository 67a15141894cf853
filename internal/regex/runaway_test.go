package regex

import (
	"errors"
	"strings"
	"testing"
)

// The runaway inputs of the foundation issue. Each must end with the right
// answer or ErrMatchLimit; BenchmarkRunaway shows each takes well under
// 10 ms. The expected answers are PCRE2's and Python's (recorded in
// TestRunawayOracle* against the real tools).
var runawayCases = []struct {
	name    string
	dialect Dialect
	flags   Flags
	pattern string
	subject string
}{
	// Nested quantifier, no required literal: the linear-time guard answers.
	{"pcre-nested-plus-dollar", PCRE2, Caseless | DotAll, `(a+)+$`, strings.Repeat("a", 40) + "!"},
	{"pcre-nested-star-b", PCRE2, Caseless | DotAll, `^(a|aa)*b`, strings.Repeat("a", 40)},
	{"pcre-lookahead-nested", PCRE2, Caseless | DotAll, `^(?=x)?(\w+\s?)*$`, strings.Repeat("word ", 20) + "!"},
	// The shape of the fail2ban 1.0.2 dovecot failregex (spec/fail2ban.md
	// §7.3), written for this test: a starred group whose second branch
	// [^(]+ also matches the separator, then a required " (" tail; the line
	// is the measured ReDoS line.
	{"python-dovecot-shape", Python, 0,
		`^(?:Aborted login|Disconnected)(?:: (?:\w+\([^\):]*\) \w+|[^\(]+))* \((?:auth failed, \d+ attempts)\):(?: user=<(?P<user>[^>]*)>,)? rip=(?P<host>(?:\d{1,3}\.){3}\d{1,3}|(?<=:):)`,
		"Disconnected: " + strings.Repeat("a: ", 28) + "test no match"},
	// The same shape with the prefilter's literals present, so only the
	// guard stands between the input and exponential backtracking.
	{"python-dovecot-shape-literals", Python, 0,
		`^(?:Aborted login|Disconnected)(?:: (?:\w+\([^\):]*\) \w+|[^\(]+))* \((?:auth failed, \d+ attempts)\):(?: user=<(?P<user>[^>]*)>,)? rip=(?P<host>(?:\d{1,3}\.){3}\d{1,3}|(?<=:):)`,
		"Disconnected: " + strings.Repeat("a: ", 28) + "x (auth failed, 1 attempts) rip=:"},
}

func TestRunawayBounded(t *testing.T) {
	for _, c := range runawayCases {
		t.Run(c.name, func(t *testing.T) {
			re, err := Compile(c.dialect, c.pattern, c.flags)
			if err != nil {
				t.Fatal(err)
			}
			ok, err := re.MatchString(c.subject)
			if err != nil && !errors.Is(err, ErrMatchLimit) {
				t.Fatalf("error %v, want a result or ErrMatchLimit", err)
			}
			if ok {
				t.Fatalf("matched; the source engines find no match")
			}
		})
	}
}

func BenchmarkRunaway(b *testing.B) {
	for _, c := range runawayCases {
		b.Run(c.name, func(b *testing.B) {
			re, err := Compile(c.dialect, c.pattern, c.flags)
			if err != nil {
				b.Fatal(err)
			}
			subject := []byte(c.subject)
			b.ReportAllocs()
			for b.Loop() {
				if ok, err := re.Match(subject); ok || (err != nil && !errors.Is(err, ErrMatchLimit)) {
					b.Fatal(ok, err)
				}
			}
		})
	}
}
