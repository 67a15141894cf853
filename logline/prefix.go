package logline

import (
	"encoding/binary"
	"time"
)

// Parser parses log lines. Its zero value parses lines in time.Local with
// the current time as the year reference. A Parser keeps the year-inference
// state of one stream (see [YearInferrer]); it must not be used by several
// goroutines at once.
type Parser struct {
	// Location is the time zone of timestamps without an offset (RFC 3164,
	// maillog_file, Dovecot log files) and the Location of every Event.Time.
	// Nil means time.Local.
	Location *time.Location
	// Years infers the year of year-less timestamps.
	Years YearInferrer

	cache     civilCache
	hour      hourCache // last RFC 3164 hour, see rfc3164
	date      dateCache // last RFC 3339 date, see iso
	fixed     bool      // Clone: use fixedTime instead of the timestamp, and do not trim the line again
	fixedTime time.Time
}

// hourCache remembers the Unix time of the start of the hour of the last
// RFC 3164 timestamp, keyed by its first nine bytes ("Nov 22 14" or
// "Nov 2 14:"), so that the following lines of the same hour skip the
// month, day and year inference: within one month, [YearInferrer] keeps the
// year, and within an hour whose offset does not change, the time is the
// hour's start plus minutes and seconds.
type hourCache struct {
	key   uint64 // line[0:8]
	key8  byte   // line[8]
	valid bool
	off   int // offset of "HH:MM:SS" in the line
	loc   *time.Location
	year  int // the YearInferrer state the entry is valid for
	month time.Month
	base  int64 // Unix time of HH:00:00
}

// dateCache remembers the Unix time of midnight UTC of the last RFC 3339
// date, keyed by its ten bytes "2026-11-22".
type dateCache struct {
	key   uint64 // b[i:i+8]
	key8  uint16 // b[i+8:i+10]
	valid bool
	year  int
	month int
	day   int
	unix  int64
}

// Parse parses one log line into ev, which it overwrites. A final "\n" or
// "\r\n" is ignored. Parse does not allocate: ev's fields are sub-slices of
// line or small values (see [Event]).
//
// A line that is not a syslog line at all (no recognised timestamp, no tag)
// is an error of type *[ParseError]; any syslog line whose message is not
// recognised is an Event of Kind [Unknown], never an error.
//
// Parse treats the line as a stream of its own: year-less timestamps get
// their year from the current time (rule 1 of [YearInferrer]), in time.Local.
// Use a [Parser] or a [Scanner] to choose the Location and to carry the year
// from line to line.
func Parse(line []byte, ev *Event) error {
	var p Parser
	return p.Parse(line, ev)
}

// Parse parses one log line into ev; see the package-level [Parse]. Year-less
// timestamps are dated by p.Years, which remembers the line.
//
// To stay fast when ev is reused for every line, Parse clears only the
// fields that the previous Parse into ev may have set. A caller that sets
// fields of such an Event itself should reset it (*ev = Event{}) before
// parsing into it again.
func (p *Parser) Parse(line []byte, ev *Event) error {
	if err := p.ParsePrefix(line, ev); err != nil {
		return err
	}
	parseMessage(ev)
	ev.markClean()
	return nil
}

