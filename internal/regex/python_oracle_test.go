package regex

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
)

// pyCase is one differential case: a pattern, its compile flags and the
// subjects to search.
type pyCase struct {
	Pattern  string   `json:"p"`
	Flags    Flags    `json:"f"`
	Subjects [][]byte `json:"-"`
	Enc      []string `json:"s"`
}

// pyResult is python3's answer for a pyCase (see testdata/python/oracle.py).
type pyResult struct {
	Err     []any   `json:"e,omitempty"` // [msg, pos]
	Matches [][]int `json:"m,omitempty"`
}

// pyRecord is one golden line: the case and python3's answer.
type pyRecord struct {
	pyCase
	R pyResult `json:"r"`
}

func (c *pyCase) encode() {
	c.Enc = c.Enc[:0]
	for _, s := range c.Subjects {
		c.Enc = append(c.Enc, base64.StdEncoding.EncodeToString(s))
	}
}

func (c *pyCase) decode() error {
	c.Subjects = nil
	for _, e := range c.Enc {
		b, err := base64.StdEncoding.DecodeString(e)
		if err != nil {
			return err
		}
		c.Subjects = append(c.Subjects, b)
	}
	return nil
}

// python3Path returns the oracle interpreter, preferring /usr/bin/python3
// (the one fail2ban runs on); it skips the test when there is none.
func python3Path(t testing.TB) string {
	t.Helper()
	return oracle.Tool(t, "/usr/bin/python3", "/usr/bin/python3")
}

// runPythonOracle runs every case through one python3 process.
func runPythonOracle(t testing.TB, py string, cases []pyCase) []pyResult {
	t.Helper()
	cmd := exec.Command(py, filepath.Join("testdata", "python", "oracle.py"))
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(in)
		enc := json.NewEncoder(w)
		for i := range cases {
			cases[i].encode()
			if err := enc.Encode(&cases[i]); err != nil {
				errc <- err
				return
			}
		}
		if err := w.Flush(); err != nil {
			errc <- err
			return
		}
		errc <- in.Close()
	}()
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var res []pyResult
	for sc.Scan() {
		var r pyResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("oracle output %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("python3 oracle: %v", err)
	}
	if len(res) != len(cases) {
		t.Fatalf("oracle answered %d of %d cases", len(res), len(cases))
	}
	return res
}

// pyStats counts the outcomes of a differential run.
type pyStats struct {
	pairs, compileErrAgree, unsupported, subjUnsupported, matchLimit int
	matched, noMatch                                                 int
}

// comparePython compares mailsift with python3's answer for one case and
// returns the disagreements.
func comparePython(c *pyCase, r *pyResult, st *pyStats) []string {
	var diffs []string
	re, err := Compile(Python, c.Pattern, c.Flags)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return []string{fmt.Sprintf("%q flags=%d: non-*Error %v", c.Pattern, c.Flags, err)}
		}
		if e.Code == ErrUnsupported {
			if r.Err != nil && !strings.HasPrefix(e.Construct, `\N{`) {
				return []string{fmt.Sprintf("%q flags=%d: we say unsupported (%v), python rejects: %v", c.Pattern, c.Flags, err, r.Err)}
			}
			st.unsupported++
			return nil
		}
		if r.Err == nil {
			return []string{fmt.Sprintf("%q flags=%d: we reject (%v), python compiles", c.Pattern, c.Flags, err)}
		}
		pm, _ := r.Err[0].(string)
		pp, _ := r.Err[1].(float64)
		if pm != e.Msg || int(pp) != e.Offset {
			return []string{fmt.Sprintf("%q flags=%d: error differs: ours %q at %d, python %q at %d", c.Pattern, c.Flags, e.Msg, e.Offset, pm, int(pp))}
		}
		st.compileErrAgree++
		return nil
	}
	if r.Err != nil {
		return []string{fmt.Sprintf("%q flags=%d: we compile (%s), python rejects: %v", c.Pattern, c.Flags, re.Canonical(), r.Err)}
	}
	if len(r.Matches) != len(c.Subjects) {
		return []string{fmt.Sprintf("%q: %d results for %d subjects", c.Pattern, len(r.Matches), len(c.Subjects))}
	}
	for i, s := range c.Subjects {
		st.pairs++
		got, err := re.FindSubmatchIndex(s)
		if errors.Is(err, ErrSubjectUnsupported) {
			st.subjUnsupported++
			continue
		}
		if errors.Is(err, ErrMatchLimit) {
			st.matchLimit++
			continue
		}
		if err != nil {
			diffs = append(diffs, fmt.Sprintf("%q flags=%d subject %q: error %v", c.Pattern, c.Flags, s, err))
			continue
		}
		want := r.Matches[i]
		if want == nil {
			st.noMatch++
		} else {
			st.matched++
		}
		ok, _ := re.Match(s)
		if ok != (want != nil) {
			diffs = append(diffs, fmt.Sprintf("%q flags=%d subject %q: Match=%v, python match=%v", c.Pattern, c.Flags, s, ok, want != nil))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
			diffs = append(diffs, fmt.Sprintf("%q flags=%d subject %q: ours %v, python %v (canonical %s)", c.Pattern, c.Flags, s, got, want, trunc(re.Canonical())))
		}
	}
	return diffs
}

func trunc(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
