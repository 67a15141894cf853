package regex

import (
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
)

var exploreTokens = []string{
	"a", "b", "A", "B", "ab", "x", "\\d", "\\w", "\\s", "\\W", "\\h", "\\v", "\\V", "\\N", ".", "\\C", "\\R",
	"^", "$", "\\A", "\\z", "\\Z", "\\b", "\\B", "\\G",
	"*", "+", "?", "*?", "+?", "??", "*+", "{2}", "{1,2}", "{,2}", "{2,}", "{0}", "{", "}",
	"(", ")", "(?:", "(?i)", "(?-i)", "(?s)", "(?m)", "(?x)", "(?xx)", "(?U)", "(?n)", "(?^)", "(?i:", "(?>", "(?=", "(?!", "(?<=", "(?<!",
	"(?<n>", "(?'m'", "(?P<p>", "\\k<n>", "\\k{m}", "(?P=p)", "\\g{n}", "\\1", "\\2", "\\g{-1}", "\\g1", "\\10", "\\12",
	"|", "[", "]", "[^", "-", "[:alpha:]", "[:^digit:]", "\\Q", "\\E", "\\x41", "\\x{61}", "\\o{101}", "\\101", "\\0", "\\cA", "\\e",
	"(?(1)", "(?(<n>)", "(?(?=a)", "(?#c)", "(?C1)", "(*F)", " ", "#", "\n", "\\", "\\y", "\\_", "\xe9", "\xc9", "\\x{e9}", "\\t", "\\n",
	"[[:<:]]", "[[:>:]]", "[]", "[^]", "\\b", "(?|", "\\p{L}", "\\p{Ll}", "\\P{L}", "\\pN", "[\\p{Lu}a]", "\\p{Latin}", "\\p{^Zs}", "(?R)", "(?1)", "\\K", "(*ACCEPT)", "(*SKIP)", "\\g<1>", "(?(R)", "(?(DEFINE)", "(?J)",
}

// TestPCRELiveTokens compares random token strings (mostly invalid
// patterns: error numbers and offsets) with pcre2test. SEED picks another
// sample.
func TestPCRELiveTokens(t *testing.T) {
	seed, _ := strconv.Atoi(os.Getenv("MAILSIFT_PCRE_SEED"))
	r := rand.New(rand.NewSource(int64(seed)))
	subjects := []string{"", "a", "ab", "aB", "AB\n", "xab\nab\n", "aaa bbb", "a\x85b\r\n", "\xe9\xc9a", "A1_ b", "ba", "abab", "a\n", "\n", "11 22", "aAbB", "\xaa\xb5\xdf\xc0 \xa0", "\xd7\xf7\xb2"}
	flagsets := []string{"", "", "", "i", "m", "s", "x", "E", "U", "A", "im"}
	var cases []ppCase
	for i := 0; i < 1500; i++ {
		n := 1 + r.Intn(7)
		p := ""
		for j := 0; j < n; j++ {
			p += exploreTokens[r.Intn(len(exploreTokens))]
		}
		cases = append(cases, ppCase{id: strconv.Itoa(i), pattern: p, flags: flagsets[r.Intn(len(flagsets))], subject: subjects[r.Intn(len(subjects))]})
	}
	want := ppRunPCRE2Test(t, cases)
	same, rej := ppCompare(t, cases, want)
	t.Logf("same %d rejected %d of %d", same, rej, len(cases))
}

var exploreClassItems = []string{"a", "z", "A", "-", "]", "^", "\\d", "\\D", "\\w", "\\s", "\\S", "\\h", "\\H", "\\v", "\\V", "\\b", "\\B", "\\N", "\\R", "\\x41", "\\x{e9}", "\\101", "\\8", "\\0", "\\Q", "\\E", "[:alpha:]", "[:^upper:]", "[:lower:]", "[:word:]", "[:punct:]", "[:foo:]", "[.a.]", "[", "\\]", "\\\\", "\\-", " ", "\xe9", "\\p{Lu}", "\\pL", "\\g", "\\k", "\\cZ", "\\e", "\\t", "\\n", "0", "9", "_"}

