package dsn

import (
	"cmp"
	"errors"
	"strconv"
)

// Code is an enhanced mail system status code (RFC 3463), written
// class.subject.detail: "5.1.1", "4.4.1", "2.0.0".
//
// Code is a small comparable value: use it as a map key, compare it with ==,
// sort it with [Code.Compare]. The zero Code is not a valid code; it stands
// for "no code" (for example a reply without an enhanced status code).
type Code struct {
	Class   uint8  // 2 success, 4 persistent transient failure, 5 permanent failure
	Subject uint16 // 0-999; 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and routing, 5 protocol, 6 content or media, 7 security or policy
	Detail  uint16 // 0-999
}

// Classes of enhanced status codes (RFC 3463 section 3.1).
const (
	ClassSuccess   uint8 = 2 // 2.X.X: success
	ClassTransient uint8 = 4 // 4.X.X: persistent transient failure
	ClassPermanent uint8 = 5 // 5.X.X: permanent failure
)

// Parse parses s as an enhanced status code by the grammar of RFC 3463
// section 2: class "2", "4" or "5", then subject and detail of 1 to 3 digits
// each, separated by '.', with no leading zeros ("5.1.1", "4.7.25";
// not "5.01.1") and nothing else before or after.
//
// Parse does not allocate unless it returns an error, which is always a
// [*ParseError].
func Parse(s string) (Code, error) {
	c, n, e := scan(s, true)
	if e.err == nil && n != len(s) {
		e = scanErr{"", n, ErrTrailing}
	}
	if e.err != nil {
		return Code{}, newError("Parse", s, e.part, e.off, e.err)
	}
	return c, nil
}

// ParseLenient parses s as Postfix reads an enhanced status code
// (dsn_valid in src/global/dsn_util.c): class "2", "4" or "5", then
// subject and detail of 1 to 3 digits each. Unlike [Parse] it accepts
// leading zeros: "5.01.1" is 5.1.1. Every string [Parse] accepts,
// ParseLenient accepts with the same result.
//
// ParseLenient does not allocate unless it returns an error, which is
// always a [*ParseError].
func ParseLenient(s string) (Code, error) {
	c, n, e := scan(s, false)
	if e.err == nil && n != len(s) {
		e = scanErr{"", n, ErrTrailing}
	}
	if e.err != nil {
		return Code{}, newError("ParseLenient", s, e.part, e.off, e.err)
	}
	return c, nil
}

