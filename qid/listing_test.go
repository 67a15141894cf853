package qid

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mailsift/mailsift/internal/oracle"
)

// cmpID compares IDs by value (they have unexported fields).
var cmpID = cmp.Comparer(func(a, b ID) bool { return a == b })

func readAll(t *testing.T, data []byte, f Format, now time.Time) ([]Entry, Summary, bool) {
	t.Helper()
	lr := NewListingReader(bytes.NewReader(data), f)
	lr.Location = time.UTC
	lr.Now = now
	var out []Entry
	for e, err := range lr.All() {
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		out = append(out, e)
	}
	s, ok := lr.Summary()
	return out, s, ok
}

// crossCheck parses a "postqueue -p" and a "postqueue -j" recording of the
// same queue and checks that the text parser yields what the JSON says.
func crossCheck(t *testing.T, pData, jData []byte) (p, j []Entry) {
	t.Helper()
	j, _, jsum := readAll(t, jData, FormatAuto, time.Time{})
	if jsum {
		t.Error("JSON listing has a summary")
	}
	var now time.Time
	for _, e := range j {
		if e.Arrival.After(now) {
			now = e.Arrival
		}
	}
	if now.IsZero() {
		now = time.Now()
	}
	p, sum, ok := readAll(t, pData, FormatAuto, now.Add(time.Minute))
	if !ok {
		t.Fatal("text listing without trailer")
	}
	if len(j) == 0 {
		if !sum.Empty || len(p) != 0 {
			t.Errorf("empty queue: text listing gave %d entries, summary %+v", len(p), sum)
		}
		return p, j
	}
	var total int64
	want := map[ID]Entry{}
	for _, e := range j {
		total += e.Size
		// What the text listing can show of this entry.
		switch e.Queue {
		case QueueActive, QueueHold:
		default:
			e.Queue = QueueUnknown
		}
		want[e.ID] = e
	}
	if sum.Empty || sum.Requests != len(j) || sum.Kbytes != total/1024 {
		t.Errorf("summary %+v, want %d requests, %d Kbytes", sum, len(j), total/1024)
	}
	if len(p) != len(j) {
		t.Errorf("text listing has %d entries, JSON %d", len(p), len(j))
	}
	for _, e := range p {
		if d := cmp.Diff(want[e.ID], e, cmpID); d != "" {
			t.Errorf("entry %s: text listing differs from JSON (-json +text):\n%s", e.ID, d)
		}
	}
	return p, j
}

func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGoldenListings parses postqueue output recorded from a real Postfix
// 3.7.11 instance (testdata/record/record.sh). With -update the goldens are
// re-recorded first.
func TestGoldenListings(t *testing.T) {
	if oracle.Update() {
		record(t, "testdata")
	}
	for _, form := range []string{"long", "short"} {
		t.Run(form, func(t *testing.T) {
			p, _, ok := readAll(t, golden(t, "empty-"+form+".p.golden"), FormatText, time.Now())
			if !ok || len(p) != 0 {
				t.Errorf("empty listing: %v %v", p, ok)
			}
			j, _, _ := readAll(t, golden(t, "empty-"+form+".j.golden"), FormatJSON, time.Now())
			if len(j) != 0 {
				t.Errorf("empty JSON listing: %v", j)
			}
			crossCheck(t, golden(t, "empty-"+form+".p.golden"), golden(t, "empty-"+form+".j.golden"))

			p, j = crossCheck(t, golden(t, "queue-"+form+".p.golden"), golden(t, "queue-"+form+".j.golden"))
			checkStates(t, form, j)
			_ = p
		})
	}
}

