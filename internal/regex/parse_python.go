package regex

import (
	"fmt"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// This file parses Python 3.11 re patterns (str mode), as fail2ban 1.0.2
// compiles them. It is a port of CPython's Lib/re/_parser.py (syntax,
// validation, error texts and positions) followed by a port of the parts of
// Lib/re/_compiler.py that give flags their meaning (case folding through
// _sre.unicode_tolower and re._casefix, the IN_UNI_IGNORE charset rules,
// the look-behind width check). The two stages are kept apart as in
// CPython because Python applies flags at compile time, after the parser
// has already rewritten alternations of single characters into sets.
//
// Error offsets of ErrInvalid are Python's positions: code point indices
// into the pattern (-1 when Python gives none, as for the look-behind
// width error). Msg is re.error's msg (without " at position N").

// Python flag bits (sre's SRE_FLAG_* values are not needed; these are ours).
const (
	pyI uint16 = 1 << iota // IGNORECASE
	pyL                    // LOCALE
	pyM                    // MULTILINE
	pyS                    // DOTALL
	pyX                    // VERBOSE
	pyA                    // ASCII
	pyT                    // TEMPLATE
	pyU                    // UNICODE

	pyTypeFlags   = pyA | pyL | pyU
	pyGlobalFlags = pyT
)

func pyFlag(c rune) (uint16, bool) {
	switch c {
	case 'i':
		return pyI, true
	case 'L':
		return pyL, true
	case 'm':
		return pyM, true
	case 's':
		return pyS, true
	case 'x':
		return pyX, true
	case 'a':
		return pyA, true
	case 't':
		return pyT, true
	case 'u':
		return pyU, true
	}
	return 0, false
}

const (
	pyMaxRepeat = 1<<32 - 1 // _sre.MAXREPEAT on 64-bit builds
	pyMaxDepth  = 700       // nesting bound: CPython 3.11 compiles 300 nested groups and hits its recursion limit before 500
	pyMaxCount  = 1<<31 - 2 // largest repeat count regexp2 accepts
	pyBMP       = 0x10000
)

// Intermediate representation, close to sre's (op, av) lists.
type pyOp uint8

const (
	pyLiteral pyOp = iota + 1
	pyNotLiteral
	pyIn
	pyAny
	pyAt
	pyBranch
	pySubpattern
	pyAtomic
	pyRepeat
	pyAssert
	pyGroupref
	pyGroupExists
)

type pyAtKind uint8

const (
	atBeginning pyAtKind = iota + 1
	atBeginningString
	atBoundary
	atNonBoundary
	atEnd
	atEndString
)

type pySetOp uint8

const (
	setLiteral pySetOp = iota + 1
	setRange
	setCategory
)

type pyCat uint8

const (
	catDigit pyCat = iota + 1
	catNotDigit
	catSpace
	catNotSpace
	catWord
	catNotWord
)

type pySetItem struct {
	op     pySetOp
	lo, hi rune // literal: lo
	cat    pyCat
}

type pyItem struct {
	op       pyOp
	pos      int // rune index where the construct starts
	c        rune
	set      []pySetItem
	neg      bool // pyIn: NEGATE; pyAssert: ASSERT_NOT
	at       pyAtKind
	min, max int64
	mode     RepeatMode
	sub      *pySub // repeat item, atomic, subpattern, assert
	group    int    // subpattern (0 = none), groupref, group exists
	name     string
	add, del uint16
	behind   bool
	branches []*pySub
	yes, no  *pySub
}

type pySub struct {
	items    []*pyItem
	hasWidth bool
	lo, hi   int64
}

// pyError is a Python re.error (or another exception re.compile raises).
type pyError struct {
	msg string
	pos int
}

type pyTokenizer struct {
	s     []rune
	index int
	next  string // "" = None
}

func (t *pyTokenizer) advance() *pyError {
	index := t.index
	if index >= len(t.s) {
		t.next = ""
		return nil
	}
	ch := t.s[index]
	if ch == '\\' {
		index++
		if index >= len(t.s) {
			return &pyError{"bad escape (end of pattern)", len(t.s) - 1}
		}
		t.index = index + 1
		t.next = string([]rune{ch, t.s[index]})
		return nil
	}
	t.index = index + 1
	t.next = string(ch)
	return nil
}

func (t *pyTokenizer) nextLen() int { return utf8.RuneCountInString(t.next) }

func (t *pyTokenizer) tell() int { return t.index - t.nextLen() }

func (t *pyTokenizer) errorf(offset int, format string, a ...any) *pyError {
	return &pyError{fmt.Sprintf(format, a...), t.tell() - offset}
}

func (t *pyTokenizer) match(c string) (bool, *pyError) {
	if c == t.next {
		return true, t.advance()
	}
	return false, nil
}

func (t *pyTokenizer) get() (string, *pyError) {
	this := t.next
	return this, t.advance()
}

func (t *pyTokenizer) seek(index int) *pyError {
	t.index = index
	return t.advance()
}

func (t *pyTokenizer) getwhile(n int, in func(string) bool) (string, *pyError) {
	result := ""
	for i := 0; i < n; i++ {
		c := t.next
		if c == "" || !in(c) {
			break
		}
		result += c
		if err := t.advance(); err != nil {
			return "", err
		}
	}
	return result, nil
}

func (t *pyTokenizer) getuntil(term, name string) (string, *pyError) {
	result := ""
	for {
		c := t.next
		if err := t.advance(); err != nil {
			return "", err
		}
		if c == "" {
			if result == "" {
				return "", t.errorf(0, "missing %s", name)
			}
			return "", t.errorf(utf8.RuneCountInString(result), "missing %s, unterminated name", term)
		}
		if c == term {
			if result == "" {
				return "", t.errorf(1, "missing %s", name)
			}
			break
		}
		result += c
	}
	return result, nil
}

func (t *pyTokenizer) checkgroupname(name string, offset int) *pyError {
	if pyNonASCIIName(name) {
		return nil // the caller records ErrUnsupported
	}
	if !pyIsIdentifier(name) {
		return t.errorf(utf8.RuneCountInString(name)+offset, "bad character in group name %s", pyRepr(name))
	}
	return nil
}

func isDigitStr(c string) bool    { return len(c) == 1 && c[0] >= '0' && c[0] <= '9' }
func isOctDigitStr(c string) bool { return len(c) == 1 && c[0] >= '0' && c[0] <= '7' }
func isHexDigitStr(c string) bool {
	return len(c) == 1 && (c[0] >= '0' && c[0] <= '9' || c[0] >= 'a' && c[0] <= 'f' || c[0] >= 'A' && c[0] <= 'F')
}

// pyRepr renders s as Python's repr() of a str does for the characters a
// group name can contain in an error message.
func pyRepr(s string) string {
	quote := byte('\'')
	for _, r := range s {
		if r == '\'' {
			quote = '"'
		}
	}
	hasDouble := false
	for _, r := range s {
		if r == '"' {
			hasDouble = true
		}
	}
	if quote == '"' && hasDouble {
		quote = '\''
	}
	b := []byte{quote}
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r < 0x20 || r == 0x7f:
			b = append(b, fmt.Sprintf(`\x%02x`, r)...)
		case r >= 0x80 && !pyIsPrintable(r):
			switch {
			case r <= 0xff:
				b = append(b, fmt.Sprintf(`\x%02x`, r)...)
			case r <= 0xffff:
				b = append(b, fmt.Sprintf(`\u%04x`, r)...)
			default:
				b = append(b, fmt.Sprintf(`\U%08x`, r)...)
			}
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(append(b, quote))
}

// pyIsPrintable approximates str.isprintable for one character: not in
// categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except space).
func pyIsPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	if pyUnassigned(r) || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Cs, unicode.Co, unicode.Zl, unicode.Zp, unicode.Zs) {
		return false
	}
	return true
}

// pyUnassigned reports whether r is unassigned (Cn) in Python 3.11's
// Unicode 14: Go's Cn, plus pyAssignedIn15.
func pyUnassigned(r rune) bool {
	return unicode.Is(unicode.Cn, r) || inRanges(pyAssignedIn15, r)
}

// pyAssignedIn15 are the code points Unicode 15 (Go) assigned that are
// unassigned in Unicode 14 (Python 3.11), measured over every code point.
var pyAssignedIn15 = []RuneRange{
	{0xcf3, 0xcf3}, {0xece, 0xece}, {0x10efd, 0x10eff}, {0x1123f, 0x11241}, {0x11b00, 0x11b09}, {0x11f00, 0x11f10},
	{0x11f12, 0x11f3a}, {0x11f3e, 0x11f59}, {0x1342f, 0x1342f}, {0x13439, 0x13455}, {0x1b132, 0x1b132}, {0x1b155, 0x1b155},
	{0x1d2c0, 0x1d2d3}, {0x1df25, 0x1df2a}, {0x1e030, 0x1e06d}, {0x1e08f, 0x1e08f}, {0x1e4d0, 0x1e4f9}, {0x1f6dc, 0x1f6dc},
	{0x1f774, 0x1f776}, {0x1f77b, 0x1f77f}, {0x1f7d9, 0x1f7d9}, {0x1fa75, 0x1fa77}, {0x1fa87, 0x1fa88}, {0x1faad, 0x1faaf},
	{0x1fabb, 0x1fabd}, {0x1fabf, 0x1fabf}, {0x1face, 0x1facf}, {0x1fada, 0x1fadb}, {0x1fae8, 0x1fae8}, {0x1faf7, 0x1faf8},
	{0x2b739, 0x2b739}, {0x31350, 0x323af},
}

