package regex

import (
	"errors"
	"testing"
	"time"
)

// FuzzCompilePython compiles arbitrary patterns under arbitrary flags and
// matches the result against a subject: it must never panic, errors must be
// *Error, and FindSubmatchIndex must agree with Match.
func FuzzCompilePython(f *testing.F) {
	for _, s := range []string{`(?P<a>x)(?P=a)`, `(?<=a)b`, `(?i)[a-zſ]+`, `\b\w+\b`, `(a|)*b`, `(?(1)a|b)`,
		`x{,3}`, `[^\W\d]`, `(?x) a # c`, `\N{DASH}`, `(?>a+)b++`, `(?a:\w)`, `$`, `(?m)^$`} {
		f.Add(s, uint16(0), []byte("ab ſK\xff\nba"))
		f.Add(s, uint16(Caseless|Multiline), []byte("AB\n"))
	}
	f.Fuzz(func(t *testing.T, pattern string, flags uint16, subject []byte) {
		fl := Flags(flags) & (Caseless | Multiline | DotAll | Extended | ASCII)
		if len(pattern) > 200 || len(subject) > 200 {
			return
		}
		re, err := CompileOptions(Python, pattern, fl, Options{Timeout: 50 * time.Millisecond})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: non-*Error %v", pattern, err)
			}
			return
		}
		ok, err1 := re.Match(subject)
		m, err2 := re.FindSubmatchIndex(subject)
		if err1 != nil || err2 != nil {
			if errors.Is(err1, ErrSubjectUnsupported) || errors.Is(err1, ErrMatchLimit) {
				return
			}
			t.Fatalf("%q on %q: %v / %v", pattern, subject, err1, err2)
		}
		if ok != (m != nil) {
			t.Fatalf("%q on %q: Match %v, FindSubmatchIndex %v", pattern, subject, ok, m)
		}
		if m != nil && len(m) != 2*(re.NumSubexp()+1) {
			t.Fatalf("%q: %d indices for %d groups", pattern, len(m), re.NumSubexp())
		}
	})
}
