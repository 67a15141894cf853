package qid

import (
	"strconv"
	"strings"
	"time"
)

// Limits of the two queue ID forms accepted by [Parse].
const (
	// MinLen is the length of the shortest valid queue ID (a short ID with a
	// one-digit inode number).
	MinLen = 6
	// MaxShortLen is the length of the longest short ID: five hex digits of
	// microseconds and sixteen hex digits of a 64-bit inode number.
	MaxShortLen = 21
	// MaxLongLen is the length of the longest long ID accepted: eleven
	// base-52 digits of seconds, four of microseconds, the separator and
	// twelve base-51 digits of inode number.
	MaxLongLen = maxSecDigits + usecDigits + 1 + maxLongInoDigits

	maxSecDigits     = 11 // 52^11 s is about 238 billion years; keeps Time exact
	minSecDigits     = 6  // MQID_LG_SEC_PAD
	usecDigits       = 4  // MQID_LG_USEC_PAD
	maxLongInoDigits = 12 // 51^11 < 2^64 <= 51^12
	shortUsecDigits  = 5  // "%05X"
	maxShortInoDigit = 16 // "%lX" of a 64-bit value
)

// NoQueue is the literal Postfix logs in place of a queue ID when no queue
// file exists yet (smtpd, postscreen and qmqpd rejects). It is not an ID.
const NoQueue = "NOQUEUE"

// Separator is the byte that separates the time from the inode number in a
// long queue ID. It is the rightmost 'z' of the ID (at offset 10 or later).
const Separator = 'z'

// alphabet52 is Postfix's safe_ultostr digit set: digits and consonants.
// Its first 51 symbols (without the final 'z') are the base-51 digits used
// for the inode number of long IDs.
const alphabet52 = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"

const hexUpper = "0123456789ABCDEF"

// maxSec is 52^11: seconds values must be below it (at most 11 digits).
const maxSec = 52 * 52 * 52 * 52 * 52 * 52 * 52 * 52 * 52 * 52 * 52

// Character classes and digit values, indexed by byte.
var (
	val52 [256]uint8 // digit value in base 52, or 0xFF
	val51 [256]uint8 // digit value in base 51 (val52 without 'z'), or 0xFF
	val16 [256]uint8 // upper-case hex digit value, or 0xFF
)

func init() {
	for i := range val52 {
		val52[i] = 0xFF
		val16[i] = 0xFF
	}
	for i := 0; i < len(alphabet52); i++ {
		val52[alphabet52[i]] = uint8(i)
	}
	val51 = val52
	val51[Separator] = 0xFF
	for i := 0; i < len(hexUpper); i++ {
		val16[hexUpper[i]] = uint8(i)
	}
}

// ID is a Postfix queue ID, in either the short (hexadecimal) or the long
// (enable_long_queue_ids) form.
//
// ID is a small comparable value without pointers; it can be used as a map
// key and compared with ==. Two IDs are equal exactly when their text is
// equal. The zero ID is not a valid queue ID; see [ID.IsValid].
type ID struct {
	sec   uint64 // long: seconds since the epoch
	inode uint64 // inode number of the queue file
	usec  uint32 // microseconds
	flags uint8  // flagValid | flagLong
	secN  uint8  // long: width of the seconds field
	inoN  uint8  // width of the inode field
}

const (
	flagValid = 1 << iota
	flagLong
)

// IsValid reports whether id is a queue ID (as opposed to the zero ID).
func (id ID) IsValid() bool { return id.flags&flagValid != 0 }

// IsLong reports whether id is in the long form (enable_long_queue_ids = yes).
func (id ID) IsLong() bool { return id.flags&flagLong != 0 }

// Len returns the length of the textual form of id (0 for the zero ID).
func (id ID) Len() int {
	switch {
	case !id.IsValid():
		return 0
	case id.IsLong():
		return int(id.secN) + usecDigits + 1 + int(id.inoN)
	default:
		return shortUsecDigits + int(id.inoN)
	}
}

