package qid

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestParseExamples(t *testing.T) {
	tests := []struct {
		in    string
		long  bool
		time  string // RFC 3339 nano, long only
		usec  int
		inode uint64
	}{
		// spec §1.2 worked examples
		{"3Pt2mN2VXxznjll", true, "2011-03-20T14:31:48.353025Z", 353025, 5536956},
		{"4jXWfr4z1Cz1SGmk", true, "2026-11-22T14:29:24.700399Z", 700399, 9987317},
		// spec §1.1: short IDs sharing an inode
		{"2989A9862D4", false, "", 0x2989A, 0x9862D4},
		{"29CC29862D4", false, "", 0x29CC2, 0x9862D4},
		{"000000", false, "", 0, 0},
		{"F423FFFFFFFFFFFFFFFFF", false, "", 999999, math.MaxUint64},
		{"0000000000z0", true, "1970-01-01T00:00:00Z", 0, 0},
		{"zzzzzzzzzzzzzz5Z4zyyyyyyyyyyyy", false, "", 0, 0}, // too long: rejected below
	}
	for _, tc := range tests[:len(tests)-1] {
		id, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if id.String() != tc.in || id.IsLong() != tc.long || id.Microseconds() != tc.usec || id.Inode() != tc.inode || id.Len() != len(tc.in) {
			t.Errorf("Parse(%q) = %v long=%v usec=%d inode=%d", tc.in, id, id.IsLong(), id.Microseconds(), id.Inode())
		}
		if tc.long && id.Time().Format(time.RFC3339Nano) != tc.time {
			t.Errorf("Parse(%q).Time() = %s, want %s", tc.in, id.Time().Format(time.RFC3339Nano), tc.time)
		}
		if !tc.long && !id.Time().IsZero() {
			t.Errorf("short ID %q has a time", tc.in)
		}
	}
	if _, err := Parse(tests[len(tests)-1].in); err == nil {
		t.Error("over-long ID accepted")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		reason string
		off    int
	}{
		{"", "empty", 0},
		{"ABCDE", "too short", 5},
		{"NOQUEUE", "NOQUEUE is not a queue ID", 0},
		{"ABCDEa12", "invalid character in short ID", 5},
		{"abcdef", "invalid character in short ID", 0},
		{"F42401", "microseconds field above F423F", 0},
		{"0123456789ABCDEF012345", "too long", 21},
		{"4jXWfr4z1C", "separator 'z' before offset 10", 7},
		{"4jXWfr4z1Cz", "empty inode field", 11},
		{"4jXWfr4z1Caz1SGmk", "invalid character in long ID", 10},
		{"4jXWfr4zzzzz1SGmk", "microseconds field above 999999", 7},
		{"4jXWfr4z1Cz1SGmk_", "invalid character in long ID", 16},
		{"0000004jXWfr4z1Cz1S", "seconds field longer than 11 digits", 11},
		{"4jXWfr4z1Czyyyyyyyyyyyy", "inode number overflows 64 bits", 22},
		{"4jXWfr4z1Cz1111111111111", "inode field longer than 12 digits", 23},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want *ParseError", tc.in, err)
			continue
		}
		if !strings.HasPrefix(pe.Reason, tc.reason) || pe.Offset != tc.off || pe.Input != tc.in {
			t.Errorf("Parse(%q): %q at %d, want %q at %d", tc.in, pe.Reason, pe.Offset, tc.reason, tc.off)
		}
		if !strings.Contains(err.Error(), strconv.Quote(tc.in)) {
			t.Errorf("error text %q does not quote the input", err)
		}
		if _, err2 := ParseBytes([]byte(tc.in)); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("ParseBytes(%q) = %v, Parse = %v", tc.in, err2, err)
		}
	}
}

