package qid

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

const corpusPath = "/work/shared/corpora/postfix-3.7/maillog.log"

// Independent recogniser built from the regular expressions of spec §1.4
// and the prefix regex of §7.1.
const (
	reShort = `[0-9A-F]{6,21}`
	reLong  = `[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{1,12}`
	reID    = `(` + reLong + `|` + reShort + `)`
	reEnd   = `(?:[^A-Za-z0-9_]|$)`
)

var (
	rePrefix = regexp.MustCompile(`^(?:(?P<mon>[A-Z][a-z]{2}) (?P<day>[ 0-9]?\d) (?P<hms>\d\d:\d\d:\d\d)|(?P<iso>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d))) (?P<host>\S+) (?P<tag>[^\s\[\]:]+)(?:\[(?P<pid>\d+)\])?: (?P<msg>.*)$`)
	refRules = []struct {
		kind Kind
		re   *regexp.Regexp
	}{
		{KindStart, regexp.MustCompile(`^` + reID + `: `)},
		{KindWarning, regexp.MustCompile(`^warning: ` + reID + `: `)},
		{KindQueuedAs, regexp.MustCompile(`queued as ` + reID + reEnd)},
		{KindNotification, regexp.MustCompile(`notification: ` + reID + reEnd)},
		{KindOrigQueueID, regexp.MustCompile(`orig_queue_id=` + reID + reEnd)},
		{KindMessageID, regexp.MustCompile(`(?:message-id=|Message-I[Dd]: )<(?:\d{14}\.)?` + reID + `@`)},
		{KindReceived, regexp.MustCompile(`\(Postfix\) with \S+ id ` + reID + reEnd)},
	}
)

type refMatch struct {
	kind  Kind
	start int
	text  string
}

// refFind lists the IDs the spec's regular expressions find in a line.
func refFind(line string) (out []refMatch, msgOff int, ts string) {
	m := rePrefix.FindStringSubmatchIndex(line)
	if m == nil {
		return nil, 0, ""
	}
	msgOff = m[2*rePrefix.SubexpIndex("msg")]
	msg := line[msgOff:]
	ts = line[:15]
	for _, r := range refRules {
		for _, sm := range r.re.FindAllStringSubmatchIndex(msg, -1) {
			out = append(out, refMatch{r.kind, msgOff + sm[2], msg[sm[2]:sm[3]]})
		}
	}
	return out, msgOff, ts
}