var exploreSafe = []string{"a", "b", "ab", "A", "\\d", "\\w", "\\s", ".", "\\b", "$", "^", "\\1", "\\k<q>", "\\x{e9}", "\\n", "\\Z", "\\z", " ", "\\h", "\\R", "\\N", "(?i)", "(?m)", "(?s)", "(?U)", "(?-i)", "\\Qa.\\E", "\\B", "-", "é", "z"}

func exploreClass(r *rand.Rand) string {
	s := "["
	if r.Intn(3) == 0 {
		s += "^"
	}
	n := r.Intn(5)
	for i := 0; i < n; i++ {
		s += exploreClassItems[r.Intn(len(exploreClassItems))]
	}
	if r.Intn(30) > 0 {
		s += "]"
	}
	return s
}

func exploreRegex(r *rand.Rand, depth int) string {
	n := 1 + r.Intn(4)
	s := ""
	for i := 0; i < n; i++ {
		switch k := r.Intn(10); {
		case k < 1 && r.Intn(3) == 0:
			s += exploreTokens[r.Intn(len(exploreTokens))]
		case k < 4:
			s += exploreSafe[r.Intn(len(exploreSafe))]
		case k < 5:
			s += exploreClass(r)
		case k < 8 && depth < 3:
			opens := []string{"(", "(?:", "(?>", "(?=", "(?!", "(?<=", "(?<!", "(?i:", "(?<q>", "(?(1)", "(?(?=a)", "(?x:", "(?-i:", "(", "(?:", "("}
			s += opens[r.Intn(len(opens))] + exploreRegex(r, depth+1)
			if r.Intn(3) == 0 {
				s += "|" + exploreRegex(r, depth+1)
			}
			if r.Intn(40) > 0 {
				s += ")"
			}
		default:
			qs := []string{"*", "+", "?", "{2}", "{0,3}", "*?", "++", "{1,}+", "??"}
			if s != "" && !strings.HasSuffix(s, "^") && !strings.HasSuffix(s, "$") && !strings.HasSuffix(s, "(?i)") && !strings.HasSuffix(s, "(?m)") && !strings.HasSuffix(s, "(?s)") && !strings.HasSuffix(s, "(?U)") && !strings.HasSuffix(s, "(?-i)") && !strings.HasSuffix(s, "\\b") && !strings.HasSuffix(s, "\\B") && !strings.HasSuffix(s, "\\Z") && !strings.HasSuffix(s, "\\z") {
				s += qs[r.Intn(len(qs))]
			}
		}
	}
	return s
}

// TestPCRELiveStructured compares random nested patterns, flags and
// subjects with pcre2test: every result must be PCRE2's or a typed
// rejection.
func TestPCRELiveStructured(t *testing.T) {
	seed, _ := strconv.Atoi(os.Getenv("MAILSIFT_PCRE_SEED"))
	r := rand.New(rand.NewSource(int64(seed)))
	subjects := []string{"", "a", "ab", "aB", "AB\n", "xab\nab\n", "aaa bbb", "a\x85b\r\n", "\xe9\xc9a", "A1_ b", "ba", "abab", "a\n", "\n", "11 22", "aAbB", "-]^\\ z", "a-z[:]", "\xaa\xb5\xdf\xc0 \xa0"}
	flagsets := []string{"", "", "", "i", "m", "s", "x", "E", "U", "A", "im", "ix"}
	var cases []ppCase
	for i := 0; i < 1500; i++ {
		cases = append(cases, ppCase{id: strconv.Itoa(i), pattern: exploreRegex(r, 0), flags: flagsets[r.Intn(len(flagsets))], subject: subjects[r.Intn(len(subjects))]})
	}
	want := ppRunPCRE2Test(t, cases)
	same, rej := ppCompare(t, cases, want)
	nerr := 0
	for _, w := range want {
		if strings.HasPrefix(w, "error") {
			nerr++
		}
	}
	t.Logf("same %d rejected %d of %d (pcre2 errors %d)", same, rej, len(cases), nerr)
}
