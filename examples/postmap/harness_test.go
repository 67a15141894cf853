package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mailsift/mailsift/internal/oracle"
)

// pmCase is one recorded postmap run: the table files, an optional build
// step (postmap type:file for indexed types) and the query.
type pmCase struct {
	Name        string        `json:"name"`
	Files       map[string]bs `json:"files"`
	Build       [][]bs        `json:"build,omitempty"`
	BuildStderr []bs          `json:"build_stderr,omitempty"`
	Args        []bs          `json:"args"`
	Stdin       bs            `json:"stdin,omitempty"`
	Stdout      bs            `json:"stdout"`
	Stderr      bs            `json:"stderr"`
	Exit        int           `json:"exit"`
}

// bs is a byte string that survives JSON: valid UTF-8 is written as a
// JSON string, anything else as {"base64": "..."}.
type bs string

func (b bs) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(b)) {
		return json.Marshal(string(b))
	}
	return json.Marshal(map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(b))})
}

func (b *bs) UnmarshalJSON(d []byte) error {
	var s string
	if err := json.Unmarshal(d, &s); err == nil {
		*b = bs(s)
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(d, &m); err != nil {
		return err
	}
	raw, err := base64.StdEncoding.DecodeString(m["base64"])
	*b = bs(raw)
	return err
}

func strs(a []bs) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}

var past = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// materialize writes the case's files (and an empty conf/main.cf) into dir
// with an mtime in the past (spec Appendix B).
func (c *pmCase) materialize(t testing.TB, dir string) {
	t.Helper()
	files := map[string]bs{"conf/main.cf": ""}
	for k, v := range c.Files {
		files[k] = v
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, past, past)
	}
}

// runReal runs the real postmap in dir.
func runReal(t testing.TB, pm, dir string, args []string, stdin string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(pm, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run postmap: %v", err)
	}
	return so.String(), se.String(), code
}

// runOurs runs the drop-in in-process with file names relative to dir.
func runOurs(t testing.TB, dir string, args []string, stdin string) (string, string, int) {
	t.Helper()
	var so, se bytes.Buffer
	code := runIn(dir, args, strings.NewReader(stdin), &so, &se)
	return so.String(), se.String(), code
}

// record fills in the expected outputs from the real postmap.
func (c *pmCase) record(t testing.TB, pm string) {
	dir := t.TempDir()
	c.materialize(t, dir)
	c.BuildStderr = nil
	for _, b := range c.Build {
		_, se, _ := runReal(t, pm, dir, strs(b), "")
		c.BuildStderr = append(c.BuildStderr, bs(se))
	}
	so, se, code := runReal(t, pm, dir, strs(c.Args), string(c.Stdin))
	c.Stdout, c.Stderr, c.Exit = bs(so), bs(se), code
}

// replay runs the case through the drop-in and reports differences.
func (c *pmCase) replay(t testing.TB) (diffs []string) {
	dir := t.TempDir()
	c.materialize(t, dir)
	for i, b := range c.Build {
		// The indexed file must exist for -q; its content is the source.
		for _, a := range strs(b) {
			if typ, name, ok := strings.Cut(a, ":"); ok && dbSuffixFor(typ) != "" {
				os.WriteFile(filepath.Join(dir, name+dbSuffixFor(typ)), nil, 0o644)
			}
		}
		_, se, _ := runOurs(t, dir, strs(b), "")
		if i < len(c.BuildStderr) && se != string(c.BuildStderr[i]) {
			diffs = append(diffs, "build stderr:\n got: "+quote(se)+"\nwant: "+quote(string(c.BuildStderr[i])))
		}
	}
	so, se, code := runOurs(t, dir, strs(c.Args), string(c.Stdin))
	if unsupported(se) {
		if tt, ok := t.(*testing.T); ok {
			tt.Skipf("internal/regex refuses a pattern Postfix accepts (unsupported construct): %s", strings.TrimSpace(se))
		}
		return nil
	}
	if so != string(c.Stdout) {
		diffs = append(diffs, "stdout:\n got: "+quote(so)+"\nwant: "+quote(string(c.Stdout)))
	}
	if se != string(c.Stderr) {
		diffs = append(diffs, "stderr:\n got: "+quote(se)+"\nwant: "+quote(string(c.Stderr)))
	}
	if code != c.Exit {
		diffs = append(diffs, "exit: got "+itoa(code)+" want "+itoa(c.Exit))
	}
	return diffs
}

func dbSuffixFor(typ string) string {
	switch typ {
	case "hash", "btree":
		return ".db"
	}
	return ""
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// unsupported reports whether our run refused a pattern internal/regex
// cannot emulate yet (the dialect parsers land separately).
func unsupported(stderr string) bool {
	return strings.Contains(stderr, "mailsift cannot emulate this pattern")
}

func loadCases(t testing.TB, glob string) map[string]*pmCase {
	t.Helper()
	files, _ := filepath.Glob(glob)
	sort.Strings(files)
	out := map[string]*pmCase{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c pmCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = &c
	}
	return out
}

func saveCase(t testing.TB, path string, c *pmCase) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// postmapTool returns the real postmap for recording, or "" when recording
// is not requested.
func postmapTool(t *testing.T) string {
	if !oracle.Update() {
		return ""
	}
	return oracle.Tool(t, "postmap", "/usr/sbin/postmap")
}
