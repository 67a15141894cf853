package regex

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
	"github.com/mailsift/mailsift/internal/oracle/pcre2test"
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
	// The same shape with every literal the prefilter looks for present, so
	// only the linear-time guard stands between the input and exponential
	// backtracking: its superset (lookbehind dropped) fails on "zz".
	{"python-dovecot-shape-literals", Python, 0,
		`^(?:Aborted login|Disconnected)(?:: (?:\w+\([^\):]*\) \w+|[^\(]+))* \((?:auth failed, \d+ attempts)\):(?: user=<(?P<user>[^>]*)>,)? rip=(?P<host>(?:\d{1,3}\.){3}\d{1,3}|(?<=:):)`,
		"Disconnected: " + strings.Repeat("a: ", 28) + "x (auth failed, 1 attempts): rip=zz"},
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

// TestRunawayOracle asks the real engines for the answers TestRunawayBounded
// expects: pcre2test 10.42 for the PCRE2 cases (no match, or its own match
// limit error, which Postfix treats as no match), python3 for the Python
// cases. Python takes exponential time on the full ReDoS lines, so it is
// given the same lines with 8 repetitions instead of 28 (the answer does
// not depend on the count: the repeated part never contains the tail the
// pattern needs).
func TestRunawayOracle(t *testing.T) {
	// The oracle's flag bits are ours, in the same order (checked here, so
	// that the conversion below stays a plain conversion).
	for _, p := range [][2]uint16{
		{uint16(Caseless), uint16(pcre2test.Caseless)}, {uint16(Multiline), uint16(pcre2test.Multiline)},
		{uint16(DotAll), uint16(pcre2test.DotAll)}, {uint16(Extended), uint16(pcre2test.Extended)},
		{uint16(Anchored), uint16(pcre2test.Anchored)}, {uint16(DollarEndOnly), uint16(pcre2test.DollarEndOnly)},
		{uint16(Ungreedy), uint16(pcre2test.Ungreedy)},
	} {
		if p[0] != p[1] {
			t.Fatalf("regex flag %#x is pcre2test flag %#x", p[0], p[1])
		}
	}
	var pc []pcre2test.Case
	var pyc []pyCase
	for _, c := range runawayCases {
		switch c.dialect {
		case PCRE2:
			pc = append(pc, pcre2test.Case{Pattern: []byte(c.pattern), Flags: pcre2test.Flags(c.flags), Subjects: [][]byte{[]byte(c.subject)}})
		case Python:
			short := strings.Replace(c.subject, strings.Repeat("a: ", 28), strings.Repeat("a: ", 8), 1)
			pyc = append(pyc, pyCase{Pattern: c.pattern, Flags: c.flags, Subjects: [][]byte{[]byte(short)}})
		}
	}
	oracle.Tool(t, "pcre2test", "/usr/bin/pcre2test")
	res, err := pcre2test.Run(pc)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Compile != nil {
			t.Errorf("pcre2test rejects %q: %v", pc[i].Pattern, r.Compile)
			continue
		}
		if out := r.Subjects[0].Outcome(); out != "nomatch" && !strings.HasPrefix(out, "error -") {
			t.Errorf("pcre2test on %q: %s; TestRunawayBounded expects no match", pc[i].Pattern, out)
		} else {
			t.Logf("pcre2test %q: %s", pc[i].Pattern, out)
		}
	}
	pres := runPythonOracle(t, python3Path(t), pyc)
	for i, r := range pres {
		if len(r.Err) > 0 || len(r.Matches) != 1 || r.Matches[0] != nil {
			t.Errorf("python3 on %q: %+v; TestRunawayBounded expects no match", pyc[i].Pattern, r)
		}
	}
}
