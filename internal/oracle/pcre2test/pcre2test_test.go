package pcre2test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// snippetWant is what testdata/snippet.out (recorded from pcre2test 10.42)
// says about snippetCases, read off the recording by hand.
var snippetWant = []struct {
	compile  *CompileError
	outcomes []string
	texts    [][]string // rendered text per group, per subject (nil: not checked)
}{
	{outcomes: []string{"match 1,3 -", "nomatch"}, texts: [][]string{{"Ac", ""}, nil}},
	{compile: &CompileError{Number: 114, Offset: 2, Message: "missing closing parenthesis"}},
	{outcomes: []string{"match 0,0"}},
	{outcomes: []string{"error -47"}},
	{outcomes: []string{"match 0,4 0,4 -", "match 0,1 - 0,1"}, texts: [][]string{{`\x0a`, `\x0a`, ""}, {`\x0a`, "", `\x0a`}}},
	{outcomes: []string{"match 0,2 - 0,1 1,1", "nomatch"}},
	{outcomes: []string{"match 1,8 -"}, texts: [][]string{{"<unset>", ""}}},
	{compile: &CompileError{Number: 125, Offset: 0, Message: "lookbehind assertion is not fixed length"}},
	{outcomes: []string{"match 1,4 2,3"}},
}

func TestInputRecorded(t *testing.T) {
	want, err := os.ReadFile("testdata/snippet.in")
	if err != nil {
		t.Fatal(err)
	}
	if got := Input(snippetCases); !bytes.Equal(got, want) {
		t.Errorf("Input differs from testdata/snippet.in:\n%s", cmp.Diff(string(want), string(got)))
	}
}

func checkSnippet(t *testing.T, res []Result) {
	t.Helper()
	if len(res) != len(snippetWant) {
		t.Fatalf("got %d results, want %d", len(res), len(snippetWant))
	}
	for i, w := range snippetWant {
		r := res[i]
		if diff := cmp.Diff(w.compile, r.Compile); diff != "" {
			t.Errorf("case %d: compile error (-want +got):\n%s", i, diff)
		}
		if w.compile != nil {
			if len(r.Subjects) != 0 {
				t.Errorf("case %d: %d subject results after a compile error", i, len(r.Subjects))
			}
			continue
		}
		var got []string
		for _, m := range r.Subjects {
			got = append(got, m.Outcome())
		}
		if diff := cmp.Diff(w.outcomes, got); diff != "" {
			t.Errorf("case %d: outcomes (-want +got):\n%s", i, diff)
		}
		for j, texts := range w.texts {
			if texts == nil {
				continue
			}
			var gt []string
			for _, g := range r.Subjects[j].Groups {
				gt = append(gt, g.Text)
			}
			if diff := cmp.Diff(texts, gt); diff != "" {
				t.Errorf("case %d subject %d: texts (-want +got):\n%s", i, j, diff)
			}
		}
	}
	if m := res[3].Subjects[0]; m.ErrMsg != "match limit exceeded" || m.Matched {
		t.Errorf("match error: got %+v", m)
	}
}

func TestParseRecorded(t *testing.T) {
	out, err := os.ReadFile("testdata/snippet.out")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(snippetCases, out)
	if err != nil {
		t.Fatal(err)
	}
	checkSnippet(t, res)
	// Every set group's offsets reproduce its rendering.
	for i, r := range res {
		for j, m := range r.Subjects {
			for k, g := range m.Groups {
				if g.Set && Render(snippetCases[i].Subjects[j][g.Start:g.End]) != g.Text {
					t.Errorf("case %d subject %d group %d: span %d,%d renders differently from %q", i, j, k, g.Start, g.End, g.Text)
				}
			}
		}
	}
}

func TestParseMalformed(t *testing.T) {
	out, err := os.ReadFile("testdata/snippet.out")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		strings.Replace(string(out), "No match", "Nothing", 1),
		strings.Replace(string(out), " 0+ \\x0a", " 0+ zz", 1),
		strings.Replace(string(out), "Failed: error 114 at offset 2", "Failed: error x at offset 2", 1),
		string(out[:len(out)/2]),
		strings.Replace(string(out), " 2: <unset>\n", "", 1),
	} {
		if _, err := Parse(snippetCases, []byte(bad)); err == nil {
			t.Errorf("Parse accepted malformed output:\n%s", bad)
		} else {
			t.Log(err)
		}
	}
}

func TestFlags(t *testing.T) {
	for f := Flags(0); f < 1<<7; f++ {
		g, err := ParseFlags(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFlags(%q) = %v, %v; want %v", f.String(), g, err, f)
		}
	}
	if _, err := ParseFlags("q"); err == nil {
		t.Error("ParseFlags accepted an unknown letter")
	}
}

// TestRunLive runs the snippet through the installed pcre2test (if any) and
// checks that the live output equals the recording.
func TestRunLive(t *testing.T) {
	path, err := exec.LookPath("pcre2test")
	if err != nil {
		t.Skip("pcre2test not installed")
	}
	res, err := RunPath(path, snippetCases)
	if err != nil {
		t.Fatal(err)
	}
	checkSnippet(t, res)
}
