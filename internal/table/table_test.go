package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailsift/mailsift/internal/regex"
)

func collect() (*[]string, Warning) {
	var ws []string
	return &ws, func(s string) { ws = append(ws, s) }
}

func TestReadLinesContinuation(t *testing.T) {
	// spec §4.1 / §9.9: joined without separator, comments and blank lines
	// inside a continuation skipped, first-line numbers.
	ws, w := collect()
	in := "  orphan\n/^multi/ first\n  second\n# a comment\n\tthird\n   # indented comment\n\n  fourth\nnext x\n"
	got := ReadLines("f", []byte(in), w)
	want := []Line{{"/^multi/ first  second\tthird  fourth", 2}, {"next x", 9}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
	if len(*ws) != 1 || (*ws)[0] != `f: logical line must not start with whitespace: "  orphan"` {
		t.Fatalf("warnings %q", *ws)
	}
}

func TestHashSourceRules(t *testing.T) {
	ws, w := collect()
	src := "k first\nk second\nK third\n\"with space\"\tfour\nfoo:\tbar\nnovalue\n\"unterminated x\na\\ b c\n"
	h := ParseHash("texthash", "h", []byte(src), &Options{Warn: w})
	for k, v := range map[string]string{"k": "first", "K": "first", `"with space"`: "four", "foo:": "bar", `a\ b`: "c"} {
		if got, ok, _ := h.Lookup(k); !ok || got != v {
			t.Errorf("%q: got %q %v want %q", k, got, ok, v)
		}
	}
	if _, ok, _ := h.Lookup("with space"); ok {
		t.Error("quotes must be part of the key")
	}
	want := []string{
		`h, line 2: duplicate entry: "k"`,
		`h, line 3: duplicate entry: "K"`,
		`h, line 5: record is in "key: value" format; is this an alias file?`,
		`h, line 6: expected format: key whitespace value -- ignoring this line`,
		`h, line 7: unbalanced '"' in '"unterminated x' -- ignoring this line`,
	}
	if strings.Join(*ws, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s", strings.Join(*ws, "\n"))
	}
	// -r, -w, -f (spec §3.4)
	dup := []byte("k first\nk second\nK third\n")
	for _, c := range []struct {
		opt  Options
		key  string
		want string
	}{{Options{Dup: DupReplace}, "k", "third"}, {Options{Dup: DupIgnore}, "K", "first"}, {Options{NoFold: true}, "K", "third"}, {Options{NoFold: true}, "k", "first"}} {
		if got, _, _ := ParseHash("hash", "d", dup, &c.opt).Lookup(c.key); got != c.want {
			t.Errorf("%+v %q: got %q want %q", c.opt, c.key, got, c.want)
		}
	}
}

func TestMapsFindVsPostmap(t *testing.T) {
	// spec §2.1 / §3.1: postmap looks up "" in pattern tables, maps_find
	// never does; partial keys only reach fixed-string tables; an empty
	// result is a configuration error for maps_find.
	st, _ := OpenStatic("{}")
	ws, w := collect()
	opt := &Options{Warn: w}
	if v, ok, err := Query(st, "a", opt); !ok || v != "" || err != nil || len(*ws) != 2 {
		t.Fatalf("Query: %q %v %v %q", v, ok, err, *ws)
	}
	if _, _, err := MapsFind(st, "a", false, opt); !errors.Is(err, ErrEmptyResult) {
		t.Fatalf("MapsFind empty result: %v", err)
	}
	c := ParseCIDR("c", []byte("0.0.0.0/0 any\n"), nil)
	if _, ok, _ := MapsFind(c, "1.2.3.4", true, opt); ok {
		t.Fatal("partial key reached a pattern table")
	}
	if v, ok, _ := MapsFind(c, "1.2.3.4", false, opt); !ok || v != "any" {
		t.Fatal("full key")
	}
	in, _ := OpenInline("{a=1}", nil)
	if _, ok, _ := MapsFind(in, "", false, opt); ok {
		t.Fatal("empty key looked up")
	}
	if v, ok, _ := MapsFind(in, "A", true, opt); !ok || v != "1" {
		t.Fatal("partial key on fixed table, folded")
	}
}

func TestCIDRQuirks(t *testing.T) {
	// spec §6 / §9.13: first match in file order, family-strict also for
	// negation, bracketed/leading-zero keys never match, if/endif.
	src := "192.168.0.0/16 net16\n192.168.1.0/24 never\n!10.0.0.0/8 not10\nif !192.0.2.0/24\n2001:db8::/32 v6-in-if\nendif\n::/0 v6-default\n"
	c := ParseCIDR("c", []byte(src), nil)
	for key, want := range map[string]string{"192.168.1.5": "net16", "8.8.8.8": "not10", "10.1.1.1": "", "2001:db8::1": "v6-default",
		"fe80::1": "v6-default", "[192.168.1.1]": "", "192.168.001.001": "", "::ffff:192.168.1.1": "v6-default"} {
		got, _, _ := c.Lookup(key)
		if got != want {
			t.Errorf("%s: got %q want %q", key, got, want)
		}
	}
	if ntop(&[16]byte{12: 1, 13: 2, 14: 3}, true) != "::1.2.3.0" {
		t.Error("glibc inet_ntop IPv4-compatible form")
	}
}

func TestSubstitutionSyntax(t *testing.T) {
	// spec §4.4 / §9.11 (the parts that do not need a compiled pattern).
	for res, want := range map[string]string{
		"$1st":   `non-numeric replacement index "1st"`,
		"$0":     `out of range replacement index "0"`,
		"a $":    `empty macro name: "a $"`,
		"${1":    `truncated macro reference: "${1"`,
		"$(1}":   `truncated macro reference: "$(1}"`,
		"${}":    `empty macro name: "${}"`,
		"${1?x}": `non-numeric replacement index "1?x"`,
		"$1$":    `empty macro name: "$1$"`,
	} {
		_, _, bare, pre := parseSubst(res, false)
		if bare+pre != want {
			t.Errorf("%q: got %q want %q", res, bare+pre, want)
		}
	}
	parts, max, _, _ := parseSubst("[$1] [${10}] $$ $$1 [$(2)]", false)
	if max != 10 {
		t.Fatalf("max %d", max)
	}
	got := expand(parts, "abc", []int{0, 3, 0, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1})
	if got != "[a] [] $ $1 []" {
		t.Fatalf("expand %q", got)
	}
}

func TestRuleParserWithoutEngine(t *testing.T) {
	// Everything decided before the pattern is compiled, for both types.
	src := "/abc\n/a/q r\nm/x/ y\n/^(a)$/ $1st\n!/(d)/ $1\nendif junk\n"
	for kind, want := range map[string][]string{
		"pcre": {`pcre map t, line 1: no closing regexp delimiter "/": ignoring this rule`, `pcre map t, line 2: unknown regexp option "q": skipping this rule`,
			`pcre map t, line 3: ignoring unrecognized request`, `pcre map t, line 4: non-numeric replacement index "1st"`, `pcre map t, line 4: bad replacement syntax: skipping this rule`,
			`pcre map t, line 5: $number found in negative match replacement text: skipping this rule`, `pcre map t, line 6: ignoring ENDIF without matching IF`},
		"regexp": {`regexp map t, line 1: no closing regexp delimiter "/": skipping this rule`, `regexp map t, line 2: unknown regexp option "q": skipping this rule`,
			`regexp map t, line 3: ignoring unrecognized request`, `regexp map t, line 4: non-numeric replacement index "1st"`, `regexp map t, line 4: bad replacement syntax: skipping this rule`,
			`regexp map t, line 5: $number found in negative match replacement text: skipping this rule`, `regexp map t, line 6: ignoring ENDIF without matching IF`},
	} {
		ws, w := collect()
		var err error
		if kind == "pcre" {
			_, err = ParsePCRE("t", []byte(src), w)
		} else {
			_, err = ParseRegexp("t", []byte(src), w)
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(*ws, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s", kind, strings.Join(*ws, "\n"))
		}
	}
}

func TestRegexTableBehaviour(t *testing.T) {
	// Needs the PCRE2 dialect of internal/regex; skipped while it is a stub.
	if _, err := regex.Compile(regex.PCRE2, "a", 0); err != nil {
		t.Skipf("internal/regex PCRE2 parser not available yet: %v", err)
	}
	ws, w := collect()
	p, err := ParsePCRE("p1", []byte("/^(foo)(bar)?(baz)?$/ r1 [$1] [$2] [${3}] [$(1)] $$ $$1\n/^case$/i r2\n/^CASE2$/ r3\n/^empty()x$/ r5 [$1]\nif /^u/\n/^u1/ in\n"), w)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"foo": "r1 [foo] [] [] [foo] $ $1", "FOO": "r1 [FOO] [] [] [FOO] $ $1", "CASE": "", "Case2": "r3", "emptyx": "r5 []", "u1": "in", "zzz": ""} {
		if got, _, _ := p.Lookup(key); got != want {
			t.Errorf("%q: got %q want %q", key, got, want)
		}
	}
	if len(*ws) != 1 || !strings.Contains((*ws)[0], "IF has no matching ENDIF") {
		t.Errorf("warnings %q", *ws)
	}
}

func TestUnsupportedPatternIsAnError(t *testing.T) {
	_, err := ParsePCRE("t", []byte("/a/ x\n"), nil)
	if _, cerr := regex.Compile(regex.PCRE2, "a", regex.Caseless|regex.DotAll); cerr == nil {
		t.Skip("PCRE2 dialect available")
	}
	var ue *UnsupportedError
	if !errors.As(err, &ue) || ue.Line != 1 {
		t.Fatalf("got %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	for spec, want := range map[string]string{
		"static:":            `open dictionary: expecting "type:name" form instead of "static:"`,
		"nosuch:x":           "unsupported dictionary type: nosuch",
		"inline:{a=1":        `bad syntax: "inline:{a=1"; need "inline:{name=value...}"`,
		"inline:{ a = b }":   `missing '=' after attribute name: "inline:{ a = b }"; need "inline:{name=value...}"`,
		"unionmap:{}":        `bad syntax: "unionmap:{}"; need "unionmap:{type:name...}"`,
		"static:{a}b":        `bad static:name syntax: syntax error after '}' in "{a}b"`,
		"pcre:{a}":           `pcre map: no '{' at start of text in "a"`,
		"pcre:{{/a/ x}":      `pcre map: missing '}' in "{{/a/ x}"`,
		"cidr:/nonexistent":  "open /nonexistent: No such file or directory",
		"texthash:/nonexist": "open database /nonexist: No such file or directory",
	} {
		_, err := Open(spec, nil)
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v want %s", spec, err, want)
		}
	}
	if _, err := Open("hash:/nonexist", &Options{CheckDB: true}); err == nil || err.Error() != "open database /nonexist.db: No such file or directory" {
		t.Errorf("hash: %v", err)
	}
	f := OpenFail("x")
	if _, _, err := f.Lookup("a"); err == nil || err.Error() != "table fail:x: query error: Application error" {
		t.Errorf("fail: %v", err)
	}
}

func TestComposite(t *testing.T) {
	u, err := Open("unionmap:{inline:{a=1},inline:{a=2,b=3}, static:zz, inline:{a=}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := u.Lookup("A"); !ok || v != "1,2,zz," {
		t.Errorf("union: %q %v", v, ok)
	}
	u2, _ := Open("unionmap:{inline:{a=}}", nil)
	if _, ok, _ := u2.Lookup("a"); ok {
		t.Error("union of empty results must be not found")
	}
	p, _ := Open("pipemap:{inline:{a=b},inline:{b=c}}", nil)
	if v, ok, _ := p.Lookup("a"); !ok || v != "c" {
		t.Errorf("pipe: %q %v", v, ok)
	}
	// Members are shared by name, as Postfix registers them.
	ws, w := collect()
	opt := &Options{Warn: w, ReadFile: func(string) ([]byte, error) { return []byte("  orphan\nk v\n"), nil }}
	Open("unionmap:{texthash:x, texthash:x}", opt)
	Open("pipemap:{texthash:x}", opt)
	if len(*ws) != 1 {
		t.Errorf("member tables opened %d times", len(*ws))
	}
}

func TestZeroAllocLookups(t *testing.T) {
	var src strings.Builder
	for i := 0; i < 100; i++ {
		src.WriteString("key" + strings.Repeat("x", i%7) + itoa(i) + " value" + itoa(i) + "\n")
	}
	h := ParseHash("hash", "h", []byte(src.String()), nil)
	c := ParseCIDR("c", []byte("10.0.0.0/8 a\n192.168.0.0/16 b\n!172.16.0.0/12 c\n2001:db8::/32 d\n"), nil)
	in, _ := OpenInline("{a=1}", nil)
	funcs := map[string]func(){
		"hash hit folded": func() { h.Lookup("KEYXX2") },
		"hash hit":        func() { h.Lookup("key1") },
		"hash miss":       func() { h.Lookup("NOPE") },
		"cidr hit":        func() { c.Lookup("192.168.1.1") },
		"cidr v6":         func() { c.Lookup("2001:db8::1") },
		"cidr miss":       func() { c.Lookup("172.16.0.1") },
		"inline":          func() { in.Lookup("A") },
	}
	if p, err := ParsePCRE("p", []byte("/^Subject:.*viagra/ REJECT spam\n/^x-(a|b)/ OK\n"), nil); err == nil {
		funcs["pcre hit"] = func() { p.Lookup("Subject: cheap VIAGRA") }
		funcs["pcre miss"] = func() { p.Lookup("From: someone") }
	}
	if r, err := ParseRegexp("r", []byte("/^Subject:.*viagra/ REJECT spam\n/^x-(a|b)/ OK\n"), nil); err == nil {
		funcs["regexp hit"] = func() { r.Lookup("Subject: cheap VIAGRA") }
		funcs["regexp miss"] = func() { r.Lookup("From: someone") }
	}
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	for name, f := range funcs {
		if n := testing.AllocsPerRun(200, f); n != 0 {
			if strings.HasPrefix(name, "regexp") {
				// internal/regex's POSIX Match boxes its reader; not table code.
				t.Logf("known: %s: %v allocs inside internal/regex", name, n)
				continue
			}
			t.Errorf("%s: %v allocs", name, n)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