// ParsePrefix parses only the syslog prefix of line: it sets Format, Time,
// Host, Tag, SyslogName, Program, PID and Message, and leaves Kind
// [Unknown]. It does not allocate.
func (p *Parser) ParsePrefix(line []byte, ev *Event) error {
	if !p.fixed { // Clone passes the line already trimmed
		line = trimEOL(line)
	}
	ev.reset(line)
	loc := p.Location
	if loc == nil {
		loc = time.Local
	}
	if len(line) == 0 {
		return newParseError(line, 0, "empty line")
	}
	var i int
	var ok bool
	hostless := false
	switch c := line[0]; {
	case c >= 'A' && c <= 'Z':
		i, ok = p.rfc3164(line, ev, loc)
		ev.Format = FormatRFC3164
	case c >= '0' && c <= '9':
		i, ok = p.iso(line, 0, ev, loc)
		ev.Format = FormatRFC3339
		if ok && line[10] == ' ' {
			ev.Format = FormatDovecot
		}
	case c == '<':
		return p.rfc5424(line, ev, loc)
	case c == '@':
		i, ok = p.tai64n(line, ev, loc)
		ev.Format = FormatTAI64N
		hostless = true
	}
	if !ok {
		return newParseError(line, i, "no syslog timestamp")
	}
	// i is at the space after the timestamp.
	if i >= len(line) || line[i] != ' ' {
		return newParseError(line, i, "no space after timestamp")
	}
	i++
	if !hostless {
		// Host, unless the next token is already the tag ("tag: " or "tag[pid]: "),
		// as in Dovecot's own log files.
		j := indexSpace(line, i)
		if j == i {
			return newParseError(line, i, "empty host name")
		}
		if line[j-1] == ':' {
			if ev.Format == FormatRFC3164 {
				ev.Format = FormatDovecot
			}
		} else {
			ev.Host = line[i:j]
			if j >= len(line) {
				return newParseError(line, j, "no tag after host name")
			}
			i = j + 1
		}
	}
	return p.tag(line, i, ev)
}

// tag parses "tag[pid]: " or "tag: " at i and sets Message.
func (p *Parser) tag(line []byte, i int, ev *Event) error {
	start := i
	i, slash := scanTag(line, i)
	if i == start {
		return newParseError(line, i, "empty tag")
	}
	ev.Tag = line[start:i]
	if slash >= 0 {
		ev.SyslogName = line[start:slash]
		ev.Program = line[slash+1 : i]
	} else {
		ev.Program = ev.Tag
	}
	if i < len(line) && line[i] == '[' {
		i++
		pid, n := atoi(line[i:])
		if n == 0 || i+n >= len(line) || line[i+n] != ']' {
			return newParseError(line, i+n, "bad pid in tag")
		}
		ev.PID = pid
		i += n + 1
	}
	if i >= len(line) || line[i] != ':' {
		return newParseError(line, i, "no ':' after tag")
	}
	i++
	if i < len(line) {
		if line[i] != ' ' {
			return newParseError(line, i, "no space after tag")
		}
		i++
	}
	ev.Message = line[i:]
	return nil
}

// tagEnd marks the bytes that end a syslog tag.
var tagEnd = [256]bool{'[': true, ':': true, ' ': true}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n > 1 && b[n-2] == '\r' {
			b = b[:n-2]
		}
	}
	return b
}

// month returns the month of a three-letter English abbreviation.
func month(b []byte) time.Month {
	switch uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) {
	case 'J'<<16 | 'a'<<8 | 'n':
		return time.January
	case 'F'<<16 | 'e'<<8 | 'b':
		return time.February
	case 'M'<<16 | 'a'<<8 | 'r':
		return time.March
	case 'A'<<16 | 'p'<<8 | 'r':
		return time.April
	case 'M'<<16 | 'a'<<8 | 'y':
		return time.May
	case 'J'<<16 | 'u'<<8 | 'n':
		return time.June
	case 'J'<<16 | 'u'<<8 | 'l':
		return time.July
	case 'A'<<16 | 'u'<<8 | 'g':
		return time.August
	case 'S'<<16 | 'e'<<8 | 'p':
		return time.September
	case 'O'<<16 | 'c'<<8 | 't':
		return time.October
	case 'N'<<16 | 'o'<<8 | 'v':
		return time.November
	case 'D'<<16 | 'e'<<8 | 'c':
		return time.December
	}
	return 0
}

func digit(c byte) bool { return c-'0' < 10 }

// two reads two decimal digits at b[i:].
func two(b []byte, i int) (int, bool) {
	if i+2 > len(b) || !digit(b[i]) || !digit(b[i+1]) {
		return 0, false
	}
	return int(b[i]-'0')*10 + int(b[i+1]-'0'), true
}