// checkStates checks that a recording holds the states record.sh creates.
func checkStates(t *testing.T, form string, j []Entry) {
	t.Helper()
	queues := map[Queue]int{}
	var many, null, reasons, longReason, quoted int
	for _, e := range j {
		queues[e.Queue]++
		if e.ID.IsLong() != (form == "long") {
			t.Errorf("%s: ID form", e.ID)
		}
		if e.Sender == NullSender {
			null++
		}
		if strings.HasPrefix(e.Sender, `"odd local"@`) {
			quoted++
		}
		if len(e.Recipients) == 25 {
			many++
		}
		for _, r := range e.Recipients {
			if strings.Contains(r.DelayReason, "Connection refused") {
				reasons++
			}
			if strings.Contains(r.DelayReason, "(temporarily) unavailable") {
				longReason++
			}
		}
		if time.Since(e.Arrival) < 0 || e.Arrival.Year() < 2020 {
			t.Errorf("%s: arrival %s", e.ID, e.Arrival)
		}
	}
	if queues[QueueHold] != 1 || queues[QueueActive] < 1 || queues[QueueDeferred] < 5 ||
		many != 1 || null != 1 || quoted != 1 || reasons < 5 || longReason < 1 {
		t.Errorf("recording lacks states: queues %v, many %d, null %d, quoted %d, reasons %d, long reasons %d",
			queues, many, null, quoted, reasons, longReason)
	}
}

// record runs testdata/record/record.sh into dir for both ID forms.
func record(t *testing.T, dir string) {
	t.Helper()
	oracle.Tool(t, "postqueue", "/usr/sbin/postqueue")
	oracle.Tool(t, "postsuper", "/usr/sbin/postsuper")
	oracle.Tool(t, "postfix", "/usr/sbin/postfix")
	oracle.Tool(t, "python3")
	if os.Geteuid() != 0 {
		oracle.Missing(t, "recording postqueue output needs root (a scratch Postfix master)")
	}
	for _, form := range []string{"long", "short"} {
		cmd := exec.Command("bash", "testdata/record/record.sh", dir, form)
		cmd.Env = append(os.Environ(), "PATH=/usr/sbin:/usr/bin:/sbin:/bin:"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("record.sh %s: %v\n%s", form, err, out)
		}
		t.Logf("record.sh %s: %s", form, bytes.TrimSpace(out))
	}
}

// TestLiveListings re-records from a real Postfix into a temporary
// directory and checks the parsers against it.
func TestLiveListings(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Postfix instance")
	}
	dir := t.TempDir()
	record(t, dir)
	for _, form := range []string{"long", "short"} {
		read := func(n string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		crossCheck(t, read("empty-"+form+".p.golden"), read("empty-"+form+".j.golden"))
		_, j := crossCheck(t, read("queue-"+form+".p.golden"), read("queue-"+form+".j.golden"))
		checkStates(t, form, j)
	}
}

