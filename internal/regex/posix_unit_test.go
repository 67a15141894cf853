package regex

import (
	"errors"
	"reflect"
	"testing"
)

// Expectations here were checked against glibc 2.36 with the oracle of
// posix_oracle_test.go (the NUL cases follow from regexec taking a C
// string: glibc sees the subject up to the NUL).
func TestPOSIXUnit(t *testing.T) {
	for _, c := range []struct {
		d       Dialect
		pattern string
		flags   Flags
		subject string
		want    []int
	}{
		{POSIXExtended, `a$`, 0, "a\x00b", []int{0, 1}},
		{POSIXExtended, `b`, 0, "a\x00b", nil},
		{POSIXExtended, `^(a|ab)(c|bcd)(d*)$`, Caseless, "ABCD", []int{0, 4, 0, 1, 1, 4, 4, 4}},
		{POSIXExtended, `a\db`, Caseless, "adb", nil},
		{POSIXExtended, `a\db`, 0, "adb", []int{0, 3}},
		{POSIXBasic, `^bre\(3\)$`, Caseless, "BRE3", []int{0, 4, 3, 4}},
		{POSIXExtended, `(a){0}(b)`, 0, "ab", []int{1, 2, -1, -1, 1, 2}},
		{POSIXExtended, `^(\.[a-z]+){1,3}$`, Caseless, ".ab.c", []int{0, 5, 3, 5}},
		{POSIXExtended, `^(a+){1,3}$`, 0, "aaa", []int{0, 3, 0, 3}},
		{POSIXExtended, `\<foo\>`, 0, "a foo b", []int{2, 5}},
		{POSIXExtended, `^b$`, Multiline, "a\nb", []int{2, 3}},
		{POSIXExtended, "^\xe9$", Caseless, "\xc9", nil},
	} {
		re, err := Compile(c.d, c.pattern, c.flags)
		if err != nil {
			t.Errorf("%v %q: %v", c.d, c.pattern, err)
			continue
		}
		got, err := re.FindSubmatchIndex([]byte(c.subject))
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v %q on %q: got %v %v, want %v (canonical %q)", c.d, c.pattern, c.subject, got, err, c.want, re.Canonical())
		}
	}
}

func TestPOSIXErrors(t *testing.T) {
	for _, c := range []struct {
		d         Dialect
		pattern   string
		flags     Flags
		code      ErrorCode
		msg       string // ErrInvalid: glibc's regerror text
		construct string // ErrUnsupported
	}{
		{POSIXExtended, `(`, 0, ErrInvalid, "Unmatched ( or \\(", ""},
		{POSIXBasic, `\)`, 0, ErrInvalid, "Unmatched ( or \\(", ""},
		{POSIXExtended, `[z-a]`, 0, ErrInvalid, "Invalid range end", ""},
		{POSIXExtended, `[Z-a]`, Caseless, ErrInvalid, "Invalid range end", ""},
		{POSIXExtended, `*a`, 0, ErrInvalid, "Invalid preceding regular expression", ""},
		{POSIXExtended, `a\`, 0, ErrInvalid, "Trailing backslash", ""},
		{POSIXExtended, `a{1`, 0, ErrInvalid, "Unmatched \\{", ""},
		{POSIXExtended, `(a)|\1`, 0, ErrInvalid, "Invalid back reference", ""},
		{POSIXExtended, `(a)\1`, 0, ErrUnsupported, "", "backreference"},
		{POSIXExtended, "a\x00b", 0, ErrUnsupported, "", "NUL byte in pattern"},
		{POSIXExtended, `a`, DotAll, ErrUnsupported, "", "flags other than Caseless and Multiline"},
	} {
		_, err := Compile(c.d, c.pattern, c.flags)
		var e *Error
		if !errors.As(err, &e) || e.Code != c.code || e.Msg != c.msg || e.Construct != c.construct {
			t.Errorf("%v %q: got %v, want code %v msg %q construct %q", c.d, c.pattern, err, c.code, c.msg, c.construct)
		}
	}
}

// TestEmitGoGeneric covers emitGo on trees that no POSIX pattern produces
// (it also serves the linear-time guard of the backtracking dialects).
func TestEmitGoGeneric(t *testing.T) {
	lit := func(r rune) *Node { return &Node{Op: OpLiteral, Rune: r} }
	for _, c := range []struct {
		root      *Node
		construct string
	}{
		{&Node{Op: OpBackref, Cap: 1}, "backreference"},
		{&Node{Op: OpAtomic, Sub: []*Node{lit('a')}}, "atomic group"},
		{&Node{Op: OpRepeat, Min: 0, Max: -1, Mode: Possessive, Sub: []*Node{lit('a')}}, "possessive repetition"},
		{&Node{Op: OpAssert, Assert: EndTextOptNewline}, "$ that matches before a final newline"},
		{&Node{Op: OpLook, Sub: []*Node{lit('a')}}, `one-character lookaround (POSIX \< or \>) that its neighbour does not decide`},
		{&Node{Op: OpLook, Negate: true, Sub: []*Node{lit('a')}}, "lookaround"},
		{&Node{Op: OpRepeat, Min: 0, Max: 1001, Sub: []*Node{lit('a')}}, "repetition count above 1000"},
		{&Node{Op: OpAssert, Assert: WordBoundary, Class: &Class{Ranges: []RuneRange{{'a', 'z'}}}}, "word boundary over a non-ASCII word set"},
	} {
		_, err := emitGo(&Tree{Root: c.root}, PCRE2)
		var e *Error
		if !errors.As(err, &e) || e.Code != ErrUnsupported || e.Construct != c.construct {
			t.Errorf("%+v: got %v, want unsupported %q", c.root, err, c.construct)
		}
	}
	// A lookahead decided by the next character disappears (or fails).
	look := &Node{Op: OpLook, Sub: []*Node{{Op: OpClass, Class: wordClass()}}}
	for _, c := range []struct {
		next *Node
		want string
	}{
		{lit('f'), `(?:\x{66})`},
		{lit('-'), `(?:` + goFailClass + `\x{2D})`},
	} {
		got, err := emitGo(&Tree{Root: &Node{Op: OpConcat, Sub: []*Node{look, c.next}}}, PCRE2)
		if err != nil || got != c.want {
			t.Errorf("got %q %v, want %q", got, err, c.want)
		}
	}
	// Lazy repetition passes through for the leftmost-first users.
	got, err := emitGo(&Tree{Root: &Node{Op: OpRepeat, Min: 1, Max: -1, Mode: Lazy, Sub: []*Node{lit('a')}}}, Python)
	if err != nil || got != `(?:\x{61})+?` {
		t.Errorf("lazy: got %q %v", got, err)
	}
}