// hms reads "HH:MM:SS" at b[i:].
func hms(b []byte, i int) (h, m, s int, ok bool) {
	if i < 0 || i+8 > len(b) {
		return 0, 0, 0, false
	}
	t := b[i : i+8 : i+8]
	h0, h1, m0, m1, s0, s1 := t[0]-'0', t[1]-'0', t[3]-'0', t[4]-'0', t[6]-'0', t[7]-'0'
	if t[2] != ':' || t[5] != ':' || h0 > 9 || h1 > 9 || m0 > 9 || m1 > 9 || s0 > 9 || s1 > 9 {
		return 0, 0, 0, false
	}
	h, m, s = int(h0)*10+int(h1), int(m0)*10+int(m1), int(s0)*10+int(s1)
	return h, m, s, h < 24 && m < 60 && s <= 60
}

// ms reads "MM:SS" at b[i:], as hms does.
func ms(b []byte, i int) (m, s int, ok bool) {
	if i < 0 || i+5 > len(b) {
		return 0, 0, false
	}
	t := b[i : i+5 : i+5]
	m0, m1, s0, s1 := t[0]-'0', t[1]-'0', t[3]-'0', t[4]-'0'
	if t[2] != ':' || m0 > 9 || m1 > 9 || s0 > 9 || s1 > 9 {
		return 0, 0, false
	}
	m, s = int(m0)*10+int(m1), int(s0)*10+int(s1)
	return m, s, m < 60 && s <= 60
}

// rfc3164 parses "Mmm dd HH:MM:SS" (day space- or zero-padded, or a single
// digit after one space). It returns the offset after the timestamp, or the
// offset of the problem.
func (p *Parser) rfc3164(line []byte, ev *Event, loc *time.Location) (int, bool) {
	if len(line) < 15 {
		return len(line), false
	}
	if i, ok := p.sameHour(line, ev, loc); ok {
		return i, true
	}
	mon := month(line)
	if mon == 0 {
		return 0, false
	}
	if line[3] != ' ' {
		return 3, false
	}
	var day, i int
	switch {
	case line[4] == ' ' && digit(line[5]):
		day, i = int(line[5]-'0'), 6
	case digit(line[4]) && digit(line[5]):
		day, i = int(line[4]-'0')*10+int(line[5]-'0'), 6
	case digit(line[4]) && line[5] == ' ':
		day, i = int(line[4]-'0'), 5
	default:
		return 4, false
	}
	if day < 1 || day > 31 {
		return 4, false
	}
	if line[i] != ' ' {
		return i, false
	}
	i++
	at := i
	h, m, s, ok := hms(line, i)
	if !ok {
		return i, false
	}
	i += 8
	ns := 0
	if i < len(line) && line[i] == '.' {
		ns, i = frac(line, i+1)
	}
	if p.fixed {
		ev.Time = p.fixedTime
		return i, true
	}
	if s == 60 {
		s = 59 // a leap second; time.Time cannot represent it
	}
	u := p.Years.infer(&p.cache, loc, mon, day, h, m, s)
	ev.Time = time.Unix(u, int64(ns)).In(loc)
	p.fillHour(line, at, loc, mon, day, h, m, s, u)
	return i, true
}

// sameHour parses an RFC 3164 timestamp of the same hour as the last one
// (see hourCache). It reports false when it does not apply.
func (p *Parser) sameHour(line []byte, ev *Event, loc *time.Location) (int, bool) {
	c := &p.hour
	y := &p.Years
	if !c.valid || p.fixed || c.loc != loc || binary.LittleEndian.Uint64(line) != c.key || line[8] != c.key8 ||
		!y.started || y.lastYear != c.year || y.lastMonth != c.month {
		return 0, false
	}
	m, s, ok := ms(line, c.off+3)
	if !ok {
		return 0, false
	}
	i := c.off + 8
	ns := 0
	if i < len(line) && line[i] == '.' {
		ns, i = frac(line, i+1)
	}
	if s == 60 {
		s = 59
	}
	u := c.base + int64(m*60+s)
	y.lastUnix = u
	ev.Time = time.Unix(u, int64(ns)).In(loc)
	return i, true
}