// pyNonASCIIName reports whether name has non-ASCII characters and no ASCII
// character that already makes it an invalid identifier: Python's
// isidentifier() (XID_Start/XID_Continue) is not reproduced for those, so
// such names are refused as unsupported.
func pyNonASCIIName(name string) bool {
	non := false
	for i, r := range name {
		if r >= 0x80 {
			non = true
			continue
		}
		if !(r == '_' || isASCIILetter(r) || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return non
}

// pyIsIdentifier is str.isidentifier: XID_Start or '_', then XID_Continue.
// Go has no XID tables; the approximation uses the categories the XID
// properties are derived from (Unicode UAX #31), which covers every name a
// fail2ban filter uses. Names outside ASCII are refused elsewhere.
func pyIsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r < 0x80 {
			ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
			if !ok {
				return false
			}
			continue
		}
		if pyUnassigned(r) {
			return false
		}
		start := unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lm, unicode.Lo, unicode.Nl)
		cont := start || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc)
		if i == 0 && !start || !cont {
			return false
		}
	}
	return true
}

type pyParser struct {
	src         string
	runes       []rune
	byteOff     []int
	t           pyTokenizer
	flags       uint16
	groupdict   map[string]int
	groupnames  []string
	groupwidths []*[2]int64 // index = group; nil = open
	lookbehind  int         // state.lookbehindgroups; -1 = None
	grouprefpos []int       // condition groups in first-seen order
	refpos      map[int]int
	unsupported *Error
}

func (p *pyParser) noteName(name string) {
	if pyNonASCIIName(name) && p.unsupported == nil {
		p.unsupported = &Error{Dialect: Python, Code: ErrUnsupported, Construct: "non-ASCII group name", Offset: p.off(p.t.tell())}
	}
}

func (p *pyParser) groups() int { return len(p.groupwidths) }

func (p *pyParser) checkgroup(gid int) bool { return gid < p.groups() && p.groupwidths[gid] != nil }

func (p *pyParser) checklookbehindgroup(gid int) *pyError {
	if p.lookbehind >= 0 {
		if !p.checkgroup(gid) {
			return p.t.errorf(0, "cannot refer to an open group")
		}
		if gid >= p.lookbehind {
			return p.t.errorf(0, "cannot refer to group defined in the same lookbehind subpattern")
		}
	}
	return nil
}

var pyEscapes = map[string]rune{
	`\a`: 7, `\b`: 8, `\f`: 12, `\n`: 10, `\r`: 13, `\t`: 9, `\v`: 11, `\\`: '\\',
}

var pyCategories = map[string]pyCat{
	`\d`: catDigit, `\D`: catNotDigit, `\s`: catSpace, `\S`: catNotSpace, `\w`: catWord, `\W`: catNotWord,
}

