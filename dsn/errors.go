package dsn

import (
	"errors"
	"strconv"
)

// Sentinel errors carried in [ParseError.Err]. Callers branch on them with
// [errors.Is]; the message text is for humans only.
var (
	// ErrEmpty reports empty input.
	ErrEmpty = errors.New("empty input")
	// ErrClass reports an enhanced status code whose class is not 2, 4 or 5.
	ErrClass = errors.New("class must be 2, 4 or 5")
	// ErrIncomplete reports a code that ends before its detail ("5.1", "5.").
	ErrIncomplete = errors.New("missing: code ends early, want class.subject.detail")
	// ErrMissingDot reports something other than '.' after the class or
	// the subject of a code ("5:1.1", "5.1x1").
	ErrMissingDot = errors.New("missing '.'")
	// ErrNoDigits reports a subject or detail without digits ("5..1").
	ErrNoDigits = errors.New("no digits")
	// ErrTooManyDigits reports a subject or detail longer than 3 digits.
	ErrTooManyDigits = errors.New("more than 3 digits")
	// ErrLeadingZero reports a multi-digit subject or detail that starts
	// with 0, which RFC 3463 forbids ([Parse] only; [ParseLenient] accepts it).
	ErrLeadingZero = errors.New("leading zero")
	// ErrTrailing reports unexpected text after a complete value.
	ErrTrailing = errors.New("unexpected text after value")
	// ErrReplyCode reports a missing or malformed 3-digit SMTP reply code.
	ErrReplyCode = errors.New("reply code must be 3 digits, first 2-5, second 0-5")
	// ErrSeparator reports a reply code followed by something other than
	// ' ', '-' or the end of the line.
	ErrSeparator = errors.New("reply code must be followed by ' ', '-' or end of line")
	// ErrMixedCodes reports a multi-line reply whose lines carry different
	// reply codes.
	ErrMixedCodes = errors.New("lines of a multi-line reply have different reply codes")
	// ErrTruncated reports input that ends too early: a multi-line reply
	// without its final line, or a status line without the closing ')'.
	ErrTruncated = errors.New("truncated input")
	// ErrNoStatus reports a line without a "dsn=X.Y.Z, status=" or
	// "status=expired" field.
	ErrNoStatus = errors.New("no dsn=/status= field")
	// ErrStatusWord reports an unknown delivery status word.
	ErrStatusWord = errors.New("unknown delivery status")
)

// ParseError describes why a code, reply or status line could not be parsed:
// the function, the input, the part that is wrong, its byte offset and a
// sentinel error (see [ErrEmpty] and the other Err values).
type ParseError struct {
	Func   string // "Parse", "ParseLenient", "ParseReply", "ParseStatus", ...
	Input  string // the input given to Func
	Part   string // "class", "subject", "detail", "reply code", "status", ... ("" if none)
	Offset int    // byte offset in Input where the problem was found
	Err    error  // one of the Err sentinels
}

// Error returns a message such as
// `dsn.Parse("5.1000.1"): subject: more than 3 digits at offset 2`.
func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 80 {
		in = in[:80] + "..."
	}
	b := make([]byte, 0, 64+len(in))
	b = append(b, "dsn."...)
	b = append(b, e.Func...)
	b = append(b, '(')
	b = strconv.AppendQuote(b, in)
	b = append(b, "): "...)
	if e.Part != "" {
		b = append(b, e.Part...)
		b = append(b, ": "...)
	}
	b = append(b, e.Err.Error()...)
	b = append(b, " at offset "...)
	b = strconv.AppendInt(b, int64(e.Offset), 10)
	return string(b)
}

// Unwrap returns the sentinel error, so that errors.Is(err, ErrClass) works.
func (e *ParseError) Unwrap() error { return e.Err }

func newError(fn, in, part string, off int, err error) *ParseError {
	return &ParseError{Func: fn, Input: in, Part: part, Offset: off, Err: err}
}
