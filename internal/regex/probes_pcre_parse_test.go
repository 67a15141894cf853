package regex

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
)

// ppCase is one pattern/subject pair run through pcre2test and through
// our PCRE2 dialect.
type ppCase struct {
	id      string
	pattern string
	flags   string // i m s x E A U
	subject string // raw bytes; "" with noSubject for compile-only cases
	compile bool   // compile only, no subject
}

var ppModifiers = map[byte]string{'i': "caseless", 'm': "multiline", 's': "dotall", 'x': "extended",
	'E': "dollar_endonly", 'A': "anchored", 'U': "ungreedy"}

var ppFlags = map[byte]Flags{'i': Caseless, 'm': Multiline, 's': DotAll, 'x': Extended,
	'E': DollarEndOnly, 'A': Anchored, 'U': Ungreedy}

// ppEscape writes subject bytes the way pcre2test reads them and the way it
// prints captured text in byte mode.
func ppEscapeSubject(b string) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c > 0x20 && c < 0x7f && c != '\\' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, `\x%02x`, c)
		}
	}
	return sb.String()
}

func ppRender(b string) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, `\x%02x`, c)
		}
	}
	return sb.String()
}

// ppRunPCRE2Test runs every case through pcre2test in one batch and returns
// one normalized result line per case: "error NNN at offset N: msg",
// "compiled", "nomatch", or "match <g0>|<g1>|…" (unset groups as <unset>).
func ppRunPCRE2Test(t *testing.T, cases []ppCase) []string {
	t.Helper()
	tool := oracle.Tool(t, "pcre2test", "/usr/bin/pcre2test")
	var in strings.Builder
	for _, c := range cases {
		mods := []string{"hex"}
		for i := 0; i < len(c.flags); i++ {
			if m, ok := ppModifiers[c.flags[i]]; ok {
				mods = append(mods, m)
			}
		}
		var hx []string
		for i := 0; i < len(c.pattern); i++ {
			hx = append(hx, fmt.Sprintf("%02x", c.pattern[i]))
		}
		h := strings.Join(hx, " ")
		if h == "" {
			h = "''"
		}
		fmt.Fprintf(&in, "/%s/%s\n", h, strings.Join(mods, ","))
		if !c.compile {
			fmt.Fprintf(&in, "    %s\\=allcaptures,callout_none\n", ppEscapeSubject(c.subject))
		}
		in.WriteString("\n")
	}
	f := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(f, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-q", f).Output()
	if err != nil {
		t.Fatalf("pcre2test: %v", err)
	}
	blocks := strings.Split(string(out), "\n\n")
	if len(blocks) < len(cases) {
		t.Fatalf("pcre2test: %d result blocks for %d cases", len(blocks), len(cases))
	}
	res := make([]string, len(cases))
	for i, c := range cases {
		var ls []string
		for _, l := range strings.Split(blocks[i], "\n")[1:] {
			if l != "" {
				ls = append(ls, l)
			}
		}
		switch {
		case len(ls) > 0 && strings.HasPrefix(ls[0], "Failed: "):
			res[i] = strings.TrimPrefix(ls[0], "Failed: ")
		case c.compile:
			res[i] = "compiled"
		case len(ls) >= 2 && strings.HasPrefix(ls[1], "No match"):
			res[i] = "nomatch"
		case len(ls) >= 2 && (strings.HasPrefix(ls[1], "Failed") || strings.HasPrefix(ls[1], "Error")):
			res[i] = "matcherror " + ls[1]
		default:
			var groups []string
			for _, l := range ls[1:] {
				l = strings.TrimLeft(l, " ")
				k := strings.Index(l, ":")
				if k < 0 {
					continue
				}
				if _, err := strconv.Atoi(l[:k]); err != nil {
					continue
				}
				groups = append(groups, strings.TrimPrefix(l[k+1:], " "))
			}
			res[i] = "match " + strings.Join(groups, "|")
		}
	}
	return res
}

// ppOurs gives our result in the same normalized form, or "" plus a reason
// for a typed rejection (ErrUnsupported, ErrSubjectUnsupported).
func ppOurs(c ppCase) (got, rejected string) {
	var fl Flags
	for i := 0; i < len(c.flags); i++ {
		fl |= ppFlags[c.flags[i]]
	}
	re, err := Compile(PCRE2, c.pattern, fl)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			if e.Code == ErrUnsupported {
				return "", e.Error()
			}
			return fmt.Sprintf("error %d at offset %d: %s", e.SourceNum, e.Offset, e.Msg), ""
		}
		return "internal " + err.Error(), ""
	}
	if c.compile {
		return "compiled", ""
	}
	m, err := re.FindSubmatchIndex([]byte(c.subject))
	if err != nil {
		if errors.Is(err, ErrSubjectUnsupported) {
			return "", err.Error()
		}
		return "matcherror " + err.Error(), ""
	}
	if m == nil {
		return "nomatch", ""
	}
	// pcre2test's allcaptures prints up to the highest group; trailing unset
	// groups are printed as <unset> too.
	var groups []string
	for i := 0; i+1 < len(m); i += 2 {
		if m[i] < 0 {
			groups = append(groups, "<unset>")
			continue
		}
		groups = append(groups, ppRender(c.subject[m[i]:m[i+1]]))
	}
	return "match " + strings.Join(groups, "|"), ""
}

