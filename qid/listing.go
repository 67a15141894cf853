package qid

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
)

// Queue names a Postfix queue, as reported in the queue_name field of
// "postqueue -j".
type Queue string

// The queues "postqueue -j" reports.
const (
	QueueMaildrop Queue = "maildrop"
	QueueIncoming Queue = "incoming"
	QueueActive   Queue = "active"
	QueueDeferred Queue = "deferred"
	QueueHold     Queue = "hold"
	// QueueUnknown is what a "postqueue -p" listing reports for a message
	// without a status mark: it is in the deferred, incoming or maildrop
	// queue, and the listing does not say which.
	QueueUnknown Queue = ""
)

// Format selects the syntax of a queue listing.
type Format uint8

// Listing formats.
const (
	// FormatAuto detects the format from the first non-blank byte: '{'
	// means [FormatJSON], anything else [FormatText].
	FormatAuto Format = iota
	// FormatText is the sendmail-style listing of "postqueue -p" (mailq).
	FormatText
	// FormatJSON is the one-object-per-line listing of "postqueue -j".
	FormatJSON
)

// ReasonUnavailable is the text "postqueue -p" shows in parentheses for a
// recipient without a delay reason when an earlier recipient of the same
// message had one. The text parser reports such recipients with an empty
// DelayReason, as "postqueue -j" does.
const ReasonUnavailable = "reason unavailable"

// NullSender is how postqueue shows the null sender (<>), in both formats.
const NullSender = "MAILER-DAEMON"

// Entry is one message of a queue listing.
type Entry struct {
	// Queue is the queue the message is in. Text listings only distinguish
	// active ('*'), hold ('!') and the rest ([QueueUnknown]).
	Queue Queue
	// ID is the message's queue ID.
	ID ID
	// Arrival is the time the message entered the queue. Text listings
	// give it to the second without a year; see [ListingReader.Location]
	// and [ListingReader.Now].
	Arrival time.Time
	// Size is the message size in bytes.
	Size int64
	// ForcedExpire is set for messages marked with "postsuper -e" ('#' in
	// text listings).
	ForcedExpire bool
	// Sender is the envelope sender as postqueue prints it; the null
	// sender is shown as [NullSender].
	Sender string
	// Recipients are the envelope recipients still to be delivered.
	Recipients []Recipient
}

// Recipient is a recipient of a queued message.
type Recipient struct {
	Address     string // the address as postqueue prints it
	DelayReason string // why delivery was deferred, "" if not (yet) deferred
}

// Summary is the end of a text listing.
type Summary struct {
	// Empty is set when the listing said "Mail queue is empty".
	Empty bool
	// Kbytes and Requests are the totals of the "-- N Kbytes in M
	// Requests." trailer.
	Kbytes   int64
	Requests int
}

// ListingError reports a malformed queue listing.
type ListingError struct {
	Line   int    // 1-based line number
	Reason string // what is wrong
	Err    error  // underlying error (e.g. a *ParseError or JSON error), may be nil
}

// Error implements the error interface.
func (e *ListingError) Error() string {
	s := "qid: listing line " + strconv.Itoa(e.Line) + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *ListingError) Unwrap() error { return e.Err }

// ErrLineTooLong is wrapped by the *ListingError returned for a line longer
// than [ListingReader.MaxLineSize].
var ErrLineTooLong = errors.New("line too long")

// Defaults for the memory bounds of a ListingReader.
const (
	DefaultMaxLineSize   = 4 << 20
	DefaultMaxRecipients = 1 << 20
)

// ListingReader reads the entries of a "postqueue -p" or "postqueue -j"
// listing one at a time. Memory use is bounded by MaxLineSize and
// MaxRecipients, independent of the number of entries.
//
// Set the exported fields before the first call to Next.
type ListingReader struct {
	// MaxLineSize is the longest line accepted (default DefaultMaxLineSize).
	// A "postqueue -j" line holds a whole message with all recipients.
	MaxLineSize int
	// MaxRecipients is the largest number of recipients accepted for one
	// message (default DefaultMaxRecipients).
	MaxRecipients int
	// Location is the time zone of the arrival times of a text listing
	// (postqueue prints local time); nil means time.Local.
	Location *time.Location
	// Now is the time the text listing was made; it selects the year of
	// arrival times, which the listing omits: the latest year not after
	// Now whose weekday matches. The zero value means time.Now().
	Now time.Time

	format  Format
	br      *bufio.Reader
	line    int
	pending []byte // a text line read ahead (the next entry's first line)
	hasPend bool
	summary Summary
	sumOK   bool
	done    bool
	err     error
}

