package dsn

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Code
		lenient bool // accepted only by ParseLenient
		err     error
		part    string
		off     int
	}{
		{in: "5.1.1", want: Code{5, 1, 1}},
		{in: "2.0.0", want: Code{2, 0, 0}},
		{in: "4.7.25", want: Code{4, 7, 25}},
		{in: "5.999.999", want: Code{5, 999, 999}},
		{in: "4.100.10", want: Code{4, 100, 10}},
		{in: "5.01.1", want: Code{5, 1, 1}, lenient: true, err: ErrLeadingZero, part: "subject", off: 2},
		{in: "5.1.01", want: Code{5, 1, 1}, lenient: true, err: ErrLeadingZero, part: "detail", off: 4},
		{in: "5.000.000", want: Code{5, 0, 0}, lenient: true, err: ErrLeadingZero, part: "subject", off: 2},
		{in: "", err: ErrEmpty, off: 0},
		{in: "5.1", err: ErrIncomplete, part: "detail", off: 3},
		{in: "5.1.", err: ErrIncomplete, part: "detail", off: 4},
		{in: "5.", err: ErrIncomplete, part: "subject", off: 2},
		{in: "5", err: ErrIncomplete, part: "subject", off: 1},
		{in: "6.0.0", err: ErrClass, part: "class", off: 0},
		{in: "3.0.0", err: ErrClass, part: "class", off: 0},
		{in: "x.1.1", err: ErrClass, part: "class", off: 0},
		{in: "5.1000.1", err: ErrTooManyDigits, part: "subject", off: 2},
		{in: "5.1.1000", err: ErrTooManyDigits, part: "detail", off: 4},
		{in: "5..1", err: ErrNoDigits, part: "subject", off: 2},
		{in: "5.1..", err: ErrNoDigits, part: "detail", off: 4},
		{in: "5:1.1", err: ErrMissingDot, part: "class", off: 1},
		{in: "5.1x1", err: ErrMissingDot, part: "subject", off: 3},
		{in: "5.1.1 ", err: ErrTrailing, off: 5},
		{in: "5.1.1x", err: ErrTrailing, off: 5},
		{in: " 5.1.1", err: ErrClass, part: "class", off: 0},
		{in: "55.1.1", err: ErrMissingDot, part: "class", off: 1},
		{in: "5.-1.1", err: ErrNoDigits, part: "subject", off: 2},
		{in: "5.1.1.1", err: ErrTrailing, off: 5},
		{in: "٥.1.1", err: ErrClass, part: "class", off: 0},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		if tt.err == nil || tt.lenient {
			if tt.lenient {
				checkErr(t, "Parse", tt.in, err, tt.err, tt.part, tt.off)
			} else if err != nil || c != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, c, err, tt.want)
			}
			if c, err := ParseLenient(tt.in); err != nil || c != tt.want {
				t.Errorf("ParseLenient(%q) = %v, %v; want %v", tt.in, c, err, tt.want)
			}
			continue
		}
		checkErr(t, "Parse", tt.in, err, tt.err, tt.part, tt.off)
		_, err = ParseLenient(tt.in)
		checkErr(t, "ParseLenient", tt.in, err, tt.err, tt.part, tt.off)
	}
}

func checkErr(t *testing.T, fn, in string, err, want error, part string, off int) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("%s(%q): error %v, want *ParseError", fn, in, err)
		return
	}
	if !errors.Is(err, want) || pe.Part != part || pe.Offset != off || pe.Input != in || pe.Func != fn {
		t.Errorf("%s(%q): got %#v, want Err %v part %q offset %d", fn, in, pe, want, part, off)
	}
}

func TestParseErrorMessage(t *testing.T) {
	for in, want := range map[string]string{
		"5.1":      `dsn.Parse("5.1"): detail: missing: code ends early, want class.subject.detail at offset 3`,
		"6.0.0":    `dsn.Parse("6.0.0"): class: class must be 2, 4 or 5 at offset 0`,
		"5.1000.1": `dsn.Parse("5.1000.1"): subject: more than 3 digits at offset 2`,
		"5.01.1":   `dsn.Parse("5.01.1"): subject: leading zero at offset 2`,
		"":         `dsn.Parse(""): empty input at offset 0`,
		"5.1.1 x":  `dsn.Parse("5.1.1 x"): unexpected text after value at offset 5`,
	} {
		_, err := Parse(in)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) error\n got %v\nwant %s", in, err, want)
		}
	}
}

func TestCodeMethods(t *testing.T) {
	c := MustParse("5.7.1")
	if !c.IsPermanent() || c.IsTransient() || c.IsSuccess() || !c.IsValid() || c.IsZero() {
		t.Errorf("class helpers wrong for %v", c)
	}
	if !MustParse("4.4.1").IsTransient() || !MustParse("2.0.0").IsSuccess() {
		t.Error("IsTransient/IsSuccess")
	}
	if got := c.WithClass(4); got != (Code{4, 7, 1}) {
		t.Errorf("WithClass = %v", got)
	}
	var zero Code
	if zero.IsValid() || !zero.IsZero() || zero.String() != "0.0.0" {
		t.Errorf("zero Code: valid %v zero %v %q", zero.IsValid(), zero.IsZero(), zero)
	}
	for _, bad := range []Code{{6, 0, 0}, {5, 1000, 0}, {5, 0, 1000}, {0, 1, 1}} {
		if bad.IsValid() {
			t.Errorf("%v valid", bad)
		}
		if _, err := bad.MarshalText(); err == nil {
			t.Errorf("MarshalText(%v) succeeded", bad)
		}
	}
	if got := string(c.AppendTo([]byte("dsn="))); got != "dsn=5.7.1" {
		t.Errorf("AppendTo = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParse(5.01.1) did not panic")
		}
	}()
	MustParse("5.01.1")
}

func TestCompare(t *testing.T) {
	codes := []Code{MustParse("5.1.10"), MustParse("2.0.0"), MustParse("5.1.2"), MustParse("4.7.1"), MustParse("5.0.0"), MustParse("5.1.2")}
	slices.SortFunc(codes, Code.Compare)
	var got []string
	for _, c := range codes {
		got = append(got, c.String())
	}
	want := []string{"2.0.0", "4.7.1", "5.0.0", "5.1.2", "5.1.2", "5.1.10"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}

func TestText(t *testing.T) {
	type doc struct {
		DSN  Code  `json:"dsn"`
		None Code  `json:"none"`
		Ptr  *Code `json:"ptr"`
	}
	b, err := json.Marshal(doc{DSN: MustParse("4.4.1")})
	if err != nil || string(b) != `{"dsn":"4.4.1","none":"","ptr":null}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"dsn":"5.7.26","none":""}`), &d); err != nil || d.DSN != (Code{5, 7, 26}) || !d.None.IsZero() {
		t.Fatalf("Unmarshal = %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"dsn":"5.01.1"}`), &d); !errors.Is(err, ErrLeadingZero) {
		t.Errorf("Unmarshal 5.01.1: %v", err)
	}
}

func TestCodeAllocs(t *testing.T) {
	var sink Code
	buf := make([]byte, 0, 16)
	n := testing.AllocsPerRun(100, func() {
		sink, _ = Parse("5.7.25")
		sink, _ = ParseLenient("4.01.001")
		buf = sink.AppendTo(buf[:0])
		_, _ = Lookup(sink)
		_, _ = LookupString("X.7.1")
	})
	if n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}
