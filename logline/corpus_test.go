package logline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/mailsift/mailsift/internal/oracle"
)

// corpusParser dates the lab corpus (recorded November 2026, UTC sandbox).
func corpusParser() Parser {
	return Parser{Location: time.UTC, Years: YearInferrer{Reference: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}}
}

// TestCorpus parses every line of the real Postfix 3.7.11 lab log: every line
// must give a specific event, and the JSON of every event must equal the
// reviewed golden file (go test -update re-records it).
func TestCorpus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "maillog.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := corpusParser()
	var ev Event
	var out bytes.Buffer
	counts := map[Kind]int{}
	n := 0
	for line := range bytes.Lines(data) {
		n++
		if err := p.Parse(line, &ev); err != nil {
			t.Errorf("line %d: %v", n, err)
			continue
		}
		counts[ev.Kind]++
		if ev.Kind == Unknown {
			t.Errorf("line %d: Unknown: %s", n, line)
		}
		out.Write(ev.AppendJSON(nil))
		out.WriteByte('\n')
	}
	t.Logf("%d lines, %d kinds, %d unknown", n, len(counts), counts[Unknown])
	golden := filepath.Join("testdata", "maillog.golden.jsonl")
	if oracle.Update() {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Bytes()
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d differs from golden:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("output has %d lines, golden %d", len(gl), len(wl))
	}
	// Every golden line is valid JSON.
	for i, l := range bytes.Split(bytes.TrimSpace(want), []byte("\n")) {
		if !json.Valid(l) {
			t.Fatalf("golden line %d is not valid JSON", i+1)
		}
	}
}

// TestGenerated parses the 1 M-line log of gen_maillog.py --seed 1 and
// compares the number of events of each kind with the generator's ground
// truth, computed by testdata/gen_tally.py from the generator's own emit()
// call sites. The expected tally is committed in testdata/gen_tally.golden.json;
// -update re-records it from the generator.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	py := oracle.Tool(t, "python3")
	gen := filepath.Join("..", "..", "shared", "tools", "gen_maillog.py")
	if _, err := os.Stat(gen); err != nil {
		oracle.Missing(t, "generator "+gen+" not found")
	}
	dir := t.TempDir()
	logPath := filepath.Join(dir, "gen.log")
	goldenPath := filepath.Join("testdata", "gen_tally.golden.json")
	var want map[string]int
	if oracle.Update() {
		cmd := exec.Command(py, filepath.Join("testdata", "gen_tally.py"), gen, "--seed", "1", "--lines", "1000000", "--out", logPath)
		cmd.Stderr = os.Stderr
		js, err := cmd.Output()
		if err != nil {
			t.Fatalf("gen_tally.py: %v", err)
		}
		if err := os.WriteFile(goldenPath, js, 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		cmd := exec.Command(py, gen, "--seed", "1", "--lines", "1000000")
		f, err := os.Create(logPath)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = f
		if err := cmd.Run(); err != nil {
			t.Fatalf("gen_maillog.py: %v", err)
		}
		f.Close()
	}
	js, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewScanner(bufio.NewReader(f))
	// The generator writes local time at UTC+1 (its RFC 3339 lines say +01:00).
	s.Location = time.FixedZone("+0100", 3600)
	s.Years.Reference = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	got := map[string]int{}
	var prev time.Time
	lines := 0
	for s.Scan() {
		lines++
		if err := s.ParseErr(); err != nil {
			t.Fatalf("line %d: %v", s.LineNumber(), err)
		}
		ev := s.Event()
		got[ev.Kind.String()]++
		// The generator writes in time order across New Year 2024/2025
		// and a switch to RFC 3339: inferred times never go back.
		if ev.Time.Before(prev) {
			t.Fatalf("line %d: time %v before %v", s.LineNumber(), ev.Time, prev)
		}
		prev = ev.Time
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != 1000000 {
		t.Errorf("%d lines, want 1000000", lines)
	}
	if got["unknown"] != 0 {
		t.Errorf("%d Unknown events", got["unknown"])
	}
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if got[k] != want[k] {
			t.Errorf("%s: parsed %d, generator %d", k, got[k], want[k])
		} else {
			t.Logf("%-22s %7s", k, strconv.Itoa(got[k]))
		}
	}
}

// TestFail2banSamples parses fail2ban's sample logs (GPL, read from the
// installed package at test time only): every Postfix or Dovecot syslog line
// must give a specific event.
func TestFail2banSamples(t *testing.T) {
	dir := "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs"
	for _, name := range []string{"postfix", "dovecot"} {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			oracle.Missing(t, "fail2ban sample log "+path+" not found")
		}
		p := Parser{Location: time.UTC, Years: YearInferrer{Reference: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}
		var ev Event
		n, typed := 0, 0
		for line := range bytes.Lines(data) {
			line = bytes.TrimRight(line, "\r\n")
			if len(line) == 0 || line[0] == '#' {
				continue
			}
			if err := p.Parse(line, &ev); err != nil {
				t.Errorf("%s: not a syslog line: %v", name, err)
				continue
			}
			n++
			if ev.Kind == Unknown {
				t.Errorf("%s: Unknown: %s", name, line)
				continue
			}
			typed++
		}
		t.Logf("%s: %d lines, %d typed", name, n, typed)
	}
}