// fillHour records the hour of an RFC 3164 timestamp that infer dated u,
// when every time of that hour is its start plus minutes and seconds.
func (p *Parser) fillHour(line []byte, off int, loc *time.Location, mon time.Month, day, h, m, s int, u int64) {
	c := &p.hour
	c.valid = false
	base := u - int64(m*60+s)
	if loc != time.UTC {
		t0 := time.Date(p.Years.lastYear, mon, day, h, 0, 0, 0, loc).Unix()
		t1 := time.Date(p.Years.lastYear, mon, day, h, 59, 59, 0, loc).Unix()
		if t0 != base || t1-t0 != 3599 {
			return
		}
	}
	*c = hourCache{key: binary.LittleEndian.Uint64(line), key8: line[8], valid: true, off: off,
		loc: loc, year: p.Years.lastYear, month: p.Years.lastMonth, base: base}
}

// frac reads the digits of a fraction of a second at b[i:] and returns
// nanoseconds and the offset after the digits.
func frac(b []byte, i int) (int, int) {
	ns, n := 0, 0
	for i < len(b) && digit(b[i]) {
		if n < 9 {
			ns = ns*10 + int(b[i]-'0')
			n++
		}
		i++
	}
	for ; n < 9; n++ {
		ns *= 10
	}
	return ns, i
}

// iso parses "YYYY-MM-DDTHH:MM:SS[.frac][Z|+hh:mm|+hhmm]" at b[i:], and
// Dovecot's "YYYY-MM-DD HH:MM:SS" (local time).
func (p *Parser) iso(b []byte, i int, ev *Event, loc *time.Location) (int, bool) {
	if i+19 > len(b) {
		return len(b), false
	}
	dc := &p.date
	var year, mo, d int
	var days int64
	if k, k8 := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint16(b[i+8:]); dc.valid && k == dc.key && k8 == dc.key8 {
		year, mo, d, days = dc.year, dc.month, dc.day, dc.unix
	} else {
		y1, ok1 := two(b, i)
		y2, ok2 := two(b, i+2)
		m, ok3 := two(b, i+5)
		dd, ok4 := two(b, i+8)
		if !ok1 || !ok2 || !ok3 || !ok4 || b[i+4] != '-' || b[i+7] != '-' || m < 1 || m > 12 {
			return i, false
		}
		year, mo, d = y1*100+y2, m, dd
		if d < 1 || d > daysIn(time.Month(mo), year) {
			return i + 8, false
		}
		days = civilUnix(year, mo, d)
		*dc = dateCache{key: k, key8: k8, valid: true, year: year, month: mo, day: d, unix: days}
	}
	if b[i+10] != 'T' && b[i+10] != ' ' {
		return i + 10, false
	}
	h, m, s, ok := hms(b, i+11)
	if !ok {
		return i + 11, false
	}
	j := i + 19
	ns := 0
	if j < len(b) && b[j] == '.' {
		ns, j = frac(b, j+1)
	}
	if s == 60 {
		s = 59
	}
	var u int64
	zoned := false
	if j < len(b) {
		switch b[j] {
		case 'Z':
			zoned = true
			j++
			u = days + int64(h*3600+m*60+s)
		case '+', '-':
			oh, okh := two(b, j+1)
			k := j + 3
			if k < len(b) && b[k] == ':' {
				k++
			}
			om, okm := two(b, k)
			if !okh || !okm || oh > 23 || om > 59 {
				return j, false
			}
			off := int64(oh*3600 + om*60)
			if b[j] == '-' {
				off = -off
			}
			zoned = true
			u = days + int64(h*3600+m*60+s) - off
			j = k + 2
		}
	}
	if b[i+10] == 'T' && !zoned && j < len(b) && b[j] != ' ' {
		return j, false
	}
	if p.fixed {
		ev.Time = p.fixedTime
		return j, true
	}
	if !zoned {
		u = p.cache.unix(loc, year, time.Month(mo), d, h, m, s)
	}
	p.Years.observe(u, year, time.Month(mo))
	ev.Time = time.Unix(u, int64(ns)).In(loc)
	return j, true
}

