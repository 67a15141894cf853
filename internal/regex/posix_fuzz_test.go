package regex

import (
	"errors"
	"testing"
)

// FuzzCompilePOSIX compiles arbitrary ERE and BRE patterns under every flag
// combination: no panic, every error is an *Error with a code (and glibc's
// text for ErrInvalid), and a compiled pattern matches consistently through
// every match function.
func FuzzCompilePOSIX(f *testing.F) {
	for _, s := range []string{
		`^(a|ab)(c|bcd)(d*)$`, `\(a\)\{2,3\}\1`, `[[:alpha:]-z]`, `[]a-]`, `a{,3}b{2,}`,
		`\<foo\>`, `$.`, `.^a`, `x*\{2\}`, `(a*)*`, `[[.a.]-[=c=]]`, `a\db\Dc`, `\(^a$\)`, `a|*b`,
	} {
		f.Add(s, uint8(0), true)
		f.Add(s, uint8(3), false)
	}
	subjects := [][]byte{nil, []byte("a"), []byte("abcd\nAB_x-0"), []byte("\xe9foo bar\n"), []byte("aaaa")}
	f.Fuzz(func(t *testing.T, pattern string, fl uint8, ere bool) {
		if len(pattern) > 200 {
			return
		}
		d := POSIXBasic
		if ere {
			d = POSIXExtended
		}
		flags := Flags(fl) & (Caseless | Multiline)
		re, err := Compile(d, pattern, flags)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: error %v is not an *Error", pattern, err)
			}
			switch e.Code {
			case ErrInvalid:
				if e.Msg == "" {
					t.Fatalf("%q: ErrInvalid without message", pattern)
				}
			case ErrUnsupported:
				if e.Construct == "" {
					t.Fatalf("%q: ErrUnsupported without construct", pattern)
				}
			default:
				t.Fatalf("%q: bad code %v", pattern, e.Code)
			}
			return
		}
		for _, s := range subjects {
			m, err := re.FindSubmatchIndex(s)
			if err != nil {
				t.Fatalf("%q on %q: %v", pattern, s, err)
			}
			ok, _ := re.Match(s)
			if ok != (m != nil) {
				t.Fatalf("%q on %q: Match %v, FindSubmatchIndex %v", pattern, s, ok, m)
			}
			if m == nil {
				continue
			}
			if len(m) != 2*(re.NumSubexp()+1) || m[0] < 0 || m[0] > m[1] || m[1] > len(s) {
				t.Fatalf("%q on %q: bad indexes %v", pattern, s, m)
			}
			for i := 2; i < len(m); i += 2 {
				if (m[i] < 0) != (m[i+1] < 0) || m[i] > m[i+1] || m[i+1] > len(s) {
					t.Fatalf("%q on %q: bad group %d in %v", pattern, s, i/2, m)
				}
			}
		}
	})
}
