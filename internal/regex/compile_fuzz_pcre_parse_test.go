package regex

import (
	"errors"
	"testing"
	"time"
)

// FuzzCompilePCRE compiles arbitrary patterns with arbitrary PCRE2 flags and
// matches a subject: the parser must never panic, every refusal must be a
// well-formed *Error, and every accepted pattern must translate into a
// pattern regexp2 compiles.
func FuzzCompilePCRE(f *testing.F) {
	for _, s := range []string{
		`a`, `(a)\1`, `(?<n>a)\k<n>`, `[[:alpha:]\d-]`, `(?i)[^a-z]`, `(?x) a b # c`, `\Qa.b\E+`, `(?(1)a|b)(c)`,
		`(?(?=a)b|c)`, `(?<=ab|c)d`, `(?<!\d{3})x`, `a{2,3}+?`, `\R\h\v\N\C`, `(*LF)(*NO_JIT)^a$`, `[[:<:]]a[[:>:]]`,
		`(?|a)`, `\p{Lu}+`, `(?s:.)(?m:^)`, `\x{e9}\o{101}\101\cA`, `(a|b(?1))`, `(*F)|(*ACCEPT)`, `a(?#c)+`,
	} {
		f.Add(s, uint16(0), []byte("xaAb\n\xe9ab"))
	}
	f.Fuzz(func(t *testing.T, pattern string, flags uint16, subject []byte) {
		fl := Flags(flags) & (Caseless | Multiline | DotAll | Extended | Anchored | DollarEndOnly | Ungreedy)
		re, err := CompileOptions(PCRE2, pattern, fl, Options{StackLimit: 100_000, Timeout: 100 * time.Millisecond})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%q flags %d: not an *Error: %v", pattern, fl, err)
			}
			if e.Offset < 0 || e.Offset > len(pattern) {
				t.Fatalf("%q: offset %d out of range", pattern, e.Offset)
			}
			switch e.Code {
			case ErrInvalid:
				if e.SourceNum < 101 || e.SourceNum > 199 || e.Msg == "" {
					t.Fatalf("%q: bad invalid-pattern error %+v", pattern, e)
				}
			case ErrUnsupported:
				if e.Construct == "" {
					t.Fatalf("%q: unsupported without construct", pattern)
				}
			default:
				t.Fatalf("%q: bad code %+v", pattern, e)
			}
			return
		}
		m, err := re.FindSubmatchIndex(subject)
		if err != nil {
			return // match limit or refused subject
		}
		if m != nil && len(m) != 2*(re.NumSubexp()+1) {
			t.Fatalf("%q: %d indexes for %d groups", pattern, len(m), re.NumSubexp())
		}
	})
}