func isASCIILetter(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// unicodeEscape handles \x, \u, \U, \N and the "bad escape" tail shared by
// both escape functions. ok is false when the escape is not one of them.
func (p *pyParser) hexEscape(escape string) (rune, bool, *pyError) {
	t := &p.t
	c := []rune(escape)[1]
	var n int
	switch c {
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	case 'N':
		ok, err := t.match("{")
		if err != nil {
			return 0, true, err
		}
		if !ok {
			return 0, true, t.errorf(0, "missing {")
		}
		name, err := t.getuntil("}", "character name")
		if err != nil {
			return 0, true, err
		}
		// CPython looks the name up in unicodedata; the name table is not
		// reproduced here.
		// Python rejects an unknown name here, so parsing cannot go on.
		p.unsupported = &Error{Dialect: Python, Code: ErrUnsupported, Construct: `\N{` + name + `}`, Offset: p.off(t.tell())}
		return 0, true, &pyError{"unsupported", t.tell()}
	default:
		return 0, false, nil
	}
	digits, err := t.getwhile(n, isHexDigitStr)
	if err != nil {
		return 0, true, err
	}
	escape += digits
	if len(escape) != n+2 {
		return 0, true, t.errorf(utf8.RuneCountInString(escape), "incomplete escape %s", escape)
	}
	v, _ := strconv.ParseUint(escape[2:], 16, 64)
	if c == 'U' && v > unicode.MaxRune {
		// chr() raises ValueError, caught: "bad escape".
		return 0, true, t.errorf(len(escape), "bad escape %s", escape)
	}
	return rune(v), true, nil
}

func (p *pyParser) classEscape(escape string) (pySetItem, bool, *pyError) {
	t := &p.t
	if c, ok := pyEscapes[escape]; ok {
		return pySetItem{op: setLiteral, lo: c}, false, nil
	}
	if cat, ok := pyCategories[escape]; ok {
		return pySetItem{op: setCategory, cat: cat}, true, nil
	}
	r, ok, err := p.hexEscape(escape)
	if err != nil {
		return pySetItem{}, false, err
	}
	if ok {
		return pySetItem{op: setLiteral, lo: r}, false, nil
	}
	c := []rune(escape)[1]
	switch {
	case c >= '0' && c <= '7':
		more, err := t.getwhile(2, isOctDigitStr)
		if err != nil {
			return pySetItem{}, false, err
		}
		escape += more
		v, _ := strconv.ParseUint(escape[1:], 8, 32)
		if v > 0o377 {
			return pySetItem{}, false, t.errorf(len(escape), "octal escape value %s outside of range 0-0o377", escape)
		}
		return pySetItem{op: setLiteral, lo: rune(v)}, false, nil
	case c >= '0' && c <= '9':
		// ValueError → bad escape
	default:
		if utf8.RuneCountInString(escape) == 2 {
			if isASCIILetter(c) {
				return pySetItem{}, false, t.errorf(2, "bad escape %s", escape)
			}
			return pySetItem{op: setLiteral, lo: c}, false, nil
		}
	}
	return pySetItem{}, false, t.errorf(utf8.RuneCountInString(escape), "bad escape %s", escape)
}

func (p *pyParser) escape(escape string, pos int) (*pyItem, *pyError) {
	t := &p.t
	switch escape {
	case `\A`:
		return &pyItem{op: pyAt, at: atBeginningString, pos: pos}, nil
	case `\b`:
		return &pyItem{op: pyAt, at: atBoundary, pos: pos}, nil
	case `\B`:
		return &pyItem{op: pyAt, at: atNonBoundary, pos: pos}, nil
	case `\Z`:
		return &pyItem{op: pyAt, at: atEndString, pos: pos}, nil
	}
	if cat, ok := pyCategories[escape]; ok {
		return &pyItem{op: pyIn, set: []pySetItem{{op: setCategory, cat: cat}}, pos: pos}, nil
	}
	if c, ok := pyEscapes[escape]; ok {
		return &pyItem{op: pyLiteral, c: c, pos: pos}, nil
	}
	r, ok, err := p.hexEscape(escape)
	if err != nil {
		return nil, err
	}
	if ok {
		return &pyItem{op: pyLiteral, c: r, pos: pos}, nil
	}
	c := []rune(escape)[1]
	switch {
	case c == '0':
		more, err := t.getwhile(2, isOctDigitStr)
		if err != nil {
			return nil, err
		}
		escape += more
		v, _ := strconv.ParseUint(escape[1:], 8, 32)
		return &pyItem{op: pyLiteral, c: rune(v), pos: pos}, nil
	case c >= '1' && c <= '9':
		if isDigitStr(t.next) {
			d, err := t.get()
			if err != nil {
				return nil, err
			}
			escape += d
			if isOctDigitStr(escape[1:2]) && isOctDigitStr(escape[2:3]) && isOctDigitStr(t.next) {
				d, err := t.get()
				if err != nil {
					return nil, err
				}
				escape += d
				v, _ := strconv.ParseUint(escape[1:], 8, 32)
				if v > 0o377 {
					return nil, t.errorf(len(escape), "octal escape value %s outside of range 0-0o377", escape)
				}
				return &pyItem{op: pyLiteral, c: rune(v), pos: pos}, nil
			}
		}
		group, _ := strconv.Atoi(escape[1:])
		if group < p.groups() {
			if !p.checkgroup(group) {
				return nil, t.errorf(len(escape), "cannot refer to an open group")
			}
			if err := p.checklookbehindgroup(group); err != nil {
				return nil, err
			}
			return &pyItem{op: pyGroupref, group: group, pos: pos}, nil
		}
		return nil, t.errorf(len(escape)-1, "invalid group reference %d", group)
	}
	if utf8.RuneCountInString(escape) == 2 {
		if isASCIILetter(c) {
			return nil, t.errorf(2, "bad escape %s", escape)
		}
		return &pyItem{op: pyLiteral, c: c, pos: pos}, nil
	}
	return nil, t.errorf(utf8.RuneCountInString(escape), "bad escape %s", escape)
}

// itemEqual is Python's == on two (op, av) tuples, as _parse_sub uses it to
// hoist a common prefix out of a branch. Items holding a SubPattern compare
// by identity, so only leaf items can be equal.
func itemEqual(a, b *pyItem) bool {
	if a == b {
		return true
	}
	if a.op != b.op {
		return false
	}
	switch a.op {
	case pyLiteral, pyNotLiteral:
		return a.c == b.c
	case pyAny:
		return true
	case pyAt:
		return a.at == b.at
	case pyGroupref:
		return a.group == b.group
	case pyIn:
		if a.neg != b.neg || len(a.set) != len(b.set) {
			return false
		}
		for i := range a.set {
			if a.set[i] != b.set[i] {
				return false
			}
		}
		return true
	}
	return false
}

func uniqSet(set []pySetItem) []pySetItem {
	var out []pySetItem
	for _, s := range set {
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func (p *pyParser) parseSub(verbose bool, nested int) (*pySub, *pyError) {
	var items []*pySub
	start := p.t.tell()
	for {
		item, err := p.parse(verbose, nested+1, nested == 0 && len(items) == 0)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
		ok, err := p.t.match("|")
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if nested == 0 {
			verbose = p.flags&pyX != 0
		}
	}
	if len(items) == 1 {
		return items[0], nil
	}
	sub := &pySub{}
	// Hoist a common prefix.
	for {
		var prefix *pyItem
		all := true
		for _, it := range items {
			if len(it.items) == 0 {
				all = false
				break
			}
			if prefix == nil {
				prefix = it.items[0]
			} else if !itemEqual(it.items[0], prefix) {
				all = false
				break
			}
		}
		if !all {
			break
		}
		for _, it := range items {
			it.items = it.items[1:]
		}
		sub.items = append(sub.items, prefix)
	}
	// A branch of single characters becomes a set.
	var set []pySetItem
	isSet := true
	for _, it := range items {
		if len(it.items) != 1 {
			isSet = false
			break
		}
		x := it.items[0]
		if x.op == pyLiteral {
			set = append(set, pySetItem{op: setLiteral, lo: x.c})
		} else if x.op == pyIn && !x.neg {
			set = append(set, x.set...)
		} else {
			isSet = false
			break
		}
	}
	if isSet {
		sub.items = append(sub.items, &pyItem{op: pyIn, set: uniqSet(set), pos: start})
		return sub, nil
	}
	sub.items = append(sub.items, &pyItem{op: pyBranch, branches: items, pos: start})
	return sub, nil
}

func (p *pyParser) parse(verbose bool, nested int, first bool) (*pySub, *pyError) {
	t := &p.t
	if nested > pyMaxDepth {
		if p.unsupported == nil {
			p.unsupported = &Error{Dialect: Python, Code: ErrUnsupported, Construct: "nesting depth", Offset: p.off(t.tell())}
		}
		return nil, &pyError{"nesting too deep", t.tell()}
	}
	sub := &pySub{}
	for {
		this := t.next
		if this == "" || this == "|" || this == ")" {
			break
		}
		pos := t.tell()
		if err := t.advance(); err != nil {
			return nil, err
		}
		if verbose {
			if this == " " || this == "\t" || this == "\n" || this == "\r" || this == "\v" || this == "\f" {
				continue
			}
			if this == "#" {
				for {
					c, err := t.get()
					if err != nil {
						return nil, err
					}
					if c == "" || c == "\n" {
						break
					}
				}
				continue
			}
		}
		if this[0] == '\\' {
			it, err := p.escape(this, pos)
			if err != nil {
				return nil, err
			}
			sub.items = append(sub.items, it)
			continue
		}
		switch this {
		case "[":
			if err := p.parseClass(sub, pos); err != nil {
				return nil, err
			}
		case "?", "*", "+", "{":
			if err := p.parseRepeat(sub, this); err != nil {
				return nil, err
			}
		case ".":
			sub.items = append(sub.items, &pyItem{op: pyAny, pos: pos})
		case "(":
			if err := p.parseGroup(sub, pos, &verbose, nested, first); err != nil {
				return nil, err
			}
		case "^":
			sub.items = append(sub.items, &pyItem{op: pyAt, at: atBeginning, pos: pos})
		case "$":
			sub.items = append(sub.items, &pyItem{op: pyAt, at: atEnd, pos: pos})
		default:
			r, _ := utf8.DecodeRuneInString(this)
			sub.items = append(sub.items, &pyItem{op: pyLiteral, c: r, pos: pos})
		}
	}
	// Unpack non-capturing groups without flags.
	var out []*pyItem
	for _, it := range sub.items {
		if it.op == pySubpattern && it.group == 0 && it.add == 0 && it.del == 0 {
			out = append(out, it.sub.items...)
			continue
		}
		out = append(out, it)
	}
	sub.items = out
	return sub, nil
}

func (p *pyParser) parseClass(sub *pySub, here int) *pyError {
	t := &p.t
	var set []pySetItem
	negate, err := t.match("^")
	if err != nil {
		return err
	}
	for {
		this, err := t.get()
		if err != nil {
			return err
		}
		if this == "" {
			return t.errorf(t.tell()-here, "unterminated character set")
		}
		if this == "]" && len(set) > 0 {
			break
		}
		var code1 pySetItem
		isIn1 := false
		if this[0] == '\\' {
			code1, isIn1, err = p.classEscape(this)
			if err != nil {
				return err
			}
		} else {
			r, _ := utf8.DecodeRuneInString(this)
			code1 = pySetItem{op: setLiteral, lo: r}
		}
		dash, err := t.match("-")
		if err != nil {
			return err
		}
		if !dash {
			set = append(set, code1)
			continue
		}
		that, err := t.get()
		if err != nil {
			return err
		}
		if that == "" {
			return t.errorf(t.tell()-here, "unterminated character set")
		}
		if that == "]" {
			set = append(set, code1, pySetItem{op: setLiteral, lo: '-'})
			break
		}
		var code2 pySetItem
		isIn2 := false
		if that[0] == '\\' {
			code2, isIn2, err = p.classEscape(that)
			if err != nil {
				return err
			}
		} else {
			r, _ := utf8.DecodeRuneInString(that)
			code2 = pySetItem{op: setLiteral, lo: r}
		}
		n := utf8.RuneCountInString(this) + 1 + utf8.RuneCountInString(that)
		if isIn1 || isIn2 || code1.op != setLiteral || code2.op != setLiteral || code2.lo < code1.lo {
			return t.errorf(n, "bad character range %s-%s", this, that)
		}
		set = append(set, pySetItem{op: setRange, lo: code1.lo, hi: code2.lo})
	}
	set = uniqSet(set)
	if len(set) == 1 && set[0].op == setLiteral {
		op := pyLiteral
		if negate {
			op = pyNotLiteral
		}
		sub.items = append(sub.items, &pyItem{op: op, c: set[0].lo, pos: here})
		return nil
	}
	sub.items = append(sub.items, &pyItem{op: pyIn, set: set, neg: negate, pos: here})
	return nil
}

func (p *pyParser) parseRepeat(sub *pySub, this string) *pyError {
	t := &p.t
	here := t.tell()
	var min, max int64
	switch this {
	case "?":
		min, max = 0, 1
	case "*":
		min, max = 0, pyMaxRepeat
	case "+":
		min, max = 1, pyMaxRepeat
	case "{":
		if t.next == "}" {
			sub.items = append(sub.items, &pyItem{op: pyLiteral, c: '{', pos: here - 1})
			return nil
		}
		min, max = 0, pyMaxRepeat
		lo, hi := "", ""
		for isDigitStr(t.next) {
			c, err := t.get()
			if err != nil {
				return err
			}
			lo += c
		}
		comma, err := t.match(",")
		if err != nil {
			return err
		}
		if comma {
			for isDigitStr(t.next) {
				c, err := t.get()
				if err != nil {
					return err
				}
				hi += c
			}
		} else {
			hi = lo
		}
		closed, err := t.match("}")
		if err != nil {
			return err
		}
		if !closed {
			sub.items = append(sub.items, &pyItem{op: pyLiteral, c: '{', pos: here - 1})
			return t.seek(here)
		}
		if lo != "" {
			v, ok := pyAtoi(lo)
			if !ok || v >= pyMaxRepeat {
				return &pyError{"OverflowError: the repetition number is too large", -1}
			}
			min = v
		}
		if hi != "" {
			v, ok := pyAtoi(hi)
			if !ok || v >= pyMaxRepeat {
				return &pyError{"OverflowError: the repetition number is too large", -1}
			}
			max = v
			if max < min {
				return t.errorf(t.tell()-here, "min repeat greater than max repeat")
			}
		}
	}
	var item *pyItem
	if n := len(sub.items); n > 0 {
		item = sub.items[n-1]
	}
	if item == nil || item.op == pyAt {
		return t.errorf(t.tell()-here+utf8.RuneCountInString(this), "nothing to repeat")
	}
	if item.op == pyRepeat {
		return t.errorf(t.tell()-here+utf8.RuneCountInString(this), "multiple repeat")
	}
	body := &pySub{items: []*pyItem{item}}
	if item.op == pySubpattern && item.group == 0 && item.add == 0 && item.del == 0 {
		body = item.sub
	}
	mode := Greedy
	lazy, err := t.match("?")
	if err != nil {
		return err
	}
	if lazy {
		mode = Lazy
	} else {
		poss, err := t.match("+")
		if err != nil {
			return err
		}
		if poss {
			mode = Possessive
		}
	}
	sub.items[len(sub.items)-1] = &pyItem{op: pyRepeat, min: min, max: max, mode: mode, sub: body, pos: item.pos}
	return nil
}

func pyAtoi(s string) (int64, bool) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

func (p *pyParser) parseGroup(sub *pySub, start int, verbose *bool, nested int, first bool) *pyError {
	t := &p.t
	capture := true
	atomic := false
	name := ""
	hasName := false
	var addFlags, delFlags uint16
	q, err := t.match("?")
	if err != nil {
		return err
	}
	if q {
		char, err := t.get()
		if err != nil {
			return err
		}
		if char == "" {
			return t.errorf(0, "unexpected end of pattern")
		}
		switch {
		case char == "P":
			lt, err := t.match("<")
			if err != nil {
				return err
			}
			if lt {
				name, err = t.getuntil(">", "group name")
				if err != nil {
					return err
				}
				if err := t.checkgroupname(name, 1); err != nil {
					return err
				}
				p.noteName(name)
				hasName = true
				break
			}
			eq, err := t.match("=")
			if err != nil {
				return err
			}
			if eq {
				name, err = t.getuntil(")", "group name")
				if err != nil {
					return err
				}
				if err := t.checkgroupname(name, 1); err != nil {
					return err
				}
				p.noteName(name)
				n := utf8.RuneCountInString(name)
				gid, ok := p.groupdict[name]
				if !ok {
					return t.errorf(n+1, "unknown group name %s", pyRepr(name))
				}
				if !p.checkgroup(gid) {
					return t.errorf(n+1, "cannot refer to an open group")
				}
				if err := p.checklookbehindgroup(gid); err != nil {
					return err
				}
				sub.items = append(sub.items, &pyItem{op: pyGroupref, group: gid, pos: start})
				return nil
			}
			c, err := t.get()
			if err != nil {
				return err
			}
			if c == "" {
				return t.errorf(0, "unexpected end of pattern")
			}
			return t.errorf(utf8.RuneCountInString(c)+2, "unknown extension ?P%s", c)
		case char == ":":
			capture = false
		case char == "#":
			for {
				if t.next == "" {
					return t.errorf(t.tell()-start, "missing ), unterminated comment")
				}
				c, err := t.get()
				if err != nil {
					return err
				}
				if c == ")" {
					break
				}
			}
			return nil
		case char == "=" || char == "!" || char == "<":
			behind := false
			saved := p.lookbehind
			if char == "<" {
				char, err = t.get()
				if err != nil {
					return err
				}
				if char == "" {
					return t.errorf(0, "unexpected end of pattern")
				}
				if char != "=" && char != "!" {
					return t.errorf(utf8.RuneCountInString(char)+2, "unknown extension ?<%s", char)
				}
				behind = true
				if saved < 0 {
					p.lookbehind = p.groups()
				}
			}
			body, err := p.parseSub(*verbose, nested+1)
			if err != nil {
				return err
			}
			if behind && saved < 0 {
				p.lookbehind = -1
			}
			ok, err := t.match(")")
			if err != nil {
				return err
			}
			if !ok {
				return t.errorf(t.tell()-start, "missing ), unterminated subpattern")
			}
			sub.items = append(sub.items, &pyItem{op: pyAssert, behind: behind, neg: char == "!", sub: body, pos: start})
			return nil
		case char == "(":
			condname, err := t.getuntil(")", "group name")
			if err != nil {
				return err
			}
			n := utf8.RuneCountInString(condname)
			var condgroup int
			if pyNonASCIIName(condname) {
				p.noteName(condname)
			}
			if pyIsIdentifier(condname) || pyNonASCIIName(condname) {
				gid, ok := p.groupdict[condname]
				if !ok {
					return t.errorf(n+1, "unknown group name %s", pyRepr(condname))
				}
				condgroup = gid
			} else {
				v, ok := pyCondInt(condname)
				if !ok {
					return t.errorf(n+1, "bad character in group name %s", pyRepr(condname))
				}
				if v == 0 {
					return t.errorf(n+1, "bad group number")
				}
				if v >= 1<<30-1 { // MAXGROUPS
					return t.errorf(n+1, "invalid group reference %d", v)
				}
				condgroup = int(v)
				if _, seen := p.refpos[condgroup]; !seen {
					p.refpos[condgroup] = t.tell() - n - 1
					p.grouprefpos = append(p.grouprefpos, condgroup)
				}
			}
			if err := p.checklookbehindgroup(condgroup); err != nil {
				return err
			}
			yes, err := p.parse(*verbose, nested+1, false)
			if err != nil {
				return err
			}
			var no *pySub
			bar, err := t.match("|")
			if err != nil {
				return err
			}
			if bar {
				no, err = p.parse(*verbose, nested+1, false)
				if err != nil {
					return err
				}
				if t.next == "|" {
					return t.errorf(0, "conditional backref with more than two branches")
				}
			}
			ok, err := t.match(")")
			if err != nil {
				return err
			}
			if !ok {
				return t.errorf(t.tell()-start, "missing ), unterminated subpattern")
			}
			sub.items = append(sub.items, &pyItem{op: pyGroupExists, group: condgroup, yes: yes, no: no, pos: start})
			return nil
		case char == ">":
			capture = false
			atomic = true
		default:
			r, _ := utf8.DecodeRuneInString(char)
			if _, ok := pyFlag(r); ok || char == "-" {
				global, add, del, err := p.parseFlags(char)
				if err != nil {
					return err
				}
				if global {
					if !first || len(sub.items) > 0 {
						return t.errorf(t.tell()-start, "global flags not at the start of the expression")
					}
					*verbose = p.flags&pyX != 0
					return nil
				}
				addFlags, delFlags = add, del
				capture = false
				break
			}
			return t.errorf(utf8.RuneCountInString(char)+1, "unknown extension ?%s", char)
		}
	}
	group := 0
	if capture {
		gid := p.groups()
		p.groupwidths = append(p.groupwidths, nil)
		p.groupnames = append(p.groupnames, name)
		if hasName {
			if ogid, ok := p.groupdict[name]; ok {
				return t.errorf(utf8.RuneCountInString(name)+1, "redefinition of group name %s as group %d; was group %d", pyRepr(name), gid, ogid)
			}
			p.groupdict[name] = gid
		}
		group = gid
	}
	subVerbose := (*verbose || addFlags&pyX != 0) && delFlags&pyX == 0
	body, err := p.parseSub(subVerbose, nested+1)
	if err != nil {
		return err
	}
	ok, err := t.match(")")
	if err != nil {
		return err
	}
	if !ok {
		return t.errorf(t.tell()-start, "missing ), unterminated subpattern")
	}
	if group > 0 {
		lo, hi := p.width(body)
		p.groupwidths[group] = &[2]int64{lo, hi}
	}
	if atomic {
		sub.items = append(sub.items, &pyItem{op: pyAtomic, sub: body, pos: start})
	} else {
		sub.items = append(sub.items, &pyItem{op: pySubpattern, group: group, name: name, add: addFlags, del: delFlags, sub: body, pos: start})
	}
	return nil
}

// pyCondInt is int(condname) for a non-identifier condition name: Python's
// int() accepts surrounding whitespace, underscores between digits, a sign
// and non-ASCII decimal digits.
func pyCondInt(s string) (int64, bool) {
	rs := []rune(s)
	isSpace := func(r rune) bool { return inRanges(pySpaceRanges, r) }
	i, j := 0, len(rs)
	for i < j && isSpace(rs[i]) {
		i++
	}
	for j > i && isSpace(rs[j-1]) {
		j--
	}
	rs = rs[i:j]
	neg := false
	if len(rs) > 0 && (rs[0] == '+' || rs[0] == '-') {
		neg = rs[0] == '-'
		rs = rs[1:]
	}
	if len(rs) == 0 {
		return 0, false
	}
	var v int64
	prevUnderscore := true
	for k, r := range rs {
		if r == '_' {
			if prevUnderscore || k == len(rs)-1 {
				return 0, false
			}
			prevUnderscore = true
			continue
		}
		prevUnderscore = false
		d := pyDecimalValue(r)
		if d < 0 {
			return 0, false
		}
		if v > 1<<40 {
			v = 1 << 40 // saturate; only the comparison with MAXGROUPS matters
		} else {
			v = v*10 + int64(d)
		}
	}
	if neg {
		if v != 0 {
			return 0, false // negative: ValueError
		}
	}
	return v, true
}

// pyDecimalValue returns the value of a decimal digit (Nd, Python's
// Unicode 14) or -1.
func pyDecimalValue(r rune) int {
	if !unicode.Is(unicode.Nd, r) || inRanges(pyNew15, r) {
		return -1
	}
	// Nd digits come in contiguous runs of ten starting at zero.
	z := r
	for z > 0 && unicode.Is(unicode.Nd, z-1) {
		z--
	}
	return int((r - z) % 10)
}

func (p *pyParser) parseFlags(char string) (global bool, add, del uint16, perr *pyError) {
	t := &p.t
	if char != "-" {
		for {
			r, _ := utf8.DecodeRuneInString(char)
			flag, _ := pyFlag(r)
			if char == "L" {
				return false, 0, 0, t.errorf(0, "bad inline flags: cannot use 'L' flag with a str pattern")
			}
			add |= flag
			if flag&pyTypeFlags != 0 && add&pyTypeFlags != flag {
				return false, 0, 0, t.errorf(0, "bad inline flags: flags 'a', 'u' and 'L' are incompatible")
			}
			c, err := t.get()
			if err != nil {
				return false, 0, 0, err
			}
			char = c
			if char == "" {
				return false, 0, 0, t.errorf(0, "missing -, : or )")
			}
			if char == ")" || char == "-" || char == ":" {
				break
			}
			r, _ = utf8.DecodeRuneInString(char)
			if _, ok := pyFlag(r); !ok {
				if pyIsAlpha(r) {
					return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "unknown flag")
				}
				return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "missing -, : or )")
			}
		}
	}
	if char == ")" {
		p.flags |= add
		return true, 0, 0, nil
	}
	if add&pyGlobalFlags != 0 {
		return false, 0, 0, t.errorf(1, "bad inline flags: cannot turn on global flag")
	}
	if char == "-" {
		c, err := t.get()
		if err != nil {
			return false, 0, 0, err
		}
		char = c
		if char == "" {
			return false, 0, 0, t.errorf(0, "missing flag")
		}
		r, _ := utf8.DecodeRuneInString(char)
		if _, ok := pyFlag(r); !ok {
			if pyIsAlpha(r) {
				return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "unknown flag")
			}
			return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "missing flag")
		}
		for {
			r, _ := utf8.DecodeRuneInString(char)
			flag, _ := pyFlag(r)
			if flag&pyTypeFlags != 0 {
				return false, 0, 0, t.errorf(0, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
			}
			del |= flag
			c, err := t.get()
			if err != nil {
				return false, 0, 0, err
			}
			char = c
			if char == "" {
				return false, 0, 0, t.errorf(0, "missing :")
			}
			if char == ":" {
				break
			}
			r, _ = utf8.DecodeRuneInString(char)
			if _, ok := pyFlag(r); !ok {
				if pyIsAlpha(r) {
					return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "unknown flag")
				}
				return false, 0, 0, t.errorf(utf8.RuneCountInString(char), "missing :")
			}
		}
	}
	if del&pyGlobalFlags != 0 {
		return false, 0, 0, t.errorf(1, "bad inline flags: cannot turn off global flag")
	}
	if add&del != 0 {
		return false, 0, 0, t.errorf(1, "bad inline flags: flag turned on and off")
	}
	return false, add, del, nil
}

