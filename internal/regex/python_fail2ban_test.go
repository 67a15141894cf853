package regex

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
)

// TestFail2banRegexes (live only) expands every prefregex, failregex and
// ignoreregex of every installed fail2ban filter in every mode with
// fail2ban's own Python code, compiles them as fail2ban does, and compares
// python's search() with ours on subjects built from fail2ban's installed
// sample logs (testdata/python/fail2ban_eval.py). Nothing of the filters or
// logs is stored in the repository.
func TestFail2banRegexes(t *testing.T) {
	py := python3Path(t)
	if st, err := os.Stat("/etc/fail2ban/filter.d"); err != nil || !st.IsDir() {
		oracle.Missing(t, "fail2ban filters (/etc/fail2ban/filter.d) not installed")
	}
	seed := 1
	if v, err := strconv.Atoi(os.Getenv("MAILSIFT_F2B_SEED")); err == nil {
		seed = v
	}
	cmd := exec.Command(py, filepath.Join("testdata", "python", "fail2ban_eval.py"), strconv.Itoa(seed))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	var subjects [][]byte
	var st pyStats
	regexes, pyRejected, skipped, bad := 0, 0, 0, 0
	byKind := map[string]int{}
	for sc.Scan() {
		var line struct {
			S    []string `json:"S"`
			Skip string   `json:"skip"`
			P    *string  `json:"p"`
			F    int      `json:"f"`
			K    string   `json:"k"`
			R    pyResult `json:"r"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		switch {
		case line.S != nil:
			subjects = subjects[:0]
			for _, s := range line.S {
				b, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					t.Fatal(err)
				}
				subjects = append(subjects, b)
			}
			continue
		case line.Skip != "":
			skipped++
			t.Logf("fail2ban skips: %s", line.Skip)
			continue
		case line.P == nil:
			continue
		}
		regexes++
		byKind[line.K]++
		if line.R.Err != nil {
			pyRejected++
		}
		c := pyCase{Pattern: *line.P, Subjects: subjects}
		if line.F == 2 {
			c.Flags = Multiline
		}
		// Report the regex by number only: its text is fail2ban's.
		for _, d := range comparePython(&c, &line.R, &st) {
			bad++
			if bad <= 10 {
				t.Errorf("regex #%d (%s): %s", regexes, line.K, trunc(d))
			}
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("fail2ban_eval.py: %v", err)
	}
	t.Logf("%d regexes (%v), %d rejected by python, %d unsupported by us, %d filter/mode loads skipped by fail2ban; %d evaluations (%d match, %d no match), %d subject-unsupported, %d match-limit; %d disagreements",
		regexes, byKind, pyRejected, st.unsupported, skipped, st.pairs, st.matched, st.noMatch, st.subjUnsupported, st.matchLimit, bad)
	if regexes < 300 {
		t.Errorf("only %d regexes evaluated", regexes)
	}
	if bad > 0 {
		t.Errorf("%d disagreements", bad)
	}
}
