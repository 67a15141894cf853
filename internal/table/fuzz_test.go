package table

import (
	"strings"
	"testing"
)

func FuzzLines(f *testing.F) {
	for _, s := range []string{"a b\n  c\n# x\n\td\n", "  orphan\n", "x\r\n\v y\n", "", "\n\n#\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		last := 0
		for _, l := range ReadLines("f", data, func(string) {}) {
			if l.Num <= last {
				t.Fatalf("line numbers not increasing: %d after %d", l.Num, last)
			}
			last = l.Num
			if l.Text == "" || isSpace(l.Text[0]) || l.Text[0] == '#' {
				t.Fatalf("bad logical line %q", l.Text)
			}
			if strings.Contains(l.Text, "\n") {
				t.Fatalf("newline kept in %q", l.Text)
			}
		}
	})
}

// FuzzCIDR checks the bucketed lookup against the file-order reference scan.
func FuzzCIDR(f *testing.F) {
	f.Add("192.168.0.0/16 a\n192.168.1.0/24 b\n!10.0.0.0/8 c\nif 1.2.3.0/24\n1.2.3.4 d\nendif\n::/0 e\n", "192.168.1.1")
	f.Add("[1.2.3.4]/32 x\n2001:db8::/32 y\n", "2001:db8::5")
	f.Add("if !1.0.0.0/8\n0.0.0.0/0 z\n", "1.2.3.4")
	f.Fuzz(func(t *testing.T, src, key string) {
		c := ParseCIDR("c", []byte(src), func(string) {})
		keys := []string{key, "1.2.3.4", "192.168.1.1", "10.0.0.1", "::1", "2001:db8::1", "::ffff:1.2.3.4", "0.0.0.0", "255.255.255.255"}
		for _, k := range keys {
			v, ok, _ := c.Lookup(k)
			rv, rok := c.lookupLinear(k)
			if v != rv || ok != rok {
				t.Fatalf("key %q: buckets %q %v, reference %q %v", k, v, ok, rv, rok)
			}
		}
	})
}

func FuzzHashSource(f *testing.F) {
	f.Add("k v\n\"a b\" c\nK d\n\"x\n", "K", false)
	f.Add("a\\ b c\n", "a\\ b", true)
	f.Fuzz(func(t *testing.T, src, key string, nofold bool) {
		h := ParseHash("texthash", "h", []byte(src), &Options{NoFold: nofold, Warn: func(string) {}})
		v, ok, _ := h.Lookup(key)
		if ok && v == "" {
			t.Fatalf("empty value stored for %q", key)
		}
		if ok && (isSpace(v[0]) || isSpace(v[len(v)-1])) {
			t.Fatalf("value not trimmed: %q", v)
		}
		if !nofold {
			v2, ok2, _ := h.Lookup(foldASCII(key))
			if v2 != v || ok2 != ok {
				t.Fatalf("folding: %q vs %q", v, v2)
			}
		}
	})
}

func fuzzRegex(f *testing.F, parse func(string, []byte, Warning) (*RegexTable, error)) {
	for _, s := range []string{"/^Subject:.*x/ s\n/^ab?c/ q\n/^a{2}/ r\n/^ab|^c/ alt\n/^x.y/A z\n", "/^(a)(b)?$/ r [$1] [$2]\n", "if !/x/\n/y/i z\nendif\n", "!/a/!/b/ c\n", "/a/q\n", "{x{ $1st\n", "/(a)/ ${1\n"} {
		f.Add(s, "ab")
	}
	f.Fuzz(func(t *testing.T, src, key string) {
		tab, err := parse("t", []byte(src), func(string) {})
		if err != nil {
			return // a pattern internal/regex refuses
		}
		v, ok, err := tab.Lookup(key)
		// The anchored-prefix precheck must never change a result.
		plain := *tab
		plain.rules = append([]rxRule(nil), tab.rules...)
		for i := range plain.rules {
			plain.rules[i].pre1 = ""
		}
		v2, ok2, err2 := plain.Lookup(key)
		if v != v2 || ok != ok2 || (err == nil) != (err2 == nil) {
			t.Fatalf("prefix precheck changed %q: %q %v %v vs %q %v %v", key, v, ok, err, v2, ok2, err2)
		}
	})
}

func FuzzRegexpTable(f *testing.F) { fuzzRegex(f, ParseRegexp) }
func FuzzPCRETable(f *testing.F)   { fuzzRegex(f, ParsePCRE) }

func FuzzFoldInto(f *testing.F) {
	f.Add("Hello@EXAMPLE.com-ZZ[`{@AZaz\xc3\x89")
	f.Fuzz(func(t *testing.T, s string) {
		buf := make([]byte, len(s))
		if got := string(foldInto(buf, s)); got != foldASCII(s) {
			t.Fatalf("%q: %q vs %q", s, got, foldASCII(s))
		}
	})
}
