package regex

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Unit tests; every expectation was checked with /usr/bin/python3 (3.11).

func TestPythonErrorFields(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		msg     string
		pos     int
	}{
		{"é(", "missing ), unterminated subpattern", 1}, // positions count code points
		{`ab\y`, `bad escape \y`, 2},
		{`(?<=a|bc)`, "look-behind requires fixed-width pattern", -1}, // re.error.pos is None
		{`a(?i)b`, "global flags not at the start of the expression", 1},
		{`(?P<a>x)(?P<a>y)`, "redefinition of group name 'a' as group 2; was group 1", 12},
	} {
		_, err := Compile(Python, tc.pattern, 0)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		if e.Dialect != Python || e.Code != ErrInvalid || e.Msg != tc.msg || e.Offset != tc.pos || e.SourceNum != 0 {
			t.Errorf("%q: got %+v, want msg %q pos %d", tc.pattern, e, tc.msg, tc.pos)
		}
	}
}

func TestPythonGroups(t *testing.T) {
	_, err := Compile(Python, `(?P<é>a)(?P<b>c)(d)`, 0)
	if err == nil || !strings.Contains(err.Error(), "non-ASCII group name") {
		t.Errorf("non-ASCII name: %v", err)
	}
	re, err := Compile(Python, `(?P<user>\S+)@(?P<host>\w+)(.)`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if re.NumSubexp() != 3 || re.SubexpIndex("host") != 2 || re.SubexpIndex("nope") != -1 {
		t.Errorf("groups: %d %d", re.NumSubexp(), re.SubexpIndex("host"))
	}
	if got := strings.Join(re.SubexpNames(), ","); got != ",user,host," {
		t.Errorf("names %q", got)
	}
	// python: spans (0, 8) (0, 3) (4, 7) (7, 8): ó counts as one code point.
	m, err := re.FindSubmatchIndex([]byte("bób@ex1!"))
	if err != nil || fmt.Sprint(m) != "[0 8 0 3 4 7 7 8]" {
		t.Errorf("spans %v %v", m, err)
	}
}

func TestPythonFlagsRejected(t *testing.T) {
	for _, f := range []Flags{Anchored, DollarEndOnly, Ungreedy} {
		_, err := Compile(Python, "a", f)
		var e *Error
		if !errors.As(err, &e) || e.Code != ErrUnsupported {
			t.Errorf("flag %d: %v", f, err)
		}
	}
}

func TestPythonNestingDepth(t *testing.T) {
	// python3 compiles 300 nested groups; it raises RecursionError at 500.
	if _, err := Compile(Python, strings.Repeat("(", 300)+"a"+strings.Repeat(")", 300), 0); err != nil {
		t.Errorf("300 nested groups: %v", err)
	}
	_, err := Compile(Python, strings.Repeat("(", 500)+"a"+strings.Repeat(")", 500), 0)
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrUnsupported {
		t.Errorf("500 nested groups: %v", err)
	}
}