// pyIsAlpha is str.isalpha for one character (categories Lm Lt Lu Ll Lo).
func pyIsAlpha(r rune) bool {
	return unicode.IsLetter(r) && !inRanges(pyNew15, r)
}

// width is SubPattern.getwidth, with saturating arithmetic standing in for
// Python's unbounded integers.
func (p *pyParser) width(s *pySub) (int64, int64) {
	if s.hasWidth {
		return s.lo, s.hi
	}
	const big = int64(1) << 62
	add := func(a, b int64) int64 {
		if a+b > big {
			return big
		}
		return a + b
	}
	mul := func(a, b int64) int64 {
		if a == 0 || b == 0 {
			return 0
		}
		if a > big/b {
			return big
		}
		return a * b
	}
	var lo, hi int64
	for _, it := range s.items {
		switch it.op {
		case pyBranch:
			i, j := int64(pyMaxRepeat-1), int64(0)
			for _, b := range it.branches {
				l, h := p.width(b)
				i = minI64(i, l)
				j = maxI64(j, h)
			}
			lo, hi = add(lo, i), add(hi, j)
		case pyAtomic, pySubpattern:
			i, j := p.width(it.sub)
			lo, hi = add(lo, i), add(hi, j)
		case pyRepeat:
			i, j := p.width(it.sub)
			lo, hi = add(lo, mul(i, it.min)), add(hi, mul(j, it.max))
		case pyAny, pyIn, pyLiteral, pyNotLiteral:
			lo, hi = add(lo, 1), add(hi, 1)
		case pyGroupref:
			w := p.groupwidths[it.group]
			lo, hi = add(lo, w[0]), add(hi, w[1])
		case pyGroupExists:
			i, j := p.width(it.yes)
			if it.no != nil {
				l, h := p.width(it.no)
				i = minI64(i, l)
				j = maxI64(j, h)
			} else {
				i = 0
			}
			lo, hi = add(lo, i), add(hi, j)
		}
	}
	s.lo, s.hi, s.hasWidth = minI64(lo, pyMaxRepeat-1), minI64(hi, pyMaxRepeat), true
	return s.lo, s.hi
}