func TestZeroAndText(t *testing.T) {
	var z ID
	if z.IsValid() || z.String() != "" || z.Len() != 0 || !z.Time().IsZero() {
		t.Error("zero ID")
	}
	b, _ := z.MarshalText()
	if len(b) != 0 {
		t.Error("zero MarshalText")
	}
	type rec struct {
		A, B ID
	}
	in := rec{A: MustParse("4jXWfr4z1Cz1SGmk"), B: MustParse("DED2698662B")}
	js, err := json.Marshal(in)
	if err != nil || string(js) != `{"A":"4jXWfr4z1Cz1SGmk","B":"DED2698662B"}` {
		t.Fatalf("json: %s %v", js, err)
	}
	var out rec
	if err := json.Unmarshal(js, &out); err != nil || out != in {
		t.Fatalf("json round trip: %v %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"A":"nope"}`), &out); err == nil {
		t.Error("bad ID unmarshalled")
	}
	if err := out.A.UnmarshalText(nil); err != nil || out.A.IsValid() {
		t.Error("empty UnmarshalText")
	}
	if b, _ := in.A.AppendText([]byte("x")); string(b) != "x4jXWfr4z1Cz1SGmk" {
		t.Errorf("AppendText: %s", b)
	}
}

func TestNewPanics(t *testing.T) {
	for _, f := range []func(){
		func() { NewShort(-1, 0) },
		func() { NewShort(1000000, 0) },
		func() { NewLong(time.Unix(-1, 0), 0) },
		func() { NewLong(time.Unix(maxSec, 0), 0) },
		func() { MustParse("x") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		}()
	}
}

// --- reference implementation, written straight from spec §1 ---

const refAlpha = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"

var (
	refShortRE = regexp.MustCompile(`^[0-9A-F]{6,21}$`)
	refHead52  = regexp.MustCompile(`^[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,15}$`)
	refIno51   = regexp.MustCompile(`^[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{1,12}$`)
)

type refID struct {
	long             bool
	sec, usec, inode uint64
}

func refBase(s string, base int64) *big.Int {
	v := new(big.Int)
	for _, c := range []byte(s) {
		v.Mul(v, big.NewInt(base))
		v.Add(v, big.NewInt(int64(strings.IndexByte(refAlpha, c))))
	}
	return v
}

var two64 = new(big.Int).Lsh(big.NewInt(1), 64)

// refParse classifies s by the spec's rules.
func refParse(s string) (refID, bool) {
	p := strings.LastIndexByte(s, 'z')
	if p < 0 {
		if !refShortRE.MatchString(s) {
			return refID{}, false
		}
		u, _ := strconv.ParseUint(s[:5], 16, 64)
		in, _ := strconv.ParseUint(s[5:], 16, 64)
		return refID{false, 0, u, in}, u < 1000000
	}
	// rightmost z at offset >= 10; seconds 6..11 digits; 4 µs digits.
	if p < 10 || !refHead52.MatchString(s[:p]) || !refIno51.MatchString(s[p+1:]) {
		return refID{}, false
	}
	sec := refBase(s[:p-4], 52)
	usec := refBase(s[p-4:p], 52)
	ino := refBase(s[p+1:], 51)
	if usec.Cmp(big.NewInt(1000000)) >= 0 || ino.Cmp(two64) >= 0 {
		return refID{}, false
	}
	return refID{true, sec.Uint64(), usec.Uint64(), ino.Uint64()}, true
}

// refEncodeLong is mail_queue_enter's long form, written independently.
func refEncodeLong(sec, usec, inode uint64) string {
	enc := func(v uint64, base uint64, pad int) string {
		s := ""
		for {
			s = string(refAlpha[v%base]) + s
			v /= base
			if v == 0 {
				break
			}
		}
		for len(s) < pad {
			s = "0" + s
		}
		return s
	}
	return enc(sec, 52, 6) + enc(usec, 52, 4) + "z" + enc(inode, 51, 0)
}

func checkAgainstRef(t interface{ Fatalf(string, ...any) }, s string) {
	id, err := Parse(s)
	ref, ok := refParse(s)
	if (err == nil) != ok {
		t.Fatalf("Parse(%q) err=%v, reference ok=%v", s, err, ok)
	}
	if !ok {
		if id != (ID{}) {
			t.Fatalf("Parse(%q) returned a non-zero ID with an error", s)
		}
		return
	}
	got := refID{id.IsLong(), 0, uint64(id.Microseconds()), id.Inode()}
	if id.IsLong() {
		got.sec = uint64(id.Time().Unix())
	}
	if got != ref || id.String() != s {
		t.Fatalf("Parse(%q) = %+v (%s), reference %+v", s, got, id, ref)
	}
}

func TestRapidRoundTripLong(t *testing.T) {
	var withZ, n int
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.OneOf(
			rapid.Uint64Range(0, maxSec-1),
			rapid.Uint64Range(1600000000, 1900000000), // realistic
			rapid.SampledFrom([]uint64{0, 52*52*52*52*52 - 1, 52 * 52 * 52 * 52 * 52, maxSec - 1}),
		).Draw(t, "sec")
		usec := rapid.IntRange(0, 999999).Draw(t, "usec")
		inode := rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 1<<32),
			rapid.SampledFrom([]uint64{0, math.MaxUint64})).Draw(t, "inode")
		tm := time.Unix(int64(sec), int64(usec)*1000+int64(rapid.IntRange(0, 999).Draw(t, "ns")))
		id := NewLong(tm, inode)
		s := id.String()
		if want := refEncodeLong(sec, uint64(usec), inode); s != want {
			t.Fatalf("NewLong(%d.%06d, %d) = %s, reference %s", sec, usec, inode, s, want)
		}
		p, err := Parse(s)
		if err != nil || p != id {
			t.Fatalf("Parse(%q) = %v, %v; want %v", s, p, err, id)
		}
		if !p.IsLong() || p.Inode() != inode || p.Microseconds() != usec ||
			!p.Time().Equal(tm.Truncate(time.Microsecond)) || p.Time().Location() != time.UTC {
			t.Fatalf("decode %q: %v %d %d", s, p.Time(), p.Microseconds(), p.Inode())
		}
		checkAgainstRef(t, s)
		if strings.IndexByte(s[:len(s)-1], 'z') < strings.LastIndexByte(s, 'z') {
			withZ++
		}
		n++
	})
	t.Logf("%d of %d long IDs had a 'z' before the separator", withZ, n)
	if withZ == 0 {
		t.Error("no IDs with a 'z' before the separator were generated")
	}
}