// ppGolden replays (or with -update re-records) the pcre2test results for
// cases from testdata/pcre2/<name>.
func ppGolden(t *testing.T, name string, cases []ppCase) []string {
	t.Helper()
	path := filepath.Join("testdata", "pcre2", name)
	if oracle.Update() {
		res := ppRunPCRE2Test(t, cases)
		var sb strings.Builder
		sb.WriteString("# Recorded from pcre2test 10.42 (go test -run " + t.Name() + " -update); id<TAB>result\n")
		for i, c := range cases {
			fmt.Fprintf(&sb, "%s\t%s\n", c.id, res[i])
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return res
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden %s missing (record it with -update): %v", path, err)
	}
	defer f.Close()
	byID := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		id, r, _ := strings.Cut(l, "\t")
		byID[id] = r
	}
	res := make([]string, len(cases))
	for i, c := range cases {
		r, ok := byID[c.id]
		if !ok {
			t.Fatalf("golden %s has no result for case %s; re-record with -update", path, c.id)
		}
		res[i] = r
	}
	return res
}

// ppCompare checks every case: equal to PCRE2, or a typed rejection.
func ppCompare(t *testing.T, cases []ppCase, want []string) (same, rejected int) {
	t.Helper()
	for i, c := range cases {
		got, rej := ppOurs(c)
		if rej != "" {
			rejected++
			t.Logf("case %s %q /%s: rejected: %s (pcre2: %s)", c.id, c.pattern, c.flags, rej, want[i])
			continue
		}
		if got != want[i] {
			t.Errorf("case %s pattern %q flags %q subject %q:\n   pcre2: %s\n    ours: %s", c.id, c.pattern, c.flags, c.subject, want[i], got)
			continue
		}
		same++
	}
	return same, rejected
}

// TestPCREProbes replays the byte-mode rows of the lab's feature probes.
func TestPCREProbes(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "pcre2", "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []ppCase
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		n++
		parts := strings.SplitN(l, "\t", 4)
		if len(parts) != 4 {
			t.Fatalf("bad line %q", l)
		}
		flags := parts[1]
		if flags == "-" {
			flags = ""
		}
		if strings.ContainsAny(flags, "up") {
			continue
		}
		subj, err := strconv.Unquote(`"` + parts[3] + `"`)
		if err != nil {
			t.Fatalf("bad subject %q: %v", parts[3], err)
		}
		cases = append(cases, ppCase{id: strconv.Itoa(n), pattern: parts[2], flags: flags, subject: subj})
	}
	want := ppGolden(t, "probes.golden", cases)
	same, rej := ppCompare(t, cases, want)
	t.Logf("%d byte-mode probes: %d same as PCRE2, %d typed rejections, %d divergences", len(cases), same, rej, len(cases)-same-rej)
}