func minI64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func maxI64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func (p *pyParser) off(runeIdx int) int {
	if runeIdx < 0 {
		return 0
	}
	if runeIdx >= len(p.byteOff) {
		return len(p.src)
	}
	return p.byteOff[runeIdx]
}

// parsePython parses a Python 3.11 re pattern (str mode).
func parsePython(pattern string, flags Flags) (*Tree, error) {
	if !utf8.ValidString(pattern) {
		return nil, &Error{Dialect: Python, Code: ErrUnsupported, Construct: "invalid UTF-8 in pattern"}
	}
	if bad := flags &^ (Caseless | Multiline | DotAll | Extended | ASCII); bad != 0 {
		return nil, &Error{Dialect: Python, Code: ErrUnsupported, Construct: fmt.Sprintf("flags %#x", uint16(bad))}
	}
	p := &pyParser{src: pattern, groupdict: map[string]int{}, lookbehind: -1, refpos: map[int]int{}}
	for i, r := range pattern {
		p.byteOff = append(p.byteOff, i)
		p.runes = append(p.runes, r)
	}
	p.groupwidths = []*[2]int64{nil}
	p.groupnames = []string{""}
	if flags&Caseless != 0 {
		p.flags |= pyI
	}
	if flags&Multiline != 0 {
		p.flags |= pyM
	}
	if flags&DotAll != 0 {
		p.flags |= pyS
	}
	if flags&Extended != 0 {
		p.flags |= pyX
	}
	if flags&ASCII != 0 {
		p.flags |= pyA
	}
	p.t.s = p.runes
	tree, perr := p.run()
	if p.unsupported != nil && (perr == nil || perr.msg == "nesting too deep" || perr.msg == "unsupported") {
		return nil, p.unsupported
	}
	if perr != nil {
		e := &Error{Dialect: Python, Code: ErrInvalid, Offset: perr.pos, Msg: perr.msg}
		return nil, e
	}
	if p.unsupported != nil {
		return nil, p.unsupported
	}
	return tree, nil
}

func (p *pyParser) run() (*Tree, *pyError) {
	if err := p.t.advance(); err != nil {
		return nil, err
	}
	sub, err := p.parseSub(p.flags&pyX != 0, 0)
	if err != nil {
		return nil, err
	}
	// fix_flags
	if p.flags&pyA == 0 {
		p.flags |= pyU
	} else if p.flags&pyU != 0 {
		return nil, &pyError{"ValueError: ASCII and UNICODE flags are incompatible", -1}
	}
	if p.t.next != "" {
		return nil, p.t.errorf(0, "unbalanced parenthesis")
	}
	for _, g := range p.grouprefpos {
		if g >= p.groups() {
			return nil, &pyError{fmt.Sprintf("invalid group reference %d", g), p.refpos[g]}
		}
	}
	if p.unsupported != nil {
		return nil, nil
	}
	c := pyCompiler{p: p}
	root, err := c.compileSub(sub, p.flags)
	if err != nil {
		return nil, err
	}
	if c.unsupported != nil {
		p.unsupported = c.unsupported
		return nil, nil
	}
	c.dropNeedlessFolds(root)
	t := &Tree{Root: root, NCap: p.groups() - 1, Names: map[string]int{}}
	for name, g := range p.groupdict {
		t.Names[name] = g
	}
	return t, nil
}

