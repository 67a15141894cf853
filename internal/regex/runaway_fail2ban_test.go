package regex

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
)

// dovecotReDoS is the line of spec/fail2ban.md §7.3 that stalls fail2ban
// 1.0.2's dovecot filter (92 s at 28 repetitions), without its date, and the
// prefregex content fail2ban hands to the failregexes.
var dovecotReDoS = []string{
	"s166 dovecot: imap-login: Disconnected: " + strings.Repeat("a: ", 28) + "test no match",
	"Disconnected: " + strings.Repeat("a: ", 28) + "test no match",
}

// installedDovecotRegexes returns the prefregex and failregexes of the
// installed fail2ban dovecot filter (every mode), expanded and rewritten by
// fail2ban's own code. Nothing of it is stored in the repository.
func installedDovecotRegexes(tb testing.TB) []string {
	tb.Helper()
	py := python3Path(tb)
	if _, err := os.Stat("/etc/fail2ban/filter.d/dovecot.conf"); err != nil {
		oracle.Missing(tb, "fail2ban's dovecot filter is not installed")
	}
	const script = `
import json, logging
logging.disable(logging.CRITICAL)
from fail2ban.client.filterreader import FilterReader
from fail2ban.server.failregex import Regex
out = []
for mode in ("normal", "aggressive"):
    r = FilterReader("dovecot", "jail", {"mode": mode}, share_config={}, basedir="/etc/fail2ban")
    r.read(); r.getOptions(None)
    for cmd in r.convert():
        if cmd[2] in ("addfailregex", "prefregex"):
            for v in (cmd[3] if cmd[0] == "multi-set" else cmd[3:]):
                out.append(Regex(v)._regex)
print(json.dumps(sorted(set(out))))
`
	b, err := exec.Command(py, "-c", script).Output()
	if err != nil {
		tb.Fatalf("expanding the dovecot filter with fail2ban's code: %v", err)
	}
	var res []string
	if err := json.Unmarshal(b, &res); err != nil || len(res) == 0 {
		tb.Fatalf("expanding the dovecot filter: %v (%d regexes)", err, len(res))
	}
	return res
}

// TestRunawayFail2banDovecot runs the real 1.0.2 dovecot regexes on the
// ReDoS line: each must end with no match (fail2ban's eventual answer: the
// line has no " (auth failed" part at all) or ErrMatchLimit.
// BenchmarkRunawayFail2banDovecot shows how long each takes.
func TestRunawayFail2banDovecot(t *testing.T) {
	for i, p := range installedDovecotRegexes(t) {
		re, err := Compile(Python, p, 0)
		if err != nil {
			t.Fatalf("regex %d: %v", i, err)
		}
		for _, line := range dovecotReDoS {
			ok, err := re.MatchString(line)
			if err != nil && !errors.Is(err, ErrMatchLimit) {
				t.Errorf("regex %d: %v", i, err)
			}
			if ok && strings.Contains(p, "auth failed") {
				t.Errorf("regex %d matched the ReDoS line", i)
			}
		}
	}
}

func BenchmarkRunawayFail2banDovecot(b *testing.B) {
	for i, p := range installedDovecotRegexes(b) {
		re, err := Compile(Python, p, 0)
		if err != nil {
			b.Fatal(err)
		}
		for j, line := range dovecotReDoS {
			subject := []byte(line)
			b.Run("regex"+itoa(i)+"/line"+itoa(j), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := re.Match(subject); err != nil && !errors.Is(err, ErrMatchLimit) {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