// MustParse is like [Parse] but panics if s is not a valid code. It is meant
// for package-level variables and tests.
func MustParse(s string) Code {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// scanErr is an allocation-free description of a scan failure.
type scanErr struct {
	part string
	off  int
	err  error
}

// scan reads a code at the start of s and returns it with the number of
// bytes it used. It stops after the detail's digits and does not look at
// what follows.
func scan(s string, strict bool) (Code, int, scanErr) {
	if len(s) == 0 {
		return Code{}, 0, scanErr{"", 0, ErrEmpty}
	}
	switch s[0] {
	case '2', '4', '5':
	default:
		return Code{}, 0, scanErr{"class", 0, ErrClass}
	}
	// Fast path for the usual one-digit subject and detail ("2.0.0",
	// "5.7.1"), which scanTail would accept the same way.
	if len(s) >= 5 && s[1] == '.' && isDigit(s[2]) && s[3] == '.' && isDigit(s[4]) && (len(s) == 5 || !isDigit(s[5])) {
		return Code{Class: s[0] - '0', Subject: uint16(s[2] - '0'), Detail: uint16(s[4] - '0')}, 5, scanErr{}
	}
	c, n, e := scanTail(s, strict)
	if e.err != nil {
		return Code{}, n, e
	}
	c.Class = s[0] - '0'
	return c, n, e
}

// scanTail reads ".subject.detail" at s[1:], whatever s[0] is.
func scanTail(s string, strict bool) (Code, int, scanErr) {
	var c Code
	i := 1
	if i == len(s) {
		return Code{}, i, scanErr{"subject", i, ErrIncomplete}
	}
	if s[i] != '.' {
		return Code{}, i, scanErr{"class", i, ErrMissingDot}
	}
	i++
	v, n, e := scanNum(s, i, "subject", strict)
	if e.err != nil {
		return Code{}, i, e
	}
	c.Subject = v
	i += n
	if i == len(s) {
		return Code{}, i, scanErr{"detail", i, ErrIncomplete}
	}
	if s[i] != '.' {
		return Code{}, i, scanErr{"subject", i, ErrMissingDot}
	}
	i++
	v, n, e = scanNum(s, i, "detail", strict)
	if e.err != nil {
		return Code{}, i, e
	}
	c.Detail = v
	return c, i + n, scanErr{}
}

// scanNum reads the 1-3 digit number at s[i:]. Like Postfix it counts every
// digit before judging the length, so "5.1.1000" is too long, not "5.1.100"
// followed by junk.
func scanNum(s string, i int, part string, strict bool) (uint16, int, scanErr) {
	j := i
	var v uint16
	for j < len(s) && isDigit(s[j]) {
		if j-i < 3 {
			v = v*10 + uint16(s[j]-'0')
		}
		j++
	}
	switch n := j - i; {
	case n == 0:
		if j == len(s) {
			return 0, 0, scanErr{part, i, ErrIncomplete}
		}
		return 0, 0, scanErr{part, i, ErrNoDigits}
	case n > 3:
		return 0, 0, scanErr{part, i, ErrTooManyDigits}
	case strict && n > 1 && s[i] == '0':
		return 0, 0, scanErr{part, i, ErrLeadingZero}
	default:
		return v, n, scanErr{}
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// IsValid reports whether c is a code that [Parse] could return: class 2, 4
// or 5, subject and detail at most 999.
func (c Code) IsValid() bool {
	return (c.Class == 2 || c.Class == 4 || c.Class == 5) && c.Subject <= 999 && c.Detail <= 999
}

// IsZero reports whether c is the zero Code ("no code").
func (c Code) IsZero() bool { return c == Code{} }

// IsSuccess reports whether c is a 2.X.X code.
func (c Code) IsSuccess() bool { return c.Class == ClassSuccess }

// IsTransient reports whether c is a 4.X.X code: a persistent transient
// failure, after which sending again may succeed. Postfix defers on these.
func (c Code) IsTransient() bool { return c.Class == ClassTransient }

// IsPermanent reports whether c is a 5.X.X code: a permanent failure.
// Postfix bounces on these.
func (c Code) IsPermanent() bool { return c.Class == ClassPermanent }

// WithClass returns c with its class replaced by class.
func (c Code) WithClass(class uint8) Code {
	c.Class = class
	return c
}

// Compare returns -1, 0 or +1 as c sorts before, equal to or after d,
// ordering by class, then subject, then detail. It can be passed to
// slices.SortFunc.
func (c Code) Compare(d Code) int {
	if r := cmp.Compare(c.Class, d.Class); r != 0 {
		return r
	}
	if r := cmp.Compare(c.Subject, d.Subject); r != 0 {
		return r
	}
	return cmp.Compare(c.Detail, d.Detail)
}

// String returns c in its canonical form "class.subject.detail", without
// leading zeros. The zero Code prints as "0.0.0".
func (c Code) String() string {
	var buf [16]byte
	return string(c.AppendTo(buf[:0]))
}

// AppendTo appends the canonical form of c (as [Code.String] returns it)
// to b and returns the extended buffer.
func (c Code) AppendTo(b []byte) []byte {
	b = strconv.AppendUint(b, uint64(c.Class), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(c.Subject), 10)
	b = append(b, '.')
	return strconv.AppendUint(b, uint64(c.Detail), 10)
}

// MarshalText implements [encoding.TextMarshaler]. The zero Code marshals as
// empty text; other invalid codes are an error.
func (c Code) MarshalText() ([]byte, error) {
	if c.IsZero() {
		return []byte{}, nil
	}
	if !c.IsValid() {
		return nil, errors.New("dsn: MarshalText of invalid code " + c.String())
	}
	return c.AppendTo(make([]byte, 0, 11)), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Empty text gives the
// zero Code; anything else must satisfy [Parse].
func (c *Code) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Code{}
		return nil
	}
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