// ---- compile stage: flags → tree ----

type pyCompiler struct {
	p           *pyParser
	unsupported *Error
	cache       map[uint32]*Class
	foldRefs    map[*Node]uint16 // caseless backreferences and their flags
}

// dropNeedlessFolds turns a caseless backreference into an exact one when
// every character its group can capture is outside Python's case mapping
// (GROUPREF_UNI_IGNORE compares lower(a) == lower(b); GROUPREF_IGNORE the
// ASCII lower case): then the two comparisons agree. fail2ban's date
// templates need this: (?iu) with (?P=_sep) over [-/.].
func (c *pyCompiler) dropNeedlessFolds(root *Node) {
	if len(c.foldRefs) == 0 {
		return
	}
	caps := map[int]*Node{}
	Walk(root, func(n *Node) bool {
		if n.Op == OpCapture {
			caps[n.Cap] = n
		}
		return true
	})
	for ref, flags := range c.foldRefs {
		g := caps[ref.Cap]
		if g == nil {
			continue
		}
		var rs []RuneRange
		known := true
		Walk(g, func(n *Node) bool {
			switch n.Op {
			case OpLiteral:
				rs = append(rs, RuneRange{n.Rune, n.Rune})
			case OpClass:
				rs = append(rs, n.Class.Materialize(MaxRune).Ranges...)
			case OpBackref:
				known = false
			}
			return known
		})
		if !known {
			continue
		}
		set := &Class{Ranges: normalizeRanges(rs)}
		cased := false
		if flags&pyU == 0 {
			for r := rune('A'); r <= 'z' && !cased; r++ {
				cased = isASCIILetter(r) && set.Contains(r)
			}
		} else {
			for _, pr := range pyCaseTables().lower {
				if set.Contains(pr[0]) || set.Contains(pr[1]) {
					cased = true
					break
				}
			}
		}
		if !cased {
			ref.Fold = false
		}
	}
}

func (c *pyCompiler) compileSub(s *pySub, flags uint16) (*Node, *pyError) {
	var subs []*Node
	for _, it := range s.items {
		n, err := c.compileItem(it, flags)
		if err != nil {
			return nil, err
		}
		subs = append(subs, n)
	}
	if len(subs) == 1 {
		return subs[0], nil
	}
	if len(subs) == 0 {
		return &Node{Op: OpEmpty}, nil
	}
	return &Node{Op: OpConcat, Sub: subs}, nil
}

func combineFlags(flags, add, del uint16) uint16 {
	if add&pyTypeFlags != 0 {
		flags &^= pyTypeFlags
	}
	return (flags | add) &^ del
}

func (c *pyCompiler) compileItem(it *pyItem, flags uint16) (*Node, *pyError) {
	pos := c.p.off(it.pos)
	switch it.op {
	case pyLiteral, pyNotLiteral:
		var cl *Class
		if flags&pyI == 0 || !pyIsCased(it.c, flags) {
			if it.op == pyLiteral {
				return &Node{Op: OpLiteral, Rune: it.c, Pos: pos}, nil
			}
			cl = &Class{Ranges: []RuneRange{{it.c, it.c}}}
		} else {
			cl = c.literalFold(it.c, flags)
		}
		if it.op == pyNotLiteral {
			cl = &Class{Ranges: complementRanges(cl.Ranges, MaxRune)}
		}
		return &Node{Op: OpClass, Class: cl, Pos: pos}, nil
	case pyIn:
		return &Node{Op: OpClass, Class: c.charset(it.set, it.neg, flags), Pos: pos}, nil
	case pyAny:
		if flags&pyS != 0 {
			return &Node{Op: OpClass, Class: &Class{Ranges: []RuneRange{{0, MaxRune}}}, Pos: pos}, nil
		}
		return &Node{Op: OpClass, Class: &Class{Ranges: []RuneRange{{0, '\n' - 1}, {'\n' + 1, MaxRune}}}, Pos: pos}, nil
	case pyAt:
		n := &Node{Op: OpAssert, Pos: pos}
		switch it.at {
		case atBeginning:
			n.Assert = BeginText
			if flags&pyM != 0 {
				n.Assert = BeginLineAny
			}
		case atBeginningString:
			n.Assert = BeginText
		case atEnd:
			n.Assert = EndTextOptNewline
			if flags&pyM != 0 {
				n.Assert = EndLine
			}
		case atEndString:
			n.Assert = EndText
		case atBoundary, atNonBoundary:
			n.Assert = WordBoundary
			if it.at == atNonBoundary {
				n.Assert = NotWordBoundary
			}
			n.Class = c.category(catWord, flags)
			if flags&pyU != 0 {
				n.Class = pyWordCompact(false)
			}
			if it.at == atNonBoundary {
				// sre: \B never matches in an empty string.
				any := &Class{Ranges: []RuneRange{{0, MaxRune}}}
				nonEmpty := &Node{Op: OpAlternate, Pos: pos, Sub: []*Node{
					{Op: OpLook, Pos: pos, Sub: []*Node{{Op: OpClass, Class: any, Pos: pos}}},
					{Op: OpLook, Behind: true, Pos: pos, Sub: []*Node{{Op: OpClass, Class: any, Pos: pos}}},
				}}
				return &Node{Op: OpConcat, Pos: pos, Sub: []*Node{nonEmpty, n}}, nil
			}
		}
		return n, nil
	case pyBranch:
		n := &Node{Op: OpAlternate, Pos: pos}
		for _, b := range it.branches {
			s, err := c.compileSub(b, flags)
			if err != nil {
				return nil, err
			}
			n.Sub = append(n.Sub, s)
		}
		return n, nil
	case pySubpattern:
		s, err := c.compileSub(it.sub, combineFlags(flags, it.add, it.del))
		if err != nil {
			return nil, err
		}
		if it.group == 0 {
			return s, nil
		}
		return &Node{Op: OpCapture, Cap: it.group, Name: it.name, Sub: []*Node{s}, Pos: pos}, nil
	case pyAtomic:
		s, err := c.compileSub(it.sub, flags)
		if err != nil {
			return nil, err
		}
		return &Node{Op: OpAtomic, Sub: []*Node{s}, Pos: pos}, nil
	case pyRepeat:
		if flags&pyT != 0 {
			op := map[RepeatMode]string{Greedy: "MAX_REPEAT", Lazy: "MIN_REPEAT", Possessive: "POSSESSIVE_REPEAT"}[it.mode]
			return nil, &pyError{"internal: unsupported template operator " + op, -1}
		}
		if it.mode == Possessive && pyPossessiveBuggy(it.sub) {
			c.setUnsupported("possessive quantifier on a group holding an alternation, repetition, lookaround or atomic group (CPython 3.11.2 POSSESSIVE_REPEAT does not restore the position after a failed iteration)", pos)
		}
		s, err := c.compileSub(it.sub, flags)
		if err != nil {
			return nil, err
		}
		max := int(it.max)
		if it.max == pyMaxRepeat {
			max = -1
		} else if it.max > pyMaxCount {
			c.setUnsupported("repeat count above 2147483646", pos)
		}
		if it.min > pyMaxCount {
			c.setUnsupported("repeat count above 2147483646", pos)
		}
		return &Node{Op: OpRepeat, Min: int(it.min), Max: max, Mode: it.mode, Sub: []*Node{s}, Pos: pos}, nil
	case pyAssert:
		if it.behind {
			lo, hi := c.p.width(it.sub)
			if lo != hi {
				return nil, &pyError{"look-behind requires fixed-width pattern", -1}
			}
		}
		s, err := c.compileSub(it.sub, flags)
		if err != nil {
			return nil, err
		}
		return &Node{Op: OpLook, Behind: it.behind, Negate: it.neg, Sub: []*Node{s}, Pos: pos}, nil
	case pyGroupref:
		n := &Node{Op: OpBackref, Cap: it.group, Fold: flags&pyI != 0, Pos: pos}
		if n.Fold {
			if c.foldRefs == nil {
				c.foldRefs = map[*Node]uint16{}
			}
			c.foldRefs[n] = flags
		}
		return n, nil
	case pyGroupExists:
		yes, err := c.compileSub(it.yes, flags)
		if err != nil {
			return nil, err
		}
		n := &Node{Op: OpCond, Cap: it.group, Sub: []*Node{yes}, Pos: pos}
		if it.no != nil {
			no, err := c.compileSub(it.no, flags)
			if err != nil {
				return nil, err
			}
			n.Sub = append(n.Sub, no)
		}
		return n, nil
	}
	panic("regex: python: unknown op")
}