// Microseconds returns the microseconds part of the ID: the tv_usec of the
// gettimeofday call made when Postfix created the queue file. It is always
// below 1 000 000. It returns 0 for the zero ID.
func (id ID) Microseconds() int { return int(id.usec) }

// Inode returns the inode number of the queue file encoded in the ID.
func (id ID) Inode() uint64 { return id.inode }

// Time returns the creation time of the queue file encoded in a long ID, in
// UTC with microsecond precision. Short IDs carry no date; for them (and the
// zero ID) Time returns the zero time.Time.
func (id ID) Time() time.Time {
	if !id.IsLong() {
		return time.Time{}
	}
	return time.Unix(int64(id.sec), int64(id.usec)*1000).UTC()
}

// String returns the queue ID as Postfix writes it, or "" for the zero ID.
func (id ID) String() string {
	var buf [MaxLongLen]byte
	return string(id.AppendTo(buf[:0]))
}

// AppendTo appends the textual form of id to b and returns the extended
// buffer. It appends nothing for the zero ID.
func (id ID) AppendTo(b []byte) []byte {
	if !id.IsValid() {
		return b
	}
	if id.IsLong() {
		b = appendBase(b, id.sec, 52, int(id.secN))
		b = appendBase(b, uint64(id.usec), 52, usecDigits)
		b = append(b, Separator)
		return appendBase(b, id.inode, 51, int(id.inoN))
	}
	b = appendHex(b, uint64(id.usec), shortUsecDigits)
	return appendHex(b, id.inode, int(id.inoN))
}

// AppendText implements [encoding.TextAppender]; it is [ID.AppendTo].
func (id ID) AppendText(b []byte) ([]byte, error) { return id.AppendTo(b), nil }

// MarshalText implements [encoding.TextMarshaler]. The zero ID marshals to
// an empty text.
func (id ID) MarshalText() ([]byte, error) {
	return id.AppendTo(make([]byte, 0, id.Len())), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. An empty text
// unmarshals to the zero ID; anything else must be a valid queue ID.
func (id *ID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = ID{}
		return nil
	}
	v, err := ParseBytes(text)
	if err != nil {
		return err
	}
	*id = v
	return nil
}

