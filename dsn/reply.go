package dsn

import (
	"iter"
	"strings"
)

// Reply is a parsed SMTP reply (RFC 5321 section 4.2): a 3-digit reply code,
// an optional enhanced status code (RFC 2034) and text, on one line or
// several.
//
// Reply is a comparable value that refers to the string it was parsed from;
// it holds no pointers of its own. The zero Reply is not a valid reply.
type Reply struct {
	raw      string // the reply as parsed, without a final line break
	text     string // first line's text after code, separator and enhanced code
	enhanced Code
	code     uint16
	lines    uint16
	form     uint8
}

// Reply forms.
const (
	formSingle    = iota + 1 // "550 5.1.1 text"
	formLines                // lines separated by "\n" or "\r\n"
	formFlattened            // Postfix log form: lines joined with spaces
)

// ParseReply parses an SMTP reply. It accepts
//
//   - a single line: "550 5.1.1 <a@b>: Recipient address rejected: User unknown";
//   - a multi-line reply, lines separated by "\r\n" or "\n", every line but
//     the last with '-' after the code ("250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE");
//   - the same multi-line reply as Postfix logs it, line breaks turned into
//     spaces ("550-5.1.1 The email account ... 550-5.1.1 double-checking ...
//     550 5.1.1 https://..."). Lines are then found at each " NNN-" with the
//     reply's own code, and the last line at the first " NNN " after the
//     last of those: a heuristic, as the log has lost the line breaks.
//
// A single trailing line break is ignored. The reply code must be three
// digits, the first 2-5 and the second 0-5 (RFC 5321), followed by ' ', '-'
// or the end of the line. The enhanced status code is read as Postfix reads
// it ([ParseLenient] syntax, followed by white space or the end of the line)
// and is reported as written, even if its class differs from the reply code's
// (see [Reply.PostfixCode] for what Postfix makes of that).
//
// ParseReply does not allocate unless it returns an error, which is always a
// [*ParseError].
func ParseReply(s string) (Reply, error) {
	r, off, part, err := parseReply(s)
	if err != nil {
		return Reply{}, newError("ParseReply", s, part, off, err)
	}
	return r, nil
}

func parseReply(s string) (r Reply, off int, part string, err error) {
	raw := s
	if strings.HasSuffix(raw, "\n") {
		raw = raw[:len(raw)-1]
		raw = strings.TrimSuffix(raw, "\r")
	}
	if raw == "" {
		return Reply{}, 0, "", ErrEmpty
	}
	code, ok := replyCode(raw)
	if !ok {
		return Reply{}, 0, "reply code", ErrReplyCode
	}
	r = Reply{raw: raw, code: code}
	if len(raw) > 3 && raw[3] != ' ' && raw[3] != '-' {
		return Reply{}, 3, "reply code", ErrSeparator
	}
	switch {
	case strings.IndexByte(raw, '\n') >= 0:
		r.form = formLines
	case len(raw) > 3 && raw[3] == '-':
		r.form = formFlattened
	default:
		r.form = formSingle
	}
	// Validate and count the lines.
	ls := lineScanner{s: raw, form: r.form}
	n := 0
	for {
		line, lineOff, more := ls.next()
		if r.form == formLines {
			c, ok := replyCode(line)
			if !ok {
				return Reply{}, lineOff, "reply code", ErrReplyCode
			}
			if c != code {
				return Reply{}, lineOff, "reply code", ErrMixedCodes
			}
			if len(line) > 3 && line[3] != ' ' && line[3] != '-' {
				return Reply{}, lineOff + 3, "reply code", ErrSeparator
			}
		}
		if n == 0 {
			r.enhanced, r.text = lineText(line)
		}
		n++
		last := len(line) == 3 || line[3] == ' '
		if last {
			if more {
				return Reply{}, ls.pos, "", ErrTrailing
			}
			break
		}
		if !more {
			return Reply{}, len(raw), "", ErrTruncated
		}
	}
	if n > 0xffff {
		n = 0xffff
	}
	r.lines = uint16(n)
	return r, 0, "", nil
}

// replyCode reads the 3-digit reply code at the start of s.
func replyCode(s string) (uint16, bool) {
	if len(s) < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' || !isDigit(s[2]) {
		return 0, false
	}
	return uint16(s[0]-'0')*100 + uint16(s[1]-'0')*10 + uint16(s[2]-'0'), true
}

