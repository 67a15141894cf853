package logline

import (
	"bufio"
	"errors"
	"io"
	"iter"
)

// DefaultMaxLineLength is the default for Scanner.MaxLineLength.
const DefaultMaxLineLength = 16 << 20

// Scanner reads log lines from an io.Reader and parses them, like
// bufio.Scanner with a typed result. Lines of any length up to
// MaxLineLength are handled; longer lines are cut there (the rest of the
// line is skipped) and the stream goes on. A final line without a line
// break is parsed like any other.
//
// The Event returned by [Scanner.Event] and its byte slices are valid until
// the next call to Scan; use [Event.Clone] to keep one.
type Scanner struct {
	// Parser holds the Location and the year inference of the stream; set
	// its fields before the first Scan.
	Parser
	// MaxLineLength is the longest line kept whole; 0 means
	// DefaultMaxLineLength.
	MaxLineLength int

	r      *bufio.Reader
	buf    []byte
	ev     Event
	perr   error
	err    error
	lineNo int64
	cut    bool
}

// NewScanner returns a Scanner reading from r.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// Scan advances to the next line. It returns false at the end of the input
// or on a read error (see [Scanner.Err]). A line that is not a syslog line
// does not stop the scan: [Scanner.ParseErr] then reports it.
func (s *Scanner) Scan() bool {
	if s.err != nil {
		return false
	}
	line, err := s.readLine()
	if err != nil && len(line) == 0 {
		if err != io.EOF {
			s.err = err
		}
		s.err = errOrEOF(s.err)
		return false
	}
	if err != nil && err != io.EOF {
		// Deliver the data before the error; report the error next time.
		s.err = err
	}
	s.lineNo++
	s.perr = s.Parse(line, &s.ev)
	return true
}

var errEOF = errors.New("EOF")

func errOrEOF(err error) error {
	if err == nil {
		return errEOF
	}
	return err
}

// readLine returns the next line without its line break.
func (s *Scanner) readLine() ([]byte, error) {
	s.cut = false
	b, err := s.r.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return trimEOL(b), err
	}
	max := s.MaxLineLength
	if max <= 0 {
		max = DefaultMaxLineLength
	}
	s.buf = append(s.buf[:0], b...)
	for err == bufio.ErrBufferFull {
		b, err = s.r.ReadSlice('\n')
		if room := max - len(s.buf); room > 0 {
			s.buf = append(s.buf, b[:min(len(b), room)]...)
		} else {
			s.cut = true
		}
		if len(s.buf) >= max && len(b) > 0 && b[len(b)-1] != '\n' {
			s.cut = true
		}
	}
	return trimEOL(s.buf), err
}

// Event returns the event of the current line.
func (s *Scanner) Event() *Event { return &s.ev }

// ParseErr returns the *ParseError of the current line if it is not a
// syslog line (the Event then has Kind Unknown and only its Line set), or
// nil.
func (s *Scanner) ParseErr() error { return s.perr }

// Truncated reports whether the current line was longer than MaxLineLength
// and was cut.
func (s *Scanner) Truncated() bool { return s.cut }

// LineNumber returns the 1-based number of the current line.
func (s *Scanner) LineNumber() int64 { return s.lineNo }

// Err returns the first read error, or nil at the end of the input.
func (s *Scanner) Err() error {
	if s.err == errEOF {
		return nil
	}
	return s.err
}

// All returns an iterator over the events of the remaining lines. A line
// that is not a syslog line is yielded with its *ParseError (and the Event,
// whose Line is set) and the iteration goes on; a read error is yielded
// last, with a nil Event. The Event is reused: it is valid until the next
// iteration.
func (s *Scanner) All() iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		for s.Scan() {
			if !yield(&s.ev, s.perr) {
				return
			}
		}
		if err := s.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// All returns an iterator over the events of the lines read from r, parsed
// in time.Local with the current time as year reference; see
// [Scanner.All].
func All(r io.Reader) iter.Seq2[*Event, error] {
	return NewScanner(r).All()
}