// pyPossessiveBuggy reports whether a possessive repeat of s runs into
// CPython 3.11.2's POSSESSIVE_REPEAT bug: when an iteration fails, the
// input position is left wherever the failed body last set it instead of
// being restored (later 3.11 releases fixed this). Only bodies with an op
// that moves the position before failing trigger it: BRANCH, any repeat,
// ASSERT/ASSERT_NOT and ATOMIC_GROUP. Measured with python3 by comparing
// X(?:B)*+Y with X(?>(?:B)*)Y over random bodies.
func pyPossessiveBuggy(s *pySub) bool {
	for _, it := range s.items {
		switch it.op {
		case pyBranch, pyRepeat, pyAssert, pyAtomic:
			return true
		case pySubpattern:
			if pyPossessiveBuggy(it.sub) {
				return true
			}
		case pyGroupExists:
			if pyPossessiveBuggy(it.yes) || it.no != nil && pyPossessiveBuggy(it.no) {
				return true
			}
		}
	}
	return false
}

func (c *pyCompiler) setUnsupported(construct string, pos int) {
	if c.unsupported == nil {
		c.unsupported = &Error{Dialect: Python, Code: ErrUnsupported, Construct: construct, Offset: pos}
	}
}

// ---- Unicode tables (Python 3.11 = Unicode 14.0) ----

// pyNew15 are the code points Go's Unicode 15 tables class as letters or
// numbers that are unassigned in Python 3.11's Unicode 14 (verified over
// every code point with python3, see TestPythonUnicodeTables).
var pyNew15 = []RuneRange{
	{0x1123f, 0x11240},
	{0x11f02, 0x11f02},
	{0x11f04, 0x11f10},
	{0x11f12, 0x11f33},
	{0x11f50, 0x11f59},
	{0x1342f, 0x1342f},
	{0x13441, 0x13446},
	{0x1b132, 0x1b132},
	{0x1b155, 0x1b155},
	{0x1d2c0, 0x1d2d3},
	{0x1df25, 0x1df2a},
	{0x1e030, 0x1e06d},
	{0x1e4d0, 0x1e4eb},
	{0x1e4f0, 0x1e4f9},
	{0x2b739, 0x2b739},
	{0x31350, 0x323af},
}

// pySpaceRanges is Python's str.isspace set (\s for str patterns).
var pySpaceRanges = []RuneRange{
	{9, 13}, {28, 32}, {0x85, 0x85}, {0xa0, 0xa0}, {0x1680, 0x1680}, {0x2000, 0x200a},
	{0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000},
}

// pyCasefix is re._casefix._EXTRA_CASES: lower-case code point → other
// lower-case code points with the same upper case (0 = none).
var pyCasefix = [][3]rune{
	{0x69, 0x131, 0},
	{0x73, 0x17f, 0},
	{0xb5, 0x3bc, 0},
	{0x131, 0x69, 0},
	{0x17f, 0x73, 0},
	{0x345, 0x3b9, 0x1fbe},
	{0x390, 0x1fd3, 0},
	{0x3b0, 0x1fe3, 0},
	{0x3b2, 0x3d0, 0},
	{0x3b5, 0x3f5, 0},
	{0x3b8, 0x3d1, 0},
	{0x3b9, 0x345, 0x1fbe},
	{0x3ba, 0x3f0, 0},
	{0x3bc, 0xb5, 0},
	{0x3c0, 0x3d6, 0},
	{0x3c1, 0x3f1, 0},
	{0x3c2, 0x3c3, 0},
	{0x3c3, 0x3c2, 0},
	{0x3c6, 0x3d5, 0},
	{0x3d0, 0x3b2, 0},
	{0x3d1, 0x3b8, 0},
	{0x3d5, 0x3c6, 0},
	{0x3d6, 0x3c0, 0},
	{0x3f0, 0x3ba, 0},
	{0x3f1, 0x3c1, 0},
	{0x3f5, 0x3b5, 0},
	{0x432, 0x1c80, 0},
	{0x434, 0x1c81, 0},
	{0x43e, 0x1c82, 0},
	{0x441, 0x1c83, 0},
	{0x442, 0x1c84, 0x1c85},
	{0x44a, 0x1c86, 0},
	{0x463, 0x1c87, 0},
	{0x1c80, 0x432, 0},
	{0x1c81, 0x434, 0},
	{0x1c82, 0x43e, 0},
	{0x1c83, 0x441, 0},
	{0x1c84, 0x442, 0x1c85},
	{0x1c85, 0x442, 0x1c84},
	{0x1c86, 0x44a, 0},
	{0x1c87, 0x463, 0},
	{0x1c88, 0xa64b, 0},
	{0x1e61, 0x1e9b, 0},
	{0x1e9b, 0x1e61, 0},
	{0x1fbe, 0x345, 0x3b9},
	{0x1fd3, 0x390, 0},
	{0x1fe3, 0x3b0, 0},
	{0xa64b, 0x1c88, 0},
	{0xfb05, 0xfb06, 0},
	{0xfb06, 0xfb05, 0},
}

func inRanges(rs []RuneRange, r rune) bool {
	for _, x := range rs {
		if r >= x.Lo && r <= x.Hi {
			return true
		}
	}
	return false
}

func pyFixes(lo rune) []rune {
	for i := range pyCasefix {
		if f := &pyCasefix[i]; f[0] == lo {
			if f[2] != 0 {
				return f[1:3]
			}
			return f[1:2]
		}
	}
	return nil
}