// lineText splits one reply line ("550-5.1.1 text") into its enhanced code
// (zero if none) and text, skipping blanks as Postfix does.
func lineText(line string) (Code, string) {
	if len(line) <= 4 {
		return Code{}, ""
	}
	t := line[4:]
	for len(t) > 0 && t[0] == ' ' {
		t = t[1:]
	}
	if c, n, e := scan(t, false); e.err == nil && (n == len(t) || isSpace(t[n])) {
		t = t[n:]
		for len(t) > 0 && isSpace(t[0]) {
			t = t[1:]
		}
		return c, t
	}
	return Code{}, t
}

// isSpace is C's isspace in the C locale.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}

// lineScanner walks the lines of a reply's raw text.
type lineScanner struct {
	s    string
	pos  int
	form uint8
}

// next returns the next line (starting with its reply code), its offset,
// and whether more lines follow.
func (ls *lineScanner) next() (line string, off int, more bool) {
	s, off := ls.s, ls.pos
	switch ls.form {
	case formLines:
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			ls.pos = len(s)
			return strings.TrimSuffix(s[off:], "\r"), off, false
		}
		ls.pos = off + i + 1
		return strings.TrimSuffix(s[off:off+i], "\r"), off, true
	case formFlattened:
		if len(s)-off > 3 && s[off+3] == '-' {
			code := s[:3]
			if end := findMarker(s, off+4, code, '-'); end >= 0 {
				ls.pos = end + 1
				return s[off:end], off, true
			}
			if end := findMarker(s, off+4, code, ' '); end >= 0 {
				ls.pos = end + 1
				return s[off:end], off, true
			}
		}
		ls.pos = len(s)
		return s[off:], off, false
	default:
		ls.pos = len(s)
		return s, 0, false
	}
}

// findMarker returns the index of the first " " + code + sep at or after
// from in s (sep ' ' also matches " " + code at the end of s), or -1.
func findMarker(s string, from int, code string, sep byte) int {
	for from < len(s) {
		i := strings.Index(s[from+1:], code)
		if i < 0 {
			return -1
		}
		at := from + 1 + i // index of code; the space is at at-1 >= from
		j := at + 3
		if s[at-1] == ' ' && (j < len(s) && s[j] == sep || j == len(s) && sep == ' ') {
			return at - 1
		}
		from = at
	}
	return -1
}

// IsValid reports whether r is a parsed reply (not the zero Reply).
func (r Reply) IsValid() bool { return r.lines > 0 }

// Code returns the 3-digit reply code, e.g. 550; 0 for the zero Reply.
func (r Reply) Code() int { return int(r.code) }

// Enhanced returns the enhanced status code at the start of the reply's
// (first line's) text, or the zero Code if there is none.
func (r Reply) Enhanced() Code { return r.enhanced }

// NumLines returns the number of lines in the reply.
func (r Reply) NumLines() int { return int(r.lines) }

// IsMultiline reports whether the reply has more than one line.
func (r Reply) IsMultiline() bool { return r.lines > 1 }

// String returns the reply as it was parsed (without a final line break).
func (r Reply) String() string { return r.raw }

// Text returns the reply's text: after the reply code and the enhanced
// status code, with the lines of a multi-line reply (each stripped of its
// reply code and enhanced status code) joined by "\n". Text allocates only
// for multi-line replies.
func (r Reply) Text() string {
	if r.lines <= 1 {
		return r.text
	}
	var b strings.Builder
	b.Grow(len(r.raw))
	for i, t := range r.all() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	return b.String()
}

// Lines yields the text of each line of the reply, without reply code and
// enhanced status code.
func (r Reply) Lines() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, t := range r.all() {
			if !yield(t) {
				return
			}
		}
	}
}

func (r Reply) all() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		if r.lines == 0 {
			return
		}
		ls := lineScanner{s: r.raw, form: r.form}
		for i := 0; ; i++ {
			line, _, more := ls.next()
			_, t := lineText(line)
			if !yield(i, t) || !more {
				return
			}
		}
	}
}

// lastLine returns the last line of the reply, with its reply code.
func (r Reply) lastLine() string {
	ls := lineScanner{s: r.raw, form: r.form}
	for {
		line, _, more := ls.next()
		if !more {
			return line
		}
	}
}