// NewListingReader returns a reader of the listing in r in the given format.
func NewListingReader(r io.Reader, format Format) *ListingReader {
	return &ListingReader{format: format, br: bufio.NewReaderSize(r, 64<<10)}
}

// Format returns the format of the listing; with FormatAuto it is known
// after the first call to Next.
func (lr *ListingReader) Format() Format { return lr.format }

// Summary returns the trailer of a text listing once Next has returned
// io.EOF. ok is false for JSON listings (which have no trailer) and for
// text listings that ended without one.
func (lr *ListingReader) Summary() (s Summary, ok bool) { return lr.summary, lr.sumOK }

// All returns an iterator over the entries; iteration stops after the first
// error, which is yielded with a zero Entry.
func (lr *ListingReader) All() iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for {
			e, err := lr.Next()
			if err == io.EOF {
				return
			}
			if !yield(e, err) || err != nil {
				return
			}
		}
	}
}

// Next returns the next entry. At the end of the listing it returns io.EOF;
// on malformed input it returns a *ListingError, and keeps returning it.
func (lr *ListingReader) Next() (Entry, error) {
	if lr.err != nil {
		return Entry{}, lr.err
	}
	if lr.done {
		return Entry{}, io.EOF
	}
	if lr.format == FormatAuto {
		lr.format = FormatText
		for {
			b, err := lr.br.Peek(1)
			if err != nil {
				break
			}
			if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
				if b[0] == '\n' {
					lr.line++
				}
				lr.br.ReadByte()
				continue
			}
			if b[0] == '{' {
				lr.format = FormatJSON
			}
			break
		}
	}
	var e Entry
	var err error
	if lr.format == FormatJSON {
		e, err = lr.nextJSON()
	} else {
		e, err = lr.nextText()
	}
	if err == io.EOF {
		lr.done = true
	} else if err != nil {
		lr.err = err
	}
	return e, err
}

func (lr *ListingReader) maxLine() int {
	if lr.MaxLineSize > 0 {
		return lr.MaxLineSize
	}
	return DefaultMaxLineSize
}

func (lr *ListingReader) maxRcpt() int {
	if lr.MaxRecipients > 0 {
		return lr.MaxRecipients
	}
	return DefaultMaxRecipients
}

func (lr *ListingReader) fail(reason string, err error) error {
	return &ListingError{Line: lr.line, Reason: reason, Err: err}
}

// readLine returns the next line without its end of line. The result is
// valid until the next call. It returns io.EOF at the end of input.
func (lr *ListingReader) readLine() ([]byte, error) {
	if lr.hasPend {
		lr.hasPend = false
		lr.line++
		return lr.pending, nil
	}
	var buf []byte
	for {
		frag, err := lr.br.ReadSlice('\n')
		if len(buf)+len(frag) > lr.maxLine()+1 {
			lr.line++
			return nil, lr.fail("line exceeds "+strconv.Itoa(lr.maxLine())+" bytes", ErrLineTooLong)
		}
		if err == bufio.ErrBufferFull {
			buf = append(buf, frag...)
			continue
		}
		if buf != nil {
			buf = append(buf, frag...)
			frag = buf
		}
		if err == io.EOF && len(frag) == 0 {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, lr.fail("read error", err)
		}
		lr.line++
		frag = bytes.TrimSuffix(frag, []byte("\n"))
		frag = bytes.TrimSuffix(frag, []byte("\r"))
		if len(frag) > lr.maxLine() {
			return nil, lr.fail("line exceeds "+strconv.Itoa(lr.maxLine())+" bytes", ErrLineTooLong)
		}
		return frag, nil
	}
}

type jsonEntry struct {
	QueueName    *string `json:"queue_name"`
	QueueID      *string `json:"queue_id"`
	ArrivalTime  *int64  `json:"arrival_time"`
	MessageSize  *int64  `json:"message_size"`
	ForcedExpire bool    `json:"forced_expire"`
	Sender       *string `json:"sender"`
	Recipients   []struct {
		Address     *string `json:"address"`
		DelayReason string  `json:"delay_reason"`
	} `json:"recipients"`
}