func appendBase(b []byte, v uint64, base uint64, width int) []byte {
	var tmp [24]byte
	i := len(tmp)
	for v != 0 || i == len(tmp) {
		i--
		tmp[i] = alphabet52[v%base]
		v /= base
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

func appendHex(b []byte, v uint64, width int) []byte {
	var tmp [16]byte
	i := len(tmp)
	for v != 0 || i == len(tmp) {
		i--
		tmp[i] = hexUpper[v&15]
		v >>= 4
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// NewShort returns the short queue ID that Postfix's mail_queue_enter
// produces for microseconds usec and inode number inode: "%05X" of usec
// followed by "%lX" of inode. It panics if usec is not in [0, 999999].
func NewShort(usec int, inode uint64) ID {
	if usec < 0 || usec > 999999 {
		panic("qid: NewShort: microseconds out of range: " + strconv.Itoa(usec))
	}
	n := 1
	for v := inode >> 4; v != 0; v >>= 4 {
		n++
	}
	return ID{inode: inode, usec: uint32(usec), flags: flagValid, inoN: uint8(n)}
}

// NewLong returns the long queue ID that Postfix's mail_queue_enter produces
// (with enable_long_queue_ids = yes) for a queue file created at t with
// inode number inode: the seconds since the epoch in base 52 padded to six
// digits, the microseconds in base 52 padded to four digits, the separator
// 'z' and the inode number in base 51. Sub-microsecond precision of t is
// truncated. NewLong panics if t is before 1970 or at or after 52^11 seconds
// after the epoch (beyond any date Postfix can produce).
func NewLong(t time.Time, inode uint64) ID {
	sec := t.Unix()
	if sec < 0 || uint64(sec) >= maxSec {
		panic("qid: NewLong: time out of range: " + t.String())
	}
	n := 1
	for v := uint64(sec) / 52; v != 0; v /= 52 {
		n++
	}
	n = max(n, minSecDigits)
	m := 1
	for v := inode / 51; v != 0; v /= 51 {
		m++
	}
	return ID{sec: uint64(sec), inode: inode, usec: uint32(t.Nanosecond() / 1000),
		flags: flagValid | flagLong, secN: uint8(n), inoN: uint8(m)}
}

// MustParse is like [Parse] but panics if s is not a valid queue ID. It is
// intended for tests and for IDs that are constants in a program.
func MustParse(s string) ID {
	id, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return id
}

// Parse parses a queue ID in either form.
//
// A short ID is 6 to 21 characters [0-9A-F]: five hex digits of
// microseconds (at most F423F) followed by the hex inode number.
//
// A long ID contains a 'z'; its rightmost 'z' is the separator and must be
// at offset 10 or later. Before it come 6 to 11 base-52 digits of seconds
// and exactly 4 base-52 digits of microseconds (value below 1 000 000);
// after it 1 to 12 base-51 digits of inode number (value below 2^64). The
// base-52 alphabet is 0-9 and the consonants B-Z, b-z; 'z' is a valid digit
// (value 51) before the separator.
//
// Unlike Postfix's own mail_queue_id_ok, which only checks for
// [A-Za-z0-9_], Parse accepts exactly what mail_queue_enter can produce,
// allowing leading zeros. [NoQueue] is not an ID; see [IsNoQueue]. Errors
// are of type *[ParseError].
func Parse(s string) (ID, error) {
	if id, ok := parseFast(s); ok {
		return id, nil
	}
	return parseStringSlow(s)
}

func parseStringSlow(s string) (ID, error) {
	id, code, off := parseSlow(s)
	if code != errNone {
		return ID{}, &ParseError{Input: s, Offset: off, Reason: code.String()}
	}
	return id, nil
}

// ParseBytes is like [Parse] but takes a byte slice. It does not allocate
// unless it returns an error.
func ParseBytes(b []byte) (ID, error) {
	// Small enough to be inlined: the common case costs no call.
	if id, ok := parseFast(bytesToString(b)); ok {
		return id, nil
	}
	return parseBytesSlow(b)
}

func parseBytesSlow(b []byte) (ID, error) {
	id, code, off := parseSlow(bytesToString(b))
	if code != errNone {
		return ID{}, &ParseError{Input: string(b), Offset: off, Reason: code.String()}
	}
	return id, nil
}

// IsNoQueue reports whether s is the literal [NoQueue].
func IsNoQueue[T ~string | ~[]byte](s T) bool { return string(s) == NoQueue }

// ParseError describes why a string is not a queue ID.
type ParseError struct {
	Input  string // the text that was parsed
	Offset int    // byte offset of the problem in Input
	Reason string // what is wrong, e.g. "invalid character 'a'"
}

// Error implements the error interface.
func (e *ParseError) Error() string {
	return "qid: invalid queue ID " + strconv.Quote(e.Input) + ": " + e.Reason +
		" at offset " + strconv.Itoa(e.Offset)
}

type errCode uint8

const (
	errNone errCode = iota
	errEmpty
	errNoQueue
	errTooShort
	errTooLong
	errShortChar
	errShortUsec
	errSepEarly
	errSecTooLong
	errLongChar
	errLongUsec
	errInodeEmpty
	errInodeTooLong
	errInodeOverflow
)

var errText = [...]string{
	errNone:          "",
	errEmpty:         "empty",
	errNoQueue:       "NOQUEUE is not a queue ID",
	errTooShort:      "too short",
	errTooLong:       "too long",
	errShortChar:     "invalid character in short ID (want 0-9A-F)",
	errShortUsec:     "microseconds field above F423F",
	errSepEarly:      "separator 'z' before offset 10",
	errSecTooLong:    "seconds field longer than 11 digits",
	errLongChar:      "invalid character in long ID (want 0-9 or a consonant)",
	errLongUsec:      "microseconds field above 999999",
	errInodeEmpty:    "empty inode field after separator",
	errInodeTooLong:  "inode field longer than 12 digits",
	errInodeOverflow: "inode number overflows 64 bits",
}

func (c errCode) String() string { return errText[c] }

// parse is the allocation-free core of Parse. On failure it returns the
// reason and the offset of the problem.
func parse(s string) (ID, errCode, int) {
	if id, ok := parseFast(s); ok {
		return id, errNone, 0
	}
	return parseSlow(s)
}

// parseFast parses the two common forms of queue ID quickly, without error
// reporting: short IDs, and long IDs with six digits of seconds (every
// time from 1970 to the year 2596), that is with the separator 'z' at
// offset 10. It reports false for anything else (valid or not), and
// parseSlow then parses it or finds the reason.
//
// Invalid digits are found by OR-ing the digit values (0xFF for a
// non-digit) instead of testing each character, and the fixed-width fields
// are computed without a chain of dependent multiplications.
func parseFast(s string) (ID, bool) {
	n := len(s)
	if n > minSecDigits+usecDigits+1 && n <= minSecDigits+usecDigits+maxLongInoDigits && s[minSecDigits+usecDigits] == Separator {
		// Long ID: "SSSSSSUUUUzIII...", at most 11 inode digits (which
		// cannot overflow). A later 'z' would be the separator, but it is
		// not a base-51 digit, so the inode loop rejects it.
		const b1, b2, b3, b4, b5 = 52, 52 * 52, 52 * 52 * 52, 52 * 52 * 52 * 52, 52 * 52 * 52 * 52 * 52
		s0, s1, s2, s3, s4, s5 := val52[s[0]], val52[s[1]], val52[s[2]], val52[s[3]], val52[s[4]], val52[s[5]]
		u0, u1, u2, u3 := val52[s[6]], val52[s[7]], val52[s[8]], val52[s[9]]
		bad := s0 | s1 | s2 | s3 | s4 | s5 | u0 | u1 | u2 | u3
		sec := uint64(s0)*b5 + uint64(s1)*b4 + uint64(s2)*b3 + uint64(s3)*b2 + uint64(s4)*b1 + uint64(s5)
		usec := uint32(u0)*b3 + uint32(u1)*b2 + uint32(u2)*b1 + uint32(u3)
		// The inode, two digits at a time (half the dependent steps).
		var ino uint64
		i := minSecDigits + usecDigits + 1
		if (n-i)&1 != 0 {
			d := val51[s[i]]
			bad |= d
			ino = uint64(d)
			i++
		}
		for ; i+1 < n; i += 2 {
			d1, d2 := val51[s[i]], val51[s[i+1]]
			bad |= d1 | d2
			ino = ino*(51*51) + uint64(d1)*51 + uint64(d2)
		}
		if bad&0x80 != 0 || usec > 999999 {
			return ID{}, false
		}
		return ID{sec: sec, inode: ino, usec: usec, flags: flagValid | flagLong,
			secN: minSecDigits, inoN: uint8(n - (minSecDigits + usecDigits + 1))}, true
	}
	if n < MinLen || n > MaxShortLen {
		return ID{}, false
	}
	// Short ID: five hex digits of microseconds, then the inode number.
	h0, h1, h2, h3, h4 := val16[s[0]], val16[s[1]], val16[s[2]], val16[s[3]], val16[s[4]]
	bad := h0 | h1 | h2 | h3 | h4
	usec := uint32(h0)<<16 | uint32(h1)<<12 | uint32(h2)<<8 | uint32(h3)<<4 | uint32(h4)
	// The inode, two digits at a time (half the dependent steps).
	var ino uint64
	i := shortUsecDigits
	if (n-i)&1 != 0 {
		d := val16[s[i]]
		bad |= d
		ino = uint64(d)
		i++
	}
	for ; i+1 < n; i += 2 {
		d1, d2 := val16[s[i]], val16[s[i+1]]
		bad |= d1 | d2
		ino = ino<<8 | uint64(d1)<<4 | uint64(d2)
	}
	if bad&0x80 != 0 || usec > 999999 {
		return ID{}, false
	}
	return ID{inode: ino, usec: usec, flags: flagValid, inoN: uint8(n - shortUsecDigits)}, true
}

// parseSlow is parse with error reporting.
func parseSlow(s string) (ID, errCode, int) {
	n := len(s)
	if n < MinLen {
		if n == 0 {
			return ID{}, errEmpty, 0
		}
		return ID{}, errTooShort, n
	}
	// Locate the rightmost 'z'. A short ID has none.
	p := strings.LastIndexByte(s, Separator)
	if p < 0 {
		return parseShort(s)
	}
	if n > MaxLongLen {
		return ID{}, errTooLong, MaxLongLen
	}
	if p < minSecDigits+usecDigits {
		for i := 0; i < p; i++ {
			if val52[s[i]] == 0xFF {
				return ID{}, errLongChar, i
			}
		}
		return ID{}, errSepEarly, p
	}
	if p > maxSecDigits+usecDigits {
		return ID{}, errSecTooLong, maxSecDigits
	}
	var sec uint64
	ps := p - usecDigits
	for i := 0; i < ps; i++ {
		d := val52[s[i]]
		if d == 0xFF {
			return ID{}, errLongChar, i
		}
		sec = sec*52 + uint64(d)
	}
	var usec uint32
	for i := ps; i < p; i++ {
		d := val52[s[i]]
		if d == 0xFF {
			return ID{}, errLongChar, i
		}
		usec = usec*52 + uint32(d)
	}
	if usec > 999999 {
		return ID{}, errLongUsec, ps
	}
	m := n - p - 1
	if m == 0 {
		return ID{}, errInodeEmpty, n
	}
	if m > maxLongInoDigits {
		return ID{}, errInodeTooLong, p + 1 + maxLongInoDigits
	}
	var ino uint64
	for i := p + 1; i < n; i++ {
		d := val52[s[i]] // 'z' cannot occur here: p is the rightmost one
		if d == 0xFF {
			return ID{}, errLongChar, i
		}
		if ino > (1<<64-1-uint64(d))/51 {
			return ID{}, errInodeOverflow, i
		}
		ino = ino*51 + uint64(d)
	}
	return ID{sec: sec, inode: ino, usec: usec, flags: flagValid | flagLong,
		secN: uint8(ps), inoN: uint8(m)}, errNone, 0
}

func parseShort(s string) (ID, errCode, int) {
	n := len(s)
	var usec uint32
	for i := 0; i < shortUsecDigits; i++ {
		d := val16[s[i]]
		if d == 0xFF {
			return ID{}, shortCharErr(s), i
		}
		usec = usec<<4 | uint32(d)
	}
	if n > MaxShortLen {
		for i := shortUsecDigits; i < MaxShortLen; i++ {
			if val16[s[i]] == 0xFF {
				return ID{}, shortCharErr(s), i
			}
		}
		return ID{}, errTooLong, MaxShortLen
	}
	var ino uint64
	for i := shortUsecDigits; i < n; i++ {
		d := val16[s[i]]
		if d == 0xFF {
			return ID{}, shortCharErr(s), i
		}
		ino = ino<<4 | uint64(d)
	}
	if usec > 999999 {
		return ID{}, errShortUsec, 0
	}
	return ID{inode: ino, usec: usec, flags: flagValid, inoN: uint8(n - shortUsecDigits)}, errNone, 0
}

// shortCharErr refines the error for a bad character in an ID without 'z'.
func shortCharErr(s string) errCode {
	if s == NoQueue {
		return errNoQueue
	}
	return errShortChar
}
