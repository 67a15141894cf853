package regex

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/mailsift/mailsift/internal/oracle"
)

func simpleFoldOrbit(c rune) []rune {
	out := []rune{c}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

func formatFold(c rune, set []rune) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(int64(c), 16))
	for _, d := range set {
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(int64(d), 16))
	}
	return b.String()
}

func parseFoldLines(t testing.TB, data []byte) map[rune][]rune {
	m := map[rune][]rune{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		var rs []rune
		for _, x := range f {
			v, err := strconv.ParseInt(x, 16, 32)
			if err != nil {
				t.Fatalf("fold line %q: %v", line, err)
			}
			rs = append(rs, rune(v))
		}
		m[rs[0]] = rs[1:]
	}
	return m
}

// ourFoldSet is the set a single caseless literal c matches, from the parser.
func ourFoldSet(t testing.TB, c rune) []rune {
	tr, err := parsePython(pyEscapeLiteral(c), Caseless)
	if err != nil {
		t.Fatalf("%U: %v", c, err)
	}
	n := tr.Root
	switch n.Op {
	case OpLiteral:
		return []rune{n.Rune}
	case OpClass:
		var out []rune
		for _, r := range n.Class.Materialize(MaxRune).Ranges {
			if r.Hi-r.Lo > 100 {
				t.Fatalf("%U: fold set too large", c)
			}
			for x := r.Lo; x <= r.Hi; x++ {
				out = append(out, x)
			}
		}
		return out
	}
	t.Fatalf("%U: unexpected node %v", c, n.Op)
	return nil
}

func pyEscapeLiteral(c rune) string {
	if c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
		return `\x` + fmt.Sprintf("%02x", c)
	}
	return string(c)
}

// TestPythonFolds checks, for every code point c, the set of code points a
// caseless literal c matches against python3's re.fullmatch(c, d, re.I),
// stored as the orbits that differ from Go's unicode.SimpleFold
// (testdata/python/folds.golden; -update re-records it from python3).
func TestPythonFolds(t *testing.T) {
	golden := filepath.Join("testdata", "python", "folds.golden")
	if oracle.Update() {
		py := python3Path(t)
		out, err := exec.Command(py, filepath.Join("testdata", "python", "folds.py")).Output()
		if err != nil {
			t.Fatal(err)
		}
		pyAll := parseFoldLines(t, out)
		var b strings.Builder
		b.WriteString("# code point, then the code points a caseless Python literal of it matches, where that set differs from Go's unicode.SimpleFold orbit (hex). Recorded from python3 with testdata/python/folds.py.\n")
		for c := rune(0); c <= unicode.MaxRune; c++ {
			if c >= 0xd800 && c <= 0xdfff {
				continue
			}
			want, ok := pyAll[c]
			if !ok {
				want = []rune{c}
			}
			if !slices.Equal(want, simpleFoldOrbit(c)) {
				b.WriteString(formatFold(c, want) + "\n")
			}
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	diff := parseFoldLines(t, data)
	t.Logf("%d code points whose Python fold set differs from Go's SimpleFold orbit", len(diff))
	bad := 0
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if c >= 0xd800 && c <= 0xdfff {
			continue
		}
		want, ok := diff[c]
		if !ok {
			want = simpleFoldOrbit(c)
		}
		var got []rune
		if !pyIsCased(c, pyU) && len(want) == 1 {
			got = []rune{c}
		} else {
			got = ourFoldSet(t, c)
		}
		if !slices.Equal(got, want) {
			bad++
			if bad < 20 {
				t.Errorf("%U: ours %x, python %x", c, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d code points differ", bad)
	}
}