func (lr *ListingReader) nextJSON() (Entry, error) {
	var line []byte
	for {
		l, err := lr.readLine()
		if err != nil {
			return Entry{}, err
		}
		if len(bytes.TrimSpace(l)) != 0 {
			line = l
			break
		}
	}
	var je jsonEntry
	if err := json.Unmarshal(line, &je); err != nil {
		return Entry{}, lr.fail("invalid JSON object", err)
	}
	switch {
	case je.QueueID == nil:
		return Entry{}, lr.fail("missing queue_id", nil)
	case je.QueueName == nil:
		return Entry{}, lr.fail("missing queue_name", nil)
	case je.ArrivalTime == nil:
		return Entry{}, lr.fail("missing arrival_time", nil)
	case je.MessageSize == nil:
		return Entry{}, lr.fail("missing message_size", nil)
	case je.Sender == nil:
		return Entry{}, lr.fail("missing sender", nil)
	case len(je.Recipients) > lr.maxRcpt():
		return Entry{}, lr.fail("more than "+strconv.Itoa(lr.maxRcpt())+" recipients", nil)
	}
	id, err := Parse(*je.QueueID)
	if err != nil {
		return Entry{}, lr.fail("bad queue_id", err)
	}
	e := Entry{
		Queue:        Queue(*je.QueueName),
		ID:           id,
		Arrival:      time.Unix(*je.ArrivalTime, 0).UTC(),
		Size:         *je.MessageSize,
		ForcedExpire: je.ForcedExpire,
		Sender:       *je.Sender,
		Recipients:   make([]Recipient, 0, len(je.Recipients)),
	}
	for i, r := range je.Recipients {
		if r.Address == nil {
			return Entry{}, lr.fail("recipient "+strconv.Itoa(i)+" without address", nil)
		}
		e.Recipients = append(e.Recipients, Recipient{Address: *r.Address, DelayReason: r.DelayReason})
	}
	return e, nil
}

const emptyQueueText = "Mail queue is empty"

func (lr *ListingReader) nextText() (Entry, error) {
	// Skip the header, blank lines, and find the entry's first line.
	var first []byte
	for {
		l, err := lr.readLine()
		if err != nil {
			return Entry{}, err
		}
		t := string(bytes.TrimSpace(l))
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "-Queue ID-") || strings.HasPrefix(t, "----Queue ID---"):
			continue
		case t == emptyQueueText:
			lr.summary, lr.sumOK = Summary{Empty: true}, true
			return Entry{}, lr.expectEOF()
		case strings.HasPrefix(t, "-- "):
			s, ok := parseTrailer(t)
			if !ok {
				return Entry{}, lr.fail("malformed trailer "+strconv.Quote(t), nil)
			}
			lr.summary, lr.sumOK = s, true
			return Entry{}, lr.expectEOF()
		}
		if l[0] == ' ' || l[0] == '(' {
			return Entry{}, lr.fail("recipient or reason line outside an entry", nil)
		}
		first = l
		break
	}
	e, err := lr.parseEntryLine(first)
	if err != nil {
		return Entry{}, err
	}
	// Recipient and reason lines, up to a blank line or the next entry.
	reason := ""
	for {
		l, err := lr.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Entry{}, err
		}
		t := bytes.TrimSpace(l)
		if len(t) == 0 {
			break
		}
		if l[0] != ' ' && l[0] != '(' {
			// No blank line before the next entry or trailer: put it back.
			lr.pending = append(lr.pending[:0], l...)
			lr.hasPend = true
			lr.line--
			break
		}
		if t[0] == '(' {
			r := t[1:]
			if len(r) > 0 && r[len(r)-1] == ')' {
				r = r[:len(r)-1]
			}
			reason = string(r)
			if reason == ReasonUnavailable {
				reason = ""
			}
			continue
		}
		if len(e.Recipients) >= lr.maxRcpt() {
			return Entry{}, lr.fail("more than "+strconv.Itoa(lr.maxRcpt())+" recipients", nil)
		}
		e.Recipients = append(e.Recipients, Recipient{Address: string(t), DelayReason: reason})
	}
	return e, nil
}

// expectEOF checks that nothing but blank lines follows the end of a text
// listing.
func (lr *ListingReader) expectEOF() error {
	for {
		l, err := lr.readLine()
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(l)) != 0 {
			return lr.fail("text after the end of the listing", nil)
		}
	}
}