func TestTextListingDetails(t *testing.T) {
	const in = `-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
6540A984342*     271 Fri Nov 27 01:11:28  alice@example.org
                                         judy@slow.example.test

ABCDEF123456!123456789 Mon Jan  5 09:00:00  MAILER-DAEMON
                   (host x[192.0.2.1] said: 450 4.2.0 busy (in reply to RCPT TO command))
                                         a@example.net
                                                          (reason unavailable)
                                         b@example.net
5C54B98433C#     260 Thu Dec 31 23:59:59  bob@example.org
                                         c@example.net

-- 120564 Kbytes in 3 Requests.
`
	lr := NewListingReader(strings.NewReader(in), FormatAuto)
	lr.Location = time.UTC
	lr.Now = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	var got []Entry
	for {
		e, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	want := []Entry{
		{Queue: QueueActive, ID: MustParse("6540A984342"), Arrival: time.Date(2026, 11, 27, 1, 11, 28, 0, time.UTC),
			Size: 271, Sender: "alice@example.org", Recipients: []Recipient{{Address: "judy@slow.example.test"}}},
		{Queue: QueueHold, ID: MustParse("ABCDEF123456"), Arrival: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
			Size: 123456789, Sender: NullSender, Recipients: []Recipient{
				{Address: "a@example.net", DelayReason: "host x[192.0.2.1] said: 450 4.2.0 busy (in reply to RCPT TO command)"},
				{Address: "b@example.net"}}},
		{ID: MustParse("5C54B98433C"), ForcedExpire: true, Arrival: time.Date(2020, 12, 31, 23, 59, 59, 0, time.UTC),
			Size: 260, Sender: "bob@example.org", Recipients: []Recipient{{Address: "c@example.net"}}},
	}
	if d := cmp.Diff(want, got, cmpID); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if s, ok := lr.Summary(); !ok || s != (Summary{Kbytes: 120564, Requests: 3}) {
		t.Errorf("summary %+v %v", s, ok)
	}
	if lr.Format() != FormatText {
		t.Error("format not detected")
	}
}

func TestListingErrors(t *testing.T) {
	tests := []struct {
		name, in string
		f        Format
		line     int
		reason   string
	}{
		{"bad id", "-Queue ID-\nXYZ*  12 Fri Nov 27 01:11:28 a@b\n", FormatText, 2, "bad queue ID"},
		{"bad size", "6540A984342* x Fri Nov 27 01:11:28 a@b\n", FormatText, 1, "bad message size"},
		{"bad date", "6540A984342* 12 Fry Nov 27 01:11:28 a@b\n", FormatText, 1, "bad weekday"},
		{"bad time", "6540A984342* 12 Fri Nov 27 01:1:28 a@b\n", FormatText, 1, "bad time of day"},
		{"orphan rcpt", "\n\n                      a@b\n", FormatText, 3, "recipient or reason line outside"},
		{"bad trailer", "-- many Kbytes in 3 Requests.\n", FormatText, 1, "malformed trailer"},
		{"after end", "Mail queue is empty\nfoo\n", FormatText, 2, "text after the end"},
		{"bad json", "{\"queue_id\": \n", FormatJSON, 1, "invalid JSON"},
		{"no id", "{\"queue_name\":\"active\"}\n", FormatJSON, 1, "missing queue_id"},
		{"bad json id", `{"queue_name":"active","queue_id":"nope","arrival_time":1,"message_size":1,"sender":"","recipients":[]}` + "\n\n", FormatAuto, 1, "bad queue_id"},
		{"json 2nd line", `{"queue_name":"active","queue_id":"6540A984342","arrival_time":1,"message_size":1,"sender":"","recipients":[]}` + "\n[]\n", FormatAuto, 2, "invalid JSON"},
		{"no address", `{"queue_name":"active","queue_id":"6540A984342","arrival_time":1,"message_size":1,"sender":"","recipients":[{}]}`, FormatJSON, 1, "recipient 0 without address"},
		{"long line", "6540A984342* 12 Fri Nov 27 01:11:28 " + strings.Repeat("a", 300) + "\n", FormatText, 1, "line exceeds"},
	}
	for _, tc := range tests {
		lr := NewListingReader(strings.NewReader(tc.in), tc.f)
		lr.MaxLineSize = 200
		var err error
		for err == nil {
			_, err = lr.Next()
		}
		var le *ListingError
		if !errors.As(err, &le) {
			t.Errorf("%s: got %v, want *ListingError", tc.name, err)
			continue
		}
		if le.Line != tc.line || !strings.HasPrefix(le.Reason, tc.reason) {
			t.Errorf("%s: line %d %q, want line %d %q", tc.name, le.Line, le.Reason, tc.line, tc.reason)
		}
		if _, err2 := lr.Next(); err2 != err {
			t.Errorf("%s: error not sticky", tc.name)
		}
	}
	// Recipient limit.
	lr := NewListingReader(strings.NewReader("6540A984342* 12 Fri Nov 27 01:11:28 a@b\n  x@y\n  y@z\n  z@w\n"), FormatText)
	lr.MaxRecipients = 2
	if _, err := lr.Next(); err == nil || !strings.Contains(err.Error(), "more than 2 recipients") {
		t.Errorf("recipient limit: %v", err)
	}
}

// TestListingBoundedMemory streams a large synthetic listing through a
// small line limit.
func TestListingBoundedMemory(t *testing.T) {
	pr, pw := io.Pipe()
	const n = 20000
	go func() {
		for i := 0; i < n; i++ {
			id := NewShort(i%1000000, uint64(i)+0x100000)
			io.WriteString(pw, id.String()+"      1234 Fri Nov 27 01:11:28  a@example.org\n         (deferred)\n          r@example.net\n\n")
		}
		io.WriteString(pw, "-- 24109 Kbytes in 20000 Requests.\n")
		pw.Close()
	}()
	lr := NewListingReader(pr, FormatText)
	lr.MaxLineSize = 256
	count := 0
	for _, err := range lr.All() {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if s, _ := lr.Summary(); count != n || s.Requests != n {
		t.Errorf("%d entries, summary %+v", count, s)
	}
}
