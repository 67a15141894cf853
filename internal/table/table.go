// Package table implements Postfix lookup tables as postmap(1) and smtpd(8)
// see them: texthash, hash/btree/lmdb/cdb/dbm read from their source file,
// inline, static, cidr, pcre, regexp, unionmap, pipemap and fail.
//
// The library never prints. Load-time and lookup-time diagnostics that
// Postfix logs as "warning:" are passed to a Warning callback with the text
// Postfix prints after "postmap: warning: "; fatal errors are returned as
// *Error whose Error() is the text Postfix prints after "postmap: fatal: ".
package table

import (
	"errors"
	"unicode/utf8"
)

// Warning receives one diagnostic, without a program prefix and without a
// trailing newline, as Postfix formats it before its logging layer replaces
// non-printable bytes with '?' (see Printable), e.g. `pcre map x.pcre, line 3: unknown regexp option "q": skipping this rule`.
type Warning func(msg string)

// DupMode says what to do with duplicate keys when a source file is read.
type DupMode uint8

// The duplicate modes.
const (
	DupWarn    DupMode = iota // keep the first, warn (postmap default)
	DupReplace                // last wins silently (postmap -r)
	DupIgnore                 // keep the first silently (postmap -w)
)

// Options control how tables are opened.
type Options struct {
	// NoFold disables lower-casing of keys in fixed-string tables at
	// creation and query time (postmap -f).
	NoFold bool
	// Dup selects the duplicate-key policy for source files (-r, -w).
	Dup DupMode
	// SMTPUTF8 is smtputf8_enable: non-UTF-8 query keys are refused with a
	// warning (not found), and fixed-string keys fold with Unicode rules.
	SMTPUTF8 bool
	// Warn receives warnings. Nil discards them.
	Warn Warning
	// CheckDB makes hash, btree, lmdb, cdb and dbm tables fail like postmap
	// -q when the indexed file (name.db, name.lmdb, ...) does not exist. The
	// table content is always read from the source file "name".
	CheckDB bool
	// QuietSource suppresses the creation-time warnings of hash, btree,
	// lmdb, cdb and dbm source files (postmap -q prints none: they were
	// printed when the database was built).
	QuietSource bool
	// ReadFile reads a table file; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Stat reports whether a file exists (for CheckDB); nil means os.Stat.
	Stat func(name string) error

	// shared holds the member tables of unionmap/pipemap, which Postfix
	// opens once per process and shares by "type:name" (top-level tables
	// are not shared). Reusing one Options reuses them; not safe for
	// concurrent Open calls.
	shared map[string]Table
}

func (o *Options) warn(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

// Table is an opened lookup table.
type Table interface {
	// Lookup does one literal lookup, as postmap -q does: the table's own
	// key folding, no empty-key short-cut.
	Lookup(key string) (value string, found bool, err error)
	// Name returns "type:name" as Postfix spells it in messages.
	Name() string
	// Fixed reports whether the table is a fixed-string table (hash,
	// texthash, inline, ...), which also receives the partial keys that
	// smtpd derives; pattern tables (pcre, regexp, cidr) only get full keys.
	Fixed() bool
}

// Error is a fatal table error; Error() is the text after "postmap: fatal: ".
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

func fatalf(format string, args ...any) error {
	return &Error{Msg: sprintf(format, args...)}
}

// QueryError is a lookup failure (DICT_ERR_RETRY/CONFIG), e.g. from fail:.
type QueryError struct {
	Table  string // type:name
	Reason string // strerror-style text, e.g. "Application error"
}

func (e *QueryError) Error() string {
	if e.Reason == "" {
		return "table " + e.Table + ": query error"
	}
	return "table " + e.Table + ": query error: " + e.Reason
}

// UnsupportedError reports a table rule whose pattern Postfix accepts but
// mailsift cannot reproduce exactly (internal/regex ErrUnsupported, at load
// time; regex.ErrSubjectUnsupported, at lookup time for one key). The
// table (or the lookup) is refused rather than answer differently.
type UnsupportedError struct {
	Map  string // e.g. "pcre map x.pcre"
	Line int
	Err  error
}

func (e *UnsupportedError) Error() string {
	return sprintf("%s, line %d: mailsift cannot emulate this pattern: %v", e.Map, e.Line, e.Err)
}

func (e *UnsupportedError) Unwrap() error { return e.Err }

// ErrEmptyResult is returned by MapsFind when a table returns an empty
// string (smtpd: "Server configuration error").
var ErrEmptyResult = errors.New("table returned an empty string result")

// Query does one postmap-style lookup on t, including the checks postmap's
// dictionary layer makes: with smtputf8 a non-UTF-8 key is refused with a
// warning, and an empty result gives Postfix's two warnings (and is still
// returned as found). key is passed unchanged otherwise.
func Query(t Table, key string, opt *Options) (string, bool, error) {
	if opt != nil && opt.SMTPUTF8 && !utf8.ValidString(key) {
		opt.warn(t.Name() + ": non-UTF-8 key \"" + key + "\": malformed UTF-8 or invalid codepoint")
		return "", false, nil
	}
	v, ok, err := t.Lookup(key)
	if err != nil || !ok {
		return "", false, err
	}
	if v == "" && opt != nil {
		opt.warn("table " + t.Name() + ": key " + key + ": empty string result is not allowed")
		opt.warn("table " + t.Name() + " should return NO RESULT in case of NOT FOUND")
	}
	return v, true, nil
}

// MapsFind does a lookup the way smtpd's maps_find() does (spec §2.1): an
// empty key is never looked up; a partial (derived) key is only given to
// fixed-string tables; an empty result is reported as ErrEmptyResult (with
// the warnings) instead of a value.
func MapsFind(t Table, key string, partial bool, opt *Options) (string, bool, error) {
	if key == "" {
		return "", false, nil
	}
	if partial && !t.Fixed() {
		return "", false, nil
	}
	v, ok, err := Query(t, key, opt)
	if err != nil || !ok {
		return "", false, err
	}
	if v == "" {
		return "", false, ErrEmptyResult
	}
	return v, true, nil
}

// isSpace is Postfix's ISSPACE in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// isAlnum is ISALNUM in the C locale.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func trimSpaceLeft(s string) string {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return s[i:]
}

func trimSpaceRight(s string) string {
	i := len(s)
	for i > 0 && isSpace(s[i-1]) {
		i--
	}
	return s[:i]
}

func trimSpace(s string) string { return trimSpaceRight(trimSpaceLeft(s)) }

// Printable is what Postfix's logging layer does to every message:
// bytes that are not printable ASCII become '?'; with utf8 (smtputf8_enable),
// valid multi-byte UTF-8 characters are kept.
func Printable(s string, utf bool) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b = append(b, c)
			i++
			continue
		}
		if utf && c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && n <= 1) && r >= 0xa0 {
				b = append(b, s[i:i+n]...)
				i += n
				continue
			}
		}
		b = append(b, '?')
		i++
	}
	return string(b)
}