// parseTrailer parses "-- N Kbytes in M Request(s)."
func parseTrailer(t string) (Summary, bool) {
	f := strings.Fields(t)
	if len(f) != 6 || f[0] != "--" || f[2] != "Kbytes" || f[3] != "in" ||
		(f[5] != "Requests." && f[5] != "Request.") {
		return Summary{}, false
	}
	kb, err1 := strconv.ParseInt(f[1], 10, 64)
	n, err2 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil || kb < 0 || n < 0 {
		return Summary{}, false
	}
	return Summary{Kbytes: kb, Requests: n}, true
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var weekdays = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// parseEntryLine parses "QUEUEID[*!#] SIZE Www Mmm dd hh:mm:ss SENDER".
func (lr *ListingReader) parseEntryLine(l []byte) (Entry, error) {
	s := string(l)
	i := 0
	for i < len(s) && isIDChar[s[i]] {
		i++
	}
	id, err := Parse(s[:i])
	if err != nil {
		return Entry{}, lr.fail("bad queue ID", err)
	}
	e := Entry{ID: id}
	// The status mark: '*' active, '!' on hold, '#' forced to expire, or a
	// space. A long ID fills its column, so the size may follow directly.
	if i < len(s) {
		switch s[i] {
		case '*':
			e.Queue = QueueActive
		case '!':
			e.Queue = QueueHold
		case '#':
			e.ForcedExpire = true
		case ' ':
		default:
			return Entry{}, lr.fail("unexpected "+strconv.Quote(s[i:i+1])+" after queue ID", nil)
		}
		i++
	}
	rest := strings.TrimLeft(s[i:], " ")
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	size, err := strconv.ParseInt(rest[:j], 10, 64)
	if err != nil {
		return Entry{}, lr.fail("bad message size", err)
	}
	e.Size = size
	rest = strings.TrimLeft(rest[j:], " ")
	// Www Mmm dd hh:mm:ss
	if len(rest) < 4 {
		return Entry{}, lr.fail("missing arrival time", nil)
	}
	wd := indexOf(weekdays[:], rest[:3])
	if wd < 0 || rest[3] != ' ' {
		return Entry{}, lr.fail("bad weekday in arrival time", nil)
	}
	rest = strings.TrimLeft(rest[4:], " ")
	if len(rest) < 4 || rest[3] != ' ' || indexOf(months[:], rest[:3]) < 0 {
		return Entry{}, lr.fail("bad month in arrival time", nil)
	}
	mon := indexOf(months[:], rest[:3]) + 1
	rest = strings.TrimLeft(rest[4:], " ")
	k := strings.IndexByte(rest, ' ')
	if k < 0 {
		return Entry{}, lr.fail("missing time of day", nil)
	}
	day, err := strconv.Atoi(rest[:k])
	if err != nil || day < 1 || day > 31 {
		return Entry{}, lr.fail("bad day in arrival time", nil)
	}
	rest = strings.TrimLeft(rest[k:], " ")
	if len(rest) < 8 || rest[2] != ':' || rest[5] != ':' {
		return Entry{}, lr.fail("bad time of day", nil)
	}
	hh, e1 := strconv.Atoi(rest[0:2])
	mm, e2 := strconv.Atoi(rest[3:5])
	ss, e3 := strconv.Atoi(rest[6:8])
	if e1 != nil || e2 != nil || e3 != nil || hh > 23 || mm > 59 || ss > 60 {
		return Entry{}, lr.fail("bad time of day", nil)
	}
	rest = rest[8:]
	if len(rest) > 0 && rest[0] != ' ' {
		return Entry{}, lr.fail("bad time of day", nil)
	}
	e.Sender = strings.TrimLeft(rest, " ")
	e.Arrival = lr.arrival(time.Weekday(wd), time.Month(mon), day, hh, mm, ss)
	return e, nil
}

// arrival picks the latest year not after Now in which the date falls on
// the given weekday (within eight years), else the year of Now.
func (lr *ListingReader) arrival(wd time.Weekday, mon time.Month, day, hh, mm, ss int) time.Time {
	loc := lr.Location
	if loc == nil {
		loc = time.Local
	}
	now := lr.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(loc)
	y := now.Year()
	if time.Date(y, mon, day, hh, mm, ss, 0, loc).After(now.Add(24 * time.Hour)) {
		y--
	}
	for k := 0; k < 8; k++ {
		t := time.Date(y-k, mon, day, hh, mm, ss, 0, loc)
		if t.Weekday() == wd && t.Day() == day {
			return t
		}
	}
	return time.Date(y, mon, day, hh, mm, ss, 0, loc)
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