func TestRapidRoundTripShort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		usec := rapid.IntRange(0, 999999).Draw(t, "usec")
		inode := rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 1<<32)).Draw(t, "inode")
		id := NewShort(usec, inode)
		s := id.String()
		if want := fmt.Sprintf("%05X%X", usec, inode); s != want {
			t.Fatalf("NewShort(%d, %d) = %s, want %s", usec, inode, s, want)
		}
		p, err := Parse(s)
		if err != nil || p != id || p.IsLong() || p.Microseconds() != usec || p.Inode() != inode {
			t.Fatalf("Parse(%q) = %v, %v", s, p, err)
		}
		checkAgainstRef(t, s)
	})
}

// TestRapidZBeforeSeparator builds long IDs whose seconds or microseconds
// field contains 'z' (digit 51), as about 11 % of real long IDs do.
func TestRapidZBeforeSeparator(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digit := rapid.SampledFrom([]byte(refAlpha))
		head := []byte(rapid.SliceOfN(digit, 10, 10).Draw(t, "head"))
		head[rapid.IntRange(0, 9).Draw(t, "zpos")] = 'z'
		head[6] = rapid.SampledFrom([]byte("0123")).Draw(t, "usec0") // keep µs < 1e6 mostly
		ino := rapid.StringOfN(rapid.SampledFrom([]rune(refAlpha[:51])), 1, 6, -1).Draw(t, "ino")
		s := string(head) + "z" + ino
		checkAgainstRef(t, s)
		if id, err := Parse(s); err == nil {
			if got := NewLong(id.Time(), id.Inode()); got.String() != s && !(len(ino) > 1 && ino[0] == '0') {
				t.Fatalf("re-encode %q = %q", s, got)
			}
		}
	})
}

// TestRapidRandomStrings: random strings never panic and are classified as
// the reference does.
func TestRapidRandomStrings(t *testing.T) {
	chars := []rune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzzzzz_-.: <>@\x00\xff")
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringOfN(rapid.SampledFrom(chars), 0, 32, -1),
			rapid.StringOfN(rapid.SampledFrom([]rune("0123456789ABCDEF")), 0, 24, -1),
			rapid.StringOfN(rapid.SampledFrom([]rune(refAlpha+"zzzz")), 8, 30, -1),
			rapid.String(),
		).Draw(t, "s")
		checkAgainstRef(t, s)
		// Finding never panics and reports only parseable IDs.
		for m := range All([]byte(s)) {
			if s[m.Start:m.End] != m.ID.String() {
				t.Fatalf("All(%q): bad match %v", s, m)
			}
		}
	})
}