func corpusLines(t *testing.T) []string {
	t.Helper()
	var lines []string
	for _, p := range []string{corpusPath, "testdata/maillog-ids.log"} {
		f, err := os.Open(p)
		if err != nil {
			if p == corpusPath {
				t.Logf("corpus not available (%v); using testdata copy", err)
				continue
			}
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d lines", p, len(lines))
		if p == corpusPath {
			break
		}
	}
	return lines
}

// TestCorpus checks that every queue ID of the real Postfix 3.7.11 log is
// found where it stands, and that every long ID decodes to a time within
// one second of the line that first mentions it.
func TestCorpus(t *testing.T) {
	lines := corpusLines(t)
	known := map[string]bool{}
	firstSeen := map[ID]string{}
	var nMatches, nLong, nShort int
	kinds := map[Kind]int{}
	for n, line := range lines {
		want, _, ts := refFind(line)
		got := AppendAll(nil, []byte(line))
		if len(got) != len(want) {
			t.Errorf("line %d: got %d IDs %v, reference %v\n%s", n+1, len(got), got, want, line)
			continue
		}
		for i, g := range got {
			w := want[i]
			if g.Kind != w.kind || g.Start != w.start || g.ID.String() != w.text || line[g.Start:g.End] != w.text {
				t.Errorf("line %d: match %d = %v (%q), reference %+v", n+1, i, g, line[g.Start:g.End], w)
			}
			known[w.text] = true
			kinds[g.Kind]++
			nMatches++
			if _, ok := firstSeen[g.ID]; !ok {
				firstSeen[g.ID] = ts
				if g.ID.IsLong() {
					nLong++
				} else {
					nShort++
				}
			}
		}
		// Find returns the first of them.
		m, ok := Find([]byte(line))
		if ok != (len(got) > 0) || ok && m != got[0] {
			t.Errorf("line %d: Find = %v %v, AppendAll[0] = %v", n+1, m, ok, got)
		}
	}
	// Every occurrence of a known ID anywhere in the corpus stands in one of
	// the recognised places, except in verbose attribute dumps.
	for n, line := range lines {
		got := AppendAll(nil, []byte(line))
		for id := range known {
			for off := 0; ; {
				i := strings.Index(line[off:], id)
				if i < 0 {
					break
				}
				i += off
				off = i + 1
				covered := false
				for _, g := range got {
					if g.Start == i && g.End == i+len(id) {
						covered = true
					}
				}
				if !covered && !strings.Contains(line, "attribute value: ") {
					t.Errorf("line %d: known ID %s at offset %d not found by AppendAll: %s", n+1, id, i, line)
				}
			}
		}
	}
	// Long IDs: time within 1 s of the first line mentioning the ID. The
	// maillog_file lines carry local time (UTC here) without a year.
	var checked int
	for id, ts := range firstSeen {
		if !id.IsLong() {
			continue
		}
		lt, err := time.Parse("Jan 02 15:04:05", ts)
		if err != nil {
			t.Fatalf("bad timestamp %q: %v", ts, err)
		}
		it := id.Time()
		lt = lt.AddDate(it.Year(), 0, 0)
		if d := it.Sub(lt); d < -time.Second || d > time.Second {
			t.Errorf("%s decodes to %s, first logged at %s (off by %s)", id, it.Format(time.RFC3339Nano), ts, d)
		}
		checked++
	}
	t.Logf("%d matches (%v), %d distinct IDs (%d long, %d short), %d long IDs time-checked",
		nMatches, kinds, len(firstSeen), nLong, nShort, checked)
	if nLong == 0 || nShort == 0 || kinds[KindNotification] == 0 || kinds[KindMessageID] == 0 ||
		kinds[KindQueuedAs] == 0 || kinds[KindWarning] == 0 || kinds[KindReceived] == 0 {
		t.Errorf("corpus coverage too small: %v", kinds)
	}
}

func TestFindKinds(t *testing.T) {
	tests := []struct {
		line string
		want []string // "kind:id"
	}{
		{"Nov 22 14:29:24 mx postfix/qmgr[28005]: 4jXWfr4z1Cz1SGmk: from=<a@b>, size=1, nrcpt=1 (queue active)",
			[]string{"start:4jXWfr4z1Cz1SGmk"}},
		{"4jXWfr4z1Cz1SGmk: removed", []string{"start:4jXWfr4z1Cz1SGmk"}},
		{"DED2698662B: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: Relay access denied",
			[]string{"start:DED2698662B"}},
		{"Nov 22 14:32:02 mx postfix/cleanup[28035]: warning: 4jXWjt6sFrz1SGLv: message rejected: hopcount exceeded",
			[]string{"warning:4jXWjt6sFrz1SGLv"}},
		{"2026-11-22T14:09:11.123456+00:00 mx postfix/smtpd[15826]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1 nope", nil},
		{"<22>1 2026-11-22T14:09:11.123456+00:00 mx postfix/smtp 15826 - - 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, delays=0/0.03/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)",
			[]string{"start:4jXWjt3kD8z1SGLv", "queued-as:4jXWjt3yVtz1SGM5"}},
		{"Nov 22 14:28:28 mx postfix/bounce[26167]: 0048B9866B3: sender non-delivery notification: 0A8B59866E5",
			[]string{"start:0048B9866B3", "notification:0A8B59866E5"}},
		{"Nov 22 14:28:28 mx postfix/bounce[26167]: 0048B9866B3: postmaster delay notification: 4jXWjt3yVtz1SGM5",
			[]string{"start:0048B9866B3", "notification:4jXWjt3yVtz1SGM5"}},
		{"Nov 22 14:10:21 mx postfix/cleanup[1]: DED2698662B: message-id=<20261122141021.DED2698662B@mx.example.test>",
			[]string{"start:DED2698662B", "message-id:DED2698662B"}},
		{"Nov 22 14:10:21 mx postfix/cleanup[1]: 4jXWfr4z1Cz1SGmk: message-id=<4jXWfr4z1Cz1SGmk@mx.example.test>",
			[]string{"start:4jXWfr4z1Cz1SGmk", "message-id:4jXWfr4z1Cz1SGmk"}},
		{"Nov 22 14:10:21 mx postfix/cleanup[1]: 4jXWfr4z1Cz1SGmk: message-id=<abc123@example.org>",
			[]string{"start:4jXWfr4z1Cz1SGmk"}},
		{"Nov 22 14:10:21 mx postfix/smtpd[1]: 2989A9862D4: client=a[192.0.2.1], orig_queue_id=29CC29862D4, orig_client=b[192.0.2.2]",
			[]string{"start:2989A9862D4", "orig_queue_id:29CC29862D4"}},
		{"D23449866A9: warning: header Received: from h (c [5.6.7.8])??by mx.example.test (Postfix) with ESMTP id D23449866A9??for <ok@d>; Sun, 22 Nov 2026",
			[]string{"start:D23449866A9", "received:D23449866A9"}},
		{"x: status=sent (250 2.0.0 Ok: queued as 1abc-000123-XY)", nil},    // Exim
		{"x: status=sent (250 2.0.0 Ok: queued as ABCDEF123456789_X)", nil}, // token continues
		{"Nov 22 14:06:48 mx postfix/master[13823]: daemon started -- version 3.7.11", nil},
		{"", nil},
	}
	for _, tc := range tests {
		var got []string
		for m := range All([]byte(tc.line)) {
			if tc.line[m.Start:m.End] != m.ID.String() {
				t.Errorf("%q: offsets %d:%d do not hold %s", tc.line, m.Start, m.End, m.ID)
			}
			got = append(got, m.Kind.String()+":"+m.ID.String())
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q:\n got %v\nwant %v", tc.line, got, tc.want)
		}
	}
}

func TestNoQueue(t *testing.T) {
	if !IsNoQueue("NOQUEUE") || IsNoQueue("NOQUEUE:") || !IsNoQueue([]byte(NoQueue)) {
		t.Error("IsNoQueue")
	}
	if !IsNoQueueLine([]byte("Nov 22 14:27:43 mx postfix/smtpd[25714]: NOQUEUE: reject: RCPT from x")) ||
		!IsNoQueueLine([]byte("NOQUEUE: filter: RCPT")) ||
		IsNoQueueLine([]byte("Nov 22 14:27:43 mx postfix/smtpd[25714]: 17CAB9860E9: client=x")) {
		t.Error("IsNoQueueLine")
	}
	if _, err := Parse(NoQueue); err == nil {
		t.Error("NOQUEUE parsed as an ID")
	}
}

func TestFindAllocs(t *testing.T) {
	line := []byte("Nov 22 14:29:24 mx postfix/smtp[28084]: 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)")
	noq := []byte("Nov 22 14:27:43 mx postfix/smtpd[25714]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1 <ABCDEFGHIJKLz@x>: queued as FFFFFFFFFFF, message-id=<20261122141021.FFFFF@x>")
	buf := make([]Match, 0, 8)
	n := testing.AllocsPerRun(100, func() {
		if _, ok := Find(line); !ok {
			t.Fatal("not found")
		}
		buf = AppendAll(buf[:0], line)
		for range All(line) {
		}
		_, _ = ParseBytes(line[40:56])
		if _, ok := Find(noq); ok { // tokens that fail to parse
			t.Fatal("found an ID in a NOQUEUE line")
		}
		MessageStart(line)
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	if len(buf) != 2 {
		t.Errorf("AppendAll: %v", buf)
	}
}