// rfc5424 parses "<PRI>1 TIMESTAMP HOST APP-NAME PROCID MSGID SD MSG".
func (p *Parser) rfc5424(line []byte, ev *Event, loc *time.Location) error {
	ev.Format = FormatRFC5424
	i := 1
	for i < len(line) && i < 5 && digit(line[i]) {
		i++
	}
	if i == 1 || i >= len(line) || line[i] != '>' {
		return newParseError(line, i, "bad RFC 5424 priority")
	}
	i++
	if i+2 > len(line) || line[i] != '1' || line[i+1] != ' ' {
		return newParseError(line, i, "bad RFC 5424 version")
	}
	i += 2
	if i < len(line) && line[i] == '-' {
		i++
		if p.fixed {
			ev.Time = p.fixedTime
		}
	} else {
		j, ok := p.iso(line, i, ev, loc)
		if !ok || line[i+10] != 'T' {
			return newParseError(line, j, "bad RFC 5424 timestamp")
		}
		i = j
	}
	var fields [4][]byte // HOST APP-NAME PROCID MSGID
	for f := range fields {
		if i >= len(line) || line[i] != ' ' {
			return newParseError(line, i, "missing RFC 5424 header field")
		}
		i++
		j := indexSpace(line, i)
		if j == i {
			return newParseError(line, i, "empty RFC 5424 header field")
		}
		fields[f] = line[i:j]
		i = j
	}
	if i >= len(line) || line[i] != ' ' {
		return newParseError(line, i, "missing RFC 5424 structured data")
	}
	i++
	// STRUCTURED-DATA: "-" or one or more [id param="value"...] elements.
	switch {
	case i < len(line) && line[i] == '-':
		i++
	case i < len(line) && line[i] == '[':
		for i < len(line) && line[i] == '[' {
			i++
			inq := false
			for i < len(line) {
				c := line[i]
				if c == '\\' && inq {
					i += 2
					continue
				}
				if c == '"' {
					inq = !inq
				} else if c == ']' && !inq {
					break
				}
				i++
			}
			if i >= len(line) {
				return newParseError(line, i, "unterminated RFC 5424 structured data")
			}
			i++
		}
	default:
		return newParseError(line, i, "bad RFC 5424 structured data")
	}
	if i < len(line) {
		if line[i] != ' ' {
			return newParseError(line, i, "no space after RFC 5424 structured data")
		}
		i++
	}
	if len(line)-i >= 3 && line[i] == 0xEF && line[i+1] == 0xBB && line[i+2] == 0xBF {
		i += 3
	}
	if h := fields[0]; !(len(h) == 1 && h[0] == '-') {
		ev.Host = h
	}
	if t := fields[1]; !(len(t) == 1 && t[0] == '-') {
		ev.Tag = t
		ev.Program = t
		for k := len(t) - 1; k >= 0; k-- {
			if t[k] == '/' {
				ev.SyslogName = t[:k]
				ev.Program = t[k+1:]
				break
			}
		}
	}
	if pid, n := atoi(fields[2]); n > 0 && n == len(fields[2]) {
		ev.PID = pid
	}
	ev.Message = line[i:]
	return nil
}

// tai64n parses a daemontools/multilog "@4000000068e1c2a50b0c7a1c" label.
func (p *Parser) tai64n(line []byte, ev *Event, loc *time.Location) (int, bool) {
	if len(line) < 25 {
		return len(line), false
	}
	var secs, nano uint64
	for i := 1; i < 25; i++ {
		v, ok := hexval(line[i])
		if !ok {
			return i, false
		}
		if i <= 16 {
			secs = secs<<4 | uint64(v)
		} else {
			nano = nano<<4 | uint64(v)
		}
	}
	const base = 1<<62 + 10 // TAI64 label of the Unix epoch, as tai64nlocal converts it
	if secs < base || nano >= 1e9 {
		return 1, false
	}
	if p.fixed {
		ev.Time = p.fixedTime
		return 25, true
	}
	u := int64(secs - base)
	t := time.Unix(u, int64(nano)).In(loc)
	p.Years.observe(u, t.Year(), t.Month())
	ev.Time = t
	return 25, true
}

func hexval(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// atoi reads a non-negative decimal number at the start of b (at most 18
// digits) and returns it and the number of digits read.
func atoi(b []byte) (int, int) {
	n, i := 0, 0
	for i < len(b) && i < 18 {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		n = n*10 + int(d)
		i++
	}
	return n, i
}
