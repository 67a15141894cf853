package regex

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"unicode"

	"github.com/mailsift/mailsift/internal/oracle"
)

// TestPythonUnicodeTables compares the parser's \w \d \s (Unicode and
// ASCII), the \b word set, the lower-case mapping and the "cased" predicate
// with python3's over every code point (testdata/python/classes.golden,
// recorded with -update from testdata/python/classes.py).
func TestPythonUnicodeTables(t *testing.T) {
	golden := filepath.Join("testdata", "python", "classes.golden")
	if oracle.Update() {
		out, err := exec.Command(python3Path(t), filepath.Join("testdata", "python", "classes.py")).Output()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var g map[string][][2]int
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	c := &pyCompiler{}
	for _, tc := range []struct {
		key   string
		cat   pyCat
		flags uint16
	}{
		{"w", catWord, pyU}, {"d", catDigit, pyU}, {"s", catSpace, pyU},
		{"w_ascii", catWord, pyA}, {"d_ascii", catDigit, pyA}, {"s_ascii", catSpace, pyA},
	} {
		got := c.category(tc.cat, tc.flags).Ranges
		want := g[tc.key]
		if len(got) != len(want) {
			t.Errorf("%s: %d ranges, python %d", tc.key, len(got), len(want))
			continue
		}
		for i := range got {
			if int(got[i].Lo) != want[i][0] || int(got[i].Hi) != want[i][1] {
				t.Errorf("%s: range %d is %x-%x, python %x-%x", tc.key, i, got[i].Lo, got[i].Hi, want[i][0], want[i][1])
				break
			}
		}
	}
	for _, neg := range []bool{false, true} {
		want := c.category(catWord, pyU).Ranges
		if neg {
			want = c.category(catNotWord, pyU).Ranges
		}
		got := pyWordCompact(neg).Materialize(MaxRune).Ranges
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("compact word class (neg=%v) differs from the materialized one", neg)
		}
	}
	// "\b." matches at the start exactly for word characters.
	for _, k := range []string{"b", "b_ascii"} {
		w := "w"
		if k == "b_ascii" {
			w = "w_ascii"
		}
		if len(g[k]) != len(g[w]) {
			t.Errorf("%s differs from %s", k, w)
		}
	}
	lower := map[rune]rune{}
	for _, p := range g["lower"] {
		lower[rune(p[0])] = rune(p[1])
	}
	cased := &Class{}
	for _, r := range g["cased"] {
		cased.AddRange(rune(r[0]), rune(r[1]))
	}
	cased.Normalize()
	bad := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want, ok := lower[r]
		if !ok {
			want = r
		}
		if got := pyLower(r, pyU); got != want {
			bad++
			if bad < 10 {
				t.Errorf("lower(%U) = %U, python %U", r, got, want)
			}
		}
		if got := pyIsCased(r, pyU); got != cased.Contains(r) {
			bad++
			if bad < 10 {
				t.Errorf("iscased(%U) = %v, python %v", r, got, !got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d case-table differences", bad)
	}
}