// pyLower is _sre.unicode_tolower (simple lower-case mapping), or
// _sre.ascii_tolower without the UNICODE flag.
func pyLower(r rune, flags uint16) rune {
	if flags&pyU == 0 {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// pyIsCased is _sre.unicode_iscased / ascii_iscased.
func pyIsCased(r rune, flags uint16) bool {
	if flags&pyU == 0 {
		return r < 128 && isASCIILetter(r)
	}
	if unicode.ToLower(r) != r || unicode.ToUpper(r) != r {
		return true
	}
	for _, x := range pyExtraCased {
		if x == r {
			return true
		}
	}
	return false
}

// pyExtraCased are the characters _sre.unicode_iscased calls cased although
// their simple case mappings are the identity: CPython's upper() for a
// character with a special (multi-character) upper case mapping is the
// first character of it (ß → S). Measured over every code point.
var pyExtraCased = []rune{
	0xdf, 0x149, 0x1f0, 0x390, 0x3b0, 0x587, 0x1e96, 0x1e97, 0x1e98, 0x1e99, 0x1e9a, 0x1f50, 0x1f52, 0x1f54,
	0x1f56, 0x1fb2, 0x1fb4, 0x1fb6, 0x1fb7, 0x1fc2, 0x1fc4, 0x1fc6, 0x1fc7, 0x1fd2, 0x1fd3, 0x1fd6, 0x1fd7,
	0x1fe2, 0x1fe3, 0x1fe4, 0x1fe6, 0x1fe7, 0x1ff2, 0x1ff4, 0x1ff6, 0x1ff7, 0xfb00, 0xfb01, 0xfb02, 0xfb03,
	0xfb04, 0xfb05, 0xfb06, 0xfb13, 0xfb14, 0xfb15, 0xfb16, 0xfb17,
}

// caseTables holds every code point whose simple lower (or upper) case
// mapping is not itself, from Go's case tables (identical to Python 3.11's,
// verified).
type caseTables struct {
	lower [][2]rune // d, lower(d)
	upper [][2]rune // d, upper(d)
}

var pyCaseTables = sync.OnceValue(func() *caseTables {
	t := &caseTables{}
	for _, cr := range unicode.CaseRanges {
		for r := rune(cr.Lo); r <= rune(cr.Hi); r++ {
			if l := unicode.ToLower(r); l != r {
				t.lower = append(t.lower, [2]rune{r, l})
			}
			if u := unicode.ToUpper(r); u != r {
				t.upper = append(t.upper, [2]rune{r, u})
			}
		}
	}
	return t
})

// preimageLower returns {d : lower(d) ∈ x} for x given as sorted ranges.
func preimageLower(x []RuneRange, flags uint16) []RuneRange {
	var pairs [][2]rune
	if flags&pyU == 0 {
		for r := rune('A'); r <= 'Z'; r++ {
			pairs = append(pairs, [2]rune{r, r + 'a' - 'A'})
		}
	} else {
		pairs = pyCaseTables().lower
	}
	xc := &Class{Ranges: x}
	var add, remove []RuneRange
	for _, pr := range pairs {
		in := xc.Contains(pr[0])
		want := xc.Contains(pr[1])
		if in && !want {
			remove = append(remove, RuneRange{pr[0], pr[0]})
		} else if !in && want {
			add = append(add, RuneRange{pr[0], pr[0]})
		}
	}
	out := normalizeRanges(append(append([]RuneRange{}, x...), add...))
	if len(remove) > 0 {
		out = subtractRanges(out, normalizeRanges(remove))
	}
	return out
}

// subtractRanges returns a \ b for sorted, normalized range lists.
func subtractRanges(a, b []RuneRange) []RuneRange {
	if len(b) == 0 {
		return a
	}
	return intersectRanges(a, complementRanges(b, MaxRune))
}

func intersectRanges(a, b []RuneRange) []RuneRange {
	var out []RuneRange
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo := a[i].Lo
		if b[j].Lo > lo {
			lo = b[j].Lo
		}
		hi := a[i].Hi
		if b[j].Hi < hi {
			hi = b[j].Hi
		}
		if lo <= hi {
			out = append(out, RuneRange{lo, hi})
		}
		if a[i].Hi < b[j].Hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// literalFold is the set a cased literal matches under IGNORECASE:
// LITERAL_UNI_IGNORE (lower(d) == lower(c)), or IN_UNI_IGNORE over
// lower(c) and its _casefix partners, or LITERAL_IGNORE in ASCII mode.
func (c *pyCompiler) literalFold(r rune, flags uint16) *Class {
	lo := pyLower(r, flags)
	x := []RuneRange{{lo, lo}}
	if flags&pyU != 0 {
		for _, k := range pyFixes(lo) {
			x = append(x, RuneRange{k, k})
		}
	}
	return &Class{Ranges: preimageLower(normalizeRanges(x), flags)}
}

// category returns the materialized set of a category under flags.
func (c *pyCompiler) category(cat pyCat, flags uint16) *Class {
	key := uint32(cat)
	if flags&pyU != 0 {
		key |= 0x100
	}
	if cl, ok := c.cache[key]; ok {
		return cl
	}
	var rs []RuneRange
	uni := flags&pyU != 0
	switch cat {
	case catDigit, catNotDigit:
		if uni {
			rs = subtractRanges((&Class{Props: []Prop{{Name: "Nd"}}}).Materialize(MaxRune).Ranges, normalizeRanges(append([]RuneRange{}, pyNew15...)))
		} else {
			rs = []RuneRange{{'0', '9'}}
		}
	case catSpace, catNotSpace:
		if uni {
			rs = append([]RuneRange{}, pySpaceRanges...)
		} else {
			rs = []RuneRange{{9, 13}, {' ', ' '}}
		}
	case catWord, catNotWord:
		if uni {
			w := (&Class{Props: []Prop{{Name: "L"}, {Name: "N"}}, Ranges: []RuneRange{{'_', '_'}}}).Materialize(MaxRune).Ranges
			rs = subtractRanges(w, normalizeRanges(append([]RuneRange{}, pyNew15...)))
		} else {
			rs = []RuneRange{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
		}
	}
	if cat == catNotDigit || cat == catNotSpace || cat == catNotWord {
		rs = complementRanges(rs, MaxRune)
	}
	cl := &Class{Ranges: rs}
	if c.cache == nil {
		c.cache = map[uint32]*Class{}
	}
	c.cache[key] = cl
	return cl
}

// pyWordCompact is Unicode \w written with few items so that regexp2
// compiles it quickly: the complement of every other general category (Go's
// C includes Cn), of the connector punctuation except '_', and of the
// letters and numbers Unicode 15 added. Its materialization equals
// category(catWord) (checked in TestPythonUnicodeTables).
func pyWordCompact(neg bool) *Class {
	cl := &Class{Neg: !neg}
	for _, p := range []string{"M", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Z", "C"} {
		cl.Props = append(cl.Props, Prop{Name: p})
	}
	cl.Ranges = append(cl.Ranges, (&Class{Props: []Prop{{Name: "Pc"}}}).Materialize(MaxRune).Ranges...)
	cl.Ranges = append(cl.Ranges, pyNew15...)
	cl.Ranges = subtractRanges(normalizeRanges(cl.Ranges), []RuneRange{{'_', '_'}})
	return cl
}

// charset computes the exact set an IN item matches: _optimize_charset,
// then IN or IN_UNI_IGNORE/IN_IGNORE matching (the charset is tested on
// lower(d) when the set has a cased member).
func (c *pyCompiler) charset(set []pySetItem, neg bool, flags uint16) *Class {
	// A lone category: never case-folded (IN, not IN_UNI_IGNORE).
	if len(set) == 1 && set[0].op == setCategory && flags&pyU != 0 {
		switch set[0].cat {
		case catWord:
			return pyWordCompact(neg)
		case catNotWord:
			return pyWordCompact(!neg)
		}
	}
	var x []RuneRange
	if flags&pyI == 0 {
		for _, s := range set {
			switch s.op {
			case setLiteral:
				x = append(x, RuneRange{s.lo, s.lo})
			case setRange:
				x = append(x, RuneRange{s.lo, s.hi})
			case setCategory:
				x = append(x, c.category(s.cat, flags).Ranges...)
			}
		}
		x = normalizeRanges(x)
		if neg {
			x = complementRanges(x, MaxRune)
		}
		return &Class{Ranges: x}
	}
	uni := flags&pyU != 0
	hascased := false
	var bmp []RuneRange // charmap members
	addBMP := func(r rune) {
		bmp = append(bmp, RuneRange{r, r})
		if uni {
			for _, k := range pyFixes(r) {
				bmp = append(bmp, RuneRange{k, k})
			}
		}
	}
	var tail []RuneRange
	for _, s := range set {
		switch s.op {
		case setLiteral:
			lo := pyLower(s.lo, flags)
			if lo < pyBMP {
				addBMP(lo)
				if pyIsCased(s.lo, flags) {
					hascased = true
				}
			} else {
				hascased = true
				tail = append(tail, RuneRange{s.lo, s.lo})
			}
		case setRange:
			overflow := false
			// Characters with lower(r) != r are few; map only those.
			for r := s.lo; r <= s.hi; r++ {
				if r >= pyBMP {
					overflow = true
					break
				}
				l := pyLower(r, flags)
				if l == r && (!uni || pyFixes(r) == nil) {
					// Fast path: skip runs that map to themselves.
					continue
				}
				addBMP(l)
			}
			// Unchanged members of the BMP part.
			hi := s.hi
			if hi >= pyBMP {
				hi = pyBMP - 1
			}
			if s.lo <= hi {
				bmp = append(bmp, c.selfLowerIn(s.lo, hi, flags)...)
			}
			if overflow {
				hascased = true
				tail = append(tail, c.rangeUniIgnore(s.lo, s.hi)...)
			} else if !hascased {
				hascased = c.anyCased(s.lo, s.hi, flags)
			}
		case setCategory:
			tail = append(tail, c.category(s.cat, flags).Ranges...)
		}
	}
	x = normalizeRanges(append(bmp, tail...))
	if hascased {
		x = preimageLower(x, flags)
	}
	if neg {
		x = complementRanges(x, MaxRune)
	}
	return &Class{Ranges: x}
}

// selfLowerIn returns the members r of lo..hi with lower(r) == r, as ranges.
func (c *pyCompiler) selfLowerIn(lo, hi rune, flags uint16) []RuneRange {
	var pairs [][2]rune
	if flags&pyU == 0 {
		for r := rune('A'); r <= 'Z'; r++ {
			pairs = append(pairs, [2]rune{r, r + 'a' - 'A'})
		}
	} else {
		pairs = pyCaseTables().lower
	}
	var remove []RuneRange
	for _, pr := range pairs {
		if pr[0] >= lo && pr[0] <= hi {
			remove = append(remove, RuneRange{pr[0], pr[0]})
		}
	}
	return subtractRanges([]RuneRange{{lo, hi}}, normalizeRanges(remove))
}

// rangeUniIgnore is RANGE_UNI_IGNORE lo..hi: x in lo..hi or upper(x) in lo..hi.
func (c *pyCompiler) rangeUniIgnore(lo, hi rune) []RuneRange {
	out := []RuneRange{{lo, hi}}
	for _, pr := range pyCaseTables().upper {
		if pr[1] >= lo && pr[1] <= hi {
			out = append(out, RuneRange{pr[0], pr[0]})
		}
	}
	return out
}

func (c *pyCompiler) anyCased(lo, hi rune, flags uint16) bool {
	if flags&pyU == 0 {
		return lo <= 'z' && hi >= 'A' && !(hi < 'a' && lo > 'Z')
	}
	for _, x := range pyExtraCased {
		if x >= lo && x <= hi {
			return true
		}
	}
	t := pyCaseTables()
	for _, pr := range t.lower {
		if pr[0] >= lo && pr[0] <= hi {
			return true
		}
	}
	for _, pr := range t.upper {
		if pr[0] >= lo && pr[0] <= hi {
			return true
		}
	}
	return false
}
