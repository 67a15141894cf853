package regex

import (
	"strconv"
	"strings"
	"unicode"
)

// This file is the PCRE2 10.42 parser for byte mode (no PCRE2_UTF, no
// PCRE2_UCP), as Postfix's pcre: tables use it. It follows the structure of
// PCRE2's own parse_regex(): one left-to-right pass that resolves every
// option into the tree and reports syntax errors with PCRE2's error number,
// message and offset; then the lookbehind length check (check_lookbehinds);
// then the checks PCRE2 makes while compiling (references to groups that do
// not exist, conditional groups with too many branches), in pattern order.

// PCRE2 compile error numbers (as pcre2test prints them) and their texts.
const (
	pcreErrEndBackslash     = 101
	pcreErrEndBackslashC    = 102
	pcreErrUnknownEscape    = 103
	pcreErrQuantOrder       = 104
	pcreErrQuantTooBig      = 105
	pcreErrMissingBracket   = 106
	pcreErrClassEscape      = 107
	pcreErrRangeOrder       = 108
	pcreErrNothingToRepeat  = 109
	pcreErrBadOption        = 111
	pcreErrPosixOutside     = 112
	pcreErrPosixCollating   = 113
	pcreErrMissingParen     = 114
	pcreErrNoSubpattern     = 115
	pcreErrCommentParen     = 118
	pcreErrUnmatchedParen   = 122
	pcreErrCondParen        = 124
	pcreErrLookbehindFixed  = 125
	pcreErrRelativeZero     = 126
	pcreErrCondBranches     = 127
	pcreErrAssertExpected   = 128
	pcreErrPosixName        = 130
	pcreErrCodeTooBig       = 134
	pcreErrUnsupportedEsc   = 137
	pcreErrCalloutNumber    = 138
	pcreErrCalloutParen     = 139
	pcreErrAfterP           = 141
	pcreErrNameSyntax       = 142
	pcreErrDupName          = 143
	pcreErrNameDigit        = 144
	pcreErrNameTooLong      = 148
	pcreErrInvalidRange     = 150
	pcreErrOctalTooBig      = 151
	pcreErrOBrace           = 155
	pcreErrBadG             = 157
	pcreErrRecurseParen     = 158
	pcreErrVerb             = 160
	pcreErrGroupNumTooBig   = 161
	pcreErrNameExpected     = 162
	pcreErrNonOctal         = 164
	pcreErrNonHex           = 167
	pcreErrBadC             = 168
	pcreErrBadK             = 169
	pcreErrNInClass         = 171
	pcreErrNoDigits         = 178
	pcreErrNUPlus           = 193
	pcreErrHyphen           = 194
	pcreErrAlphaAssert      = 195
	pcreErrLookbehindTooBig = 187
	pcreErrCalloutDelim     = 181
	pcreErrCalloutString    = 182
	pcreErrDigitExpected    = 129
	pcreErrBadProp          = 146
	pcreErrUnknownProp      = 147
	pcreErrMarkArg          = 166
	pcreErrBSKInLook        = 199
	pcreErrDefineBranches   = 154
	pcreErrNameNumber       = 165
)

var pcreMessages = map[int]string{
	pcreErrEndBackslash:     `\ at end of pattern`,
	pcreErrEndBackslashC:    `\c at end of pattern`,
	pcreErrUnknownEscape:    `unrecognized character follows \`,
	pcreErrQuantOrder:       `numbers out of order in {} quantifier`,
	pcreErrQuantTooBig:      `number too big in {} quantifier`,
	pcreErrMissingBracket:   `missing terminating ] for character class`,
	pcreErrClassEscape:      `escape sequence is invalid in character class`,
	pcreErrRangeOrder:       `range out of order in character class`,
	pcreErrNothingToRepeat:  `quantifier does not follow a repeatable item`,
	pcreErrBadOption:        `unrecognized character after (? or (?-`,
	pcreErrPosixOutside:     `POSIX named classes are supported only within a class`,
	pcreErrPosixCollating:   `POSIX collating elements are not supported`,
	pcreErrMissingParen:     `missing closing parenthesis`,
	pcreErrNoSubpattern:     `reference to non-existent subpattern`,
	pcreErrCommentParen:     `missing ) after (?# comment`,
	pcreErrUnmatchedParen:   `unmatched closing parenthesis`,
	pcreErrCondParen:        `missing closing parenthesis for condition`,
	pcreErrLookbehindFixed:  `lookbehind assertion is not fixed length`,
	pcreErrRelativeZero:     `a relative value of zero is not allowed`,
	pcreErrCondBranches:     `conditional subpattern contains more than two branches`,
	pcreErrAssertExpected:   `assertion expected after (?( or (?(?C)`,
	pcreErrPosixName:        `unknown POSIX class name`,
	pcreErrCodeTooBig:       `character code point value in \x{} or \o{} is too large`,
	pcreErrUnsupportedEsc:   `PCRE2 does not support \F, \L, \l, \N{name}, \U, or \u`,
	pcreErrCalloutNumber:    `number after (?C is greater than 255`,
	pcreErrCalloutParen:     `closing parenthesis for (?C expected`,
	pcreErrAfterP:           `unrecognized character after (?P`,
	pcreErrNameSyntax:       `syntax error in subpattern name (missing terminator?)`,
	pcreErrDupName:          `two named subpatterns have the same name (PCRE2_DUPNAMES not set)`,
	pcreErrNameDigit:        `subpattern name must start with a non-digit`,
	pcreErrNameTooLong:      `subpattern name is too long (maximum 32 code units)`,
	pcreErrInvalidRange:     `invalid range in character class`,
	pcreErrOctalTooBig:      `octal value is greater than \377 in 8-bit non-UTF-8 mode`,
	pcreErrOBrace:           `missing opening brace after \o`,
	pcreErrBadG:             `\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number`,
	pcreErrRecurseParen:     `(?R (recursive pattern call) must be followed by a closing parenthesis`,
	pcreErrDigitExpected:    `digit expected after (?+ or (?-`,
	pcreErrBadProp:          `malformed \P or \p sequence`,
	pcreErrUnknownProp:      `unknown property after \P or \p`,
	pcreErrMarkArg:          `(*MARK) must have an argument`,
	pcreErrBSKInLook:        `\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)`,
	pcreErrDefineBranches:   `DEFINE subpattern contains more than one branch`,
	pcreErrNameNumber:       `different names for subpatterns of the same number are not allowed`,
	pcreErrVerb:             `(*VERB) not recognized or malformed`,
	pcreErrGroupNumTooBig:   `subpattern number is too big`,
	pcreErrNameExpected:     `subpattern name expected`,
	pcreErrNonOctal:         `non-octal character in \o{} (closing brace missing?)`,
	pcreErrNonHex:           `non-hex character in \x{} (closing brace missing?)`,
	pcreErrBadC:             `\c must be followed by a printable ASCII character`,
	pcreErrBadK:             `\k is not followed by a braced, angle-bracketed, or quoted name`,
	pcreErrNInClass:         `\N is not supported in a class`,
	pcreErrNoDigits:         `digits missing in \x{} or \o{} or \N{U+}`,
	pcreErrNUPlus:           `\N{U+dddd} is supported only in Unicode (UTF) mode`,
	pcreErrHyphen:           `invalid hyphen in option setting`,
	pcreErrAlphaAssert:      `(*alpha_assertion) not recognized`,
	pcreErrLookbehindTooBig: `lookbehind assertion is too long`,
	pcreErrCalloutDelim:     `missing terminating delimiter for callout with string argument`,
	pcreErrCalloutString:    `unrecognized string delimiter follows (?C`,
}

const (
	pcreMaxRepeat   = 65535
	pcreMaxGroup    = 65535
	pcreMaxNameSize = 32
)

// pcreOpts are the options PCRE2 tracks while parsing; they change with
// inline settings and are restored at the end of a group.
type pcreOpts struct {
	caseless, multiline, dotall, extended, extMore, ungreedy, noAutoCap, dupNames bool
}

type pcreFrameKind uint8

const (
	pfTop pcreFrameKind = iota
	pfCapture
	pfGroup
	pfAtomic
	pfLook
	pfCond
)

// pcreFrame is an open group.
type pcreFrame struct {
	kind   pcreFrameKind
	pos    int // offset of the '('
	saved  pcreOpts
	alts   [][]*Node
	items  []*Node
	cap    int
	name   string
	behind bool
	negate bool
	// condition frames
	condNum    int      // numeric condition, resolved; 0 when by name or assertion
	condRef    *pcreRef // by-name condition (resolved at the end)
	condAssert bool     // the condition is the assertion that opens next
	cond       *Node    // the assertion condition once parsed
	condNode   *Node    // the OpCond node (filled when the group closes)
	isCondLook bool     // this lookaround is a condition assertion
	deferred   bool     // an unsupported condition (already recorded)
	errOff     int      // offset PCRE2 gives for "more than two branches"
	// (?| groups: every branch numbers its groups from resetBase
	define              bool // (?(DEFINE)
	branchReset         bool
	resetBase, resetMax int
}

// pcreRef is a reference to a group by number or name, resolved after the
// whole pattern is read, as PCRE2 does while compiling.
type pcreRef struct {
	node   *Node
	num    int
	name   string
	offset int
}

// pcreLate is one check PCRE2 makes during compilation, kept in pattern order.
type pcreLate struct {
	ref      *pcreRef   // reference to resolve
	cond     *pcreFrame // conditional whose branches to count
	define   *pcreFrame // (?(DEFINE) group with more than one branch
	bsk      bool       // \K inside a lookaround
	branches int
}

type pcreParser struct {
	src         string
	pos         int
	opts        pcreOpts
	dollarEnd   bool
	bsrCRLF     bool // (*BSR_ANYCRLF)
	ncap        int
	names       map[string]int
	late        []*pcreLate
	looks       []*Node        // lookbehinds, in pattern order
	acceptNodes map[*Node]bool // placeholders of (*ACCEPT)
	inLook      int            // lookarounds open at the current position
	capEnd      map[int]int    // offset after each capture group's ')'
	condAlts    map[*Node]int  // assertion conditionals: number of branches
	defines     map[*Node]bool // (?(DEFINE) groups
	smallRefs   map[int]int    // first offset of each \1…\9
	capNodes    map[int]*Node  // closed capture groups by number
	lengthBusy  map[int]bool   // groups whose length is being computed
	backrefs    map[*Node]*pcreRef
	// recursions are the placeholders of subroutine calls
	recursions map[*Node]*pcreRef
	// deferred is the first construct PCRE2 accepts but we cannot
	// reproduce. Parsing goes on after it, so that a pattern PCRE2 rejects
	// still gets PCRE2's error; deferred is returned only if none comes.
	deferred *Error
}

// addBackref records a back reference to be resolved later.
func (p *pcreParser) addBackref(r *pcreRef) {
	if p.backrefs == nil {
		p.backrefs = map[*Node]*pcreRef{}
	}
	p.backrefs[r.node] = r
	p.late = append(p.late, &pcreLate{ref: r})
}

// addRecursion records a subroutine call (unsupported, but its group must
// exist for PCRE2 to accept the pattern).
func (p *pcreParser) addRecursion(r *pcreRef) {
	if p.recursions == nil {
		p.recursions = map[*Node]*pcreRef{}
	}
	p.recursions[r.node] = r
	p.late = append(p.late, &pcreLate{ref: r})
}

func mapAdd(m map[*Node]*pcreRef, n *Node, r *pcreRef) map[*Node]*pcreRef {
	if m == nil {
		m = map[*Node]*pcreRef{}
	}
	m[n] = r
	return m
}

// defer records an unsupported construct and lets parsing continue.
func (p *pcreParser) deferUnsupported(construct string, off int) {
	if p.deferred == nil {
		p.deferred = &Error{Dialect: PCRE2, Code: ErrUnsupported, Offset: off, Construct: construct}
	}
}

func (p *pcreParser) errAt(code, off int) error {
	return &Error{Dialect: PCRE2, Code: ErrInvalid, Offset: off, SourceNum: code, Msg: pcreMessages[code]}
}

func (p *pcreParser) unsupported(construct string, off int) error {
	return &Error{Dialect: PCRE2, Code: ErrUnsupported, Offset: off, Construct: construct}
}

// parsePCRE parses a PCRE2 10.42 byte-mode pattern compiled with flags.
func parsePCRE(pattern string, flags Flags) (*Tree, error) {
	p := &pcreParser{src: pattern, names: map[string]int{}, smallRefs: map[int]int{}, capNodes: map[int]*Node{}}
	if bad := flags &^ (Caseless | Multiline | DotAll | Extended | Anchored | DollarEndOnly | Ungreedy); bad != 0 {
		return nil, p.unsupported("compile flag "+strconv.Itoa(int(bad))+" (not a PCRE2 option)", 0)
	}
	p.opts = pcreOpts{
		caseless:  flags&Caseless != 0,
		multiline: flags&Multiline != 0,
		dotall:    flags&DotAll != 0,
		extended:  flags&Extended != 0,
		ungreedy:  flags&Ungreedy != 0,
	}
	p.dollarEnd = flags&DollarEndOnly != 0
	if err := p.startVerbs(); err != nil {
		return nil, err
	}
	root, err := p.parseRegex()
	if err != nil {
		return nil, err
	}
	if err := p.checkLookbehinds(); err != nil {
		return nil, err
	}
	for _, l := range p.late {
		if err := p.runLate(l); err != nil {
			return nil, err
		}
	}
	if p.deferred != nil {
		return nil, p.deferred
	}
	if err := p.checkEmptyIterations(root); err != nil {
		return nil, err
	}
	if err := p.checkSelfReferences(root, map[int]bool{}, false); err != nil {
		return nil, err
	}
	if pcreSize(root) > pcreSizeLimit {
		return nil, p.unsupported("pattern too large to be sure PCRE2 accepts it (error 120 risk)", 0)
	}
	if flags&Anchored != 0 {
		root = &Node{Op: OpConcat, Sub: []*Node{{Op: OpAssert, Assert: BeginText}, root}}
	}
	return &Tree{Root: root, NCap: p.ncap, Names: p.names}, nil
}

// startVerbs handles the option-setting verbs PCRE2 accepts at the very
// start of a pattern.
func (p *pcreParser) startVerbs() error {
	type pso struct {
		name string
		kind byte // 's' strip, 'u' unsupported, 'l' limit, 'b' bsr anycrlf, 'B' bsr unicode
	}
	list := []pso{
		{"UTF8)", 'u'}, {"UTF)", 'u'}, {"UCP)", 'u'}, {"NOTEMPTY)", 'u'}, {"NOTEMPTY_ATSTART)", 'u'},
		{"NO_AUTO_POSSESS)", 's'}, {"NO_DOTSTAR_ANCHOR)", 's'}, {"NO_JIT)", 's'}, {"NO_START_OPT)", 's'},
		{"LIMIT_HEAP=", 'l'}, {"LIMIT_MATCH=", 'l'}, {"LIMIT_DEPTH=", 'l'}, {"LIMIT_RECURSION=", 'l'},
		{"CR)", 'u'}, {"LF)", 's'}, {"CRLF)", 'u'}, {"ANY)", 'u'}, {"NUL)", 'u'}, {"ANYCRLF)", 'u'},
		{"BSR_ANYCRLF)", 'b'}, {"BSR_UNICODE)", 'B'},
	}
	s := p.src
	for len(s)-p.pos >= 2 && s[p.pos] == '(' && s[p.pos+1] == '*' {
		found := false
		for _, v := range list {
			if !strings.HasPrefix(s[p.pos+2:], v.name) {
				continue
			}
			found = true
			start := p.pos
			p.pos += 2 + len(v.name)
			switch v.kind {
			case 'u':
				return p.unsupported("(*"+strings.TrimSuffix(v.name, ")")+")", start)
			case 'b':
				p.bsrCRLF = true
			case 'B':
				p.bsrCRLF = false
			case 'l':
				pp := p.pos
				if pp >= len(s) || !isDigit(s[pp]) {
					return p.errAt(pcreErrVerb, p.pos)
				}
				for pp < len(s) && isDigit(s[pp]) {
					pp++
				}
				if pp >= len(s) || s[pp] != ')' {
					return p.errAt(pcreErrVerb, pp+1)
				}
				p.pos = pp + 1
			}
			break
		}
		if !found {
			break
		}
	}
	return nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isLetter(c byte) bool { return isLower(c) || isUpper(c) }
func isWordByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

// octalDigit returns the value of an octal digit, or -1.
func octalDigit(c byte) int {
	if c >= '0' && c <= '7' {
		return int(c - '0')
	}
	return -1
}

// bracedNumber reads the digits and closing brace of \o{…} or \x{…} (the
// opening brace is consumed), as PCRE2 does: leading zeros are free, a value
// above 0xFF is error 134 (byte mode) after skipping the remaining digits,
// and a missing brace is errNotDigit at PCRE2's offset.
func (p *pcreParser) bracedNumber(s string, digit func(byte) int, shift uint, errNotDigit int) (int, int) {
	if p.pos >= len(s) || s[p.pos] == '}' {
		return 0, pcreErrNoDigits
	}
	v := 0
	for p.pos < len(s) && digit(s[p.pos]) >= 0 {
		cc := digit(s[p.pos])
		p.pos++
		if v == 0 && cc == 0 {
			continue
		}
		v = v<<shift | cc
		if v > 0xff {
			for p.pos < len(s) && digit(s[p.pos]) >= 0 {
				p.pos++
			}
			return 0, pcreErrCodeTooBig
		}
	}
	if p.pos < len(s) && s[p.pos] == '}' {
		p.pos++
		return v, 0
	}
	if p.pos >= len(s) {
		p.pos--
	}
	return 0, errNotDigit
}

func isXDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// pcreSpace is PCRE2's ctype_space in the default (C locale) tables; with
// Unicode support compiled in, NEL (0x85) is also pattern white space.
func pcreSpace(c byte) bool {
	return c == ' ' || (c >= 9 && c <= 13)
}

// ---- byte sets ----

// bset is a set of bytes.
type bset [4]uint64

func (b *bset) add(c int)      { b[c>>6] |= 1 << (uint(c) & 63) }
func (b *bset) has(c int) bool { return b[c>>6]&(1<<(uint(c)&63)) != 0 }
func (b *bset) addRange(lo, hi int) {
	for c := lo; c <= hi; c++ {
		b.add(c)
	}
}
func (b *bset) or(o bset) {
	for i := range b {
		b[i] |= o[i]
	}
}
func (b bset) not() bset {
	for i := range b {
		b[i] = ^b[i]
	}
	return b
}

// fold adds the other case of every ASCII letter (byte mode folds nothing else).
func (b *bset) fold() {
	for c := 'A'; c <= 'Z'; c++ {
		if b.has(int(c)) || b.has(int(c+32)) {
			b.add(int(c))
			b.add(int(c + 32))
		}
	}
}

func (b bset) class() *Class {
	c := &Class{}
	for i := 0; i < 256; {
		if !b.has(i) {
			i++
			continue
		}
		j := i
		for j+1 < 256 && b.has(j+1) {
			j++
		}
		c.Ranges = append(c.Ranges, RuneRange{rune(i), rune(j)})
		i = j + 1
	}
	return c
}

func setOf(ranges ...int) bset {
	var b bset
	for i := 0; i+1 < len(ranges); i += 2 {
		b.addRange(ranges[i], ranges[i+1])
	}
	return b
}

var (
	pcreDigit    = setOf('0', '9')
	pcreWord     = setOf('0', '9', 'A', 'Z', 'a', 'z', '_', '_')
	pcreSpaceSet = setOf(9, 13, ' ', ' ')
	pcreHSpace   = setOf(9, 9, ' ', ' ', 0xa0, 0xa0)
	pcreVSpace   = setOf(10, 13, 0x85, 0x85)
)

// posixSet returns the set for a POSIX class name in PCRE2's default tables.
func posixSet(name string) (bset, bool) {
	switch name {
	case "alpha":
		return setOf('A', 'Z', 'a', 'z'), true
	case "lower":
		return setOf('a', 'z'), true
	case "upper":
		return setOf('A', 'Z'), true
	case "alnum":
		return setOf('0', '9', 'A', 'Z', 'a', 'z'), true
	case "ascii":
		return setOf(0, 127), true
	case "blank":
		return setOf(9, 9, ' ', ' '), true
	case "cntrl":
		return setOf(0, 31, 127, 127), true
	case "digit":
		return pcreDigit, true
	case "graph":
		return setOf(0x21, 0x7e), true
	case "print":
		return setOf(0x20, 0x7e), true
	case "punct":
		return setOf(0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e), true
	case "space":
		return pcreSpaceSet, true
	case "word":
		return pcreWord, true
	case "xdigit":
		return setOf('0', '9', 'A', 'F', 'a', 'f'), true
	}
	return bset{}, false
}

func classNode(b bset, pos int) *Node { return &Node{Op: OpClass, Class: b.class(), Pos: pos} }

func (p *pcreParser) literal(c byte, pos int) *Node {
	if p.opts.caseless && isLetter(c) {
		var b bset
		b.add(int(c))
		b.fold()
		return classNode(b, pos)
	}
	return &Node{Op: OpLiteral, Rune: rune(c), Pos: pos}
}

// ---- escapes ----

type escKind uint8

const (
	escChar    escKind = iota // a character (value in c)
	escBackref                // back reference to group c
	escType                   // a special escape; the letter in c
)

// readNumber is PCRE2's read_number(): an optionally signed decimal number.
// allowSign < 0 forbids a sign; otherwise it is the current group count and a
// signed number is made relative to it. ok=false with err=0 means no number.
func (p *pcreParser) readNumber(pos int, allowSign, maxValue, maxError int) (n, end int, ok bool, err int) {
	sign := 0
	s := p.src
	if allowSign >= 0 && pos < len(s) {
		if s[pos] == '+' {
			sign = 1
			maxValue -= allowSign
			pos++
		} else if s[pos] == '-' {
			sign = -1
			pos++
		}
	}
	if pos >= len(s) || !isDigit(s[pos]) {
		return 0, pos, false, 0
	}
	for pos < len(s) && isDigit(s[pos]) {
		n = n*10 + int(s[pos]-'0')
		pos++
		if n > maxValue {
			return n, pos, false, maxError
		}
	}
	if allowSign >= 0 && sign != 0 {
		if n == 0 {
			return n, pos, false, pcreErrRelativeZero
		}
		if sign > 0 {
			n += allowSign
		} else if n > allowSign {
			return n, pos, false, pcreErrNoSubpattern
		} else {
			n = allowSign + 1 - n
		}
	}
	return n, pos, true, 0
}

// readRepeat is PCRE2's read_repeat_counts(); pos is just after '{'.
func (p *pcreParser) readRepeat(pos int) (min, max, end int, ok bool, err int) {
	s := p.src
	comma := false
	i := pos
	for ; ; i++ {
		if i >= len(s) {
			return 0, 0, pos, false, 0
		}
		c := s[i]
		if isDigit(c) {
			continue
		}
		if c == '}' {
			break
		}
		if c != ',' || comma {
			return 0, 0, pos, false, 0
		}
		comma = true
	}
	min, i, ok, err = p.readNumber(pos, -1, pcreMaxRepeat, pcreErrQuantTooBig)
	if !ok {
		return 0, 0, i, false, err
	}
	if s[i] == '}' {
		return min, min, i + 1, true, 0
	}
	i++
	if s[i] == '}' {
		return min, -1, i + 1, true, 0
	}
	max, i, ok, err = p.readNumber(i, -1, pcreMaxRepeat, pcreErrQuantTooBig)
	if !ok {
		return 0, 0, i, false, err
	}
	if max < min {
		return 0, 0, i, false, pcreErrQuantOrder
	}
	return min, max, i + 1, true, 0
}

// escape is PCRE2's check_escape(); p.pos is just after the backslash and is
// left after the escape. On error it returns the error code with p.pos at
// PCRE2's error offset.
func (p *pcreParser) escape(inClass bool) (kind escKind, c int, err int) {
	s := p.src
	if p.pos >= len(s) {
		return escChar, 0, pcreErrEndBackslash
	}
	ch := s[p.pos]
	p.pos++
	switch ch {
	case 'a':
		return escChar, 7, 0
	case 'e':
		return escChar, 27, 0
	case 'f':
		return escChar, '\f', 0
	case 'n':
		return escChar, '\n', 0
	case 'r':
		return escChar, '\r', 0
	case 't':
		return escChar, '\t', 0
	case 'A', 'B', 'C', 'D', 'E', 'G', 'H', 'K', 'P', 'Q', 'R', 'S', 'V', 'W', 'X', 'Z',
		'b', 'd', 'h', 'k', 'p', 's', 'v', 'w', 'z':
		return escType, int(ch), 0
	case 'N':
		if p.pos < len(s) && s[p.pos] == '{' {
			q := p.pos + 1
			if len(s)-q > 1 && s[q] == 'U' && s[q+1] == '+' {
				return escType, 'N', pcreErrNUPlus
			}
			if _, _, _, ok, e := p.readRepeat(q); !ok {
				if e == 0 {
					e = pcreErrUnsupportedEsc
				}
				return escType, 'N', e
			}
		}
		return escType, 'N', 0
	case 'F', 'l', 'L', 'u', 'U':
		return escChar, 0, pcreErrUnsupportedEsc
	case 'g':
		if inClass {
			return escChar, 'g', 0
		}
		if p.pos >= len(s) {
			return escChar, 0, pcreErrBadG
		}
		if s[p.pos] == '<' || s[p.pos] == '\'' {
			return escType, 'g', 0
		}
		var n int
		if s[p.pos] == '{' {
			num, end, ok, e := p.readNumber(p.pos+1, p.ncap, pcreMaxGroup, pcreErrGroupNumTooBig)
			if !ok {
				if e == 0 {
					return escType, 'k', 0 // \g{name}: as \k{name}
				}
				return escChar, 0, e
			}
			if end >= len(s) || s[end] != '}' {
				return escChar, 0, pcreErrBadG
			}
			p.pos = end + 1
			n = num
		} else {
			num, end, ok, e := p.readNumber(p.pos, p.ncap, pcreMaxGroup, pcreErrGroupNumTooBig)
			if !ok {
				if e == 0 {
					e = pcreErrBadG
				} else {
					p.pos = end
				}
				return escChar, 0, e
			}
			p.pos = end
			n = num
		}
		if n <= 0 {
			return escChar, 0, pcreErrNoSubpattern
		}
		return escBackref, n, 0
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if !inClass {
			old := p.pos
			n, end, ok, _ := p.readNumber(p.pos-1, -1, pcreMaxGroup, 0)
			if ok && (n < 10 || ch >= '8' || n <= p.ncap) {
				p.pos = end
				return escBackref, n, 0
			}
			p.pos = old
		}
		if ch >= '8' {
			return escChar, int(ch), 0
		}
		fallthrough
	case '0':
		v := int(ch - '0')
		for i := 0; i < 2 && p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '7'; i++ {
			v = v*8 + int(s[p.pos]-'0')
			p.pos++
		}
		if v > 0xff {
			return escChar, 0, pcreErrOctalTooBig
		}
		return escChar, v, 0
	case 'o':
		if p.pos >= len(s) || s[p.pos] != '{' {
			if p.pos >= len(s) {
				p.pos--
			}
			return escChar, 0, pcreErrOBrace
		}
		p.pos++
		v, code := p.bracedNumber(s, octalDigit, 3, pcreErrNonOctal)
		return escChar, v, code
	case 'x':
		if p.pos < len(s) && s[p.pos] == '{' {
			p.pos++
			v, code := p.bracedNumber(s, isXDigit, 4, pcreErrNonHex)
			return escChar, v, code
		}
		v := 0
		for i := 0; i < 2 && p.pos < len(s) && isXDigit(s[p.pos]) >= 0; i++ {
			v = v<<4 | isXDigit(s[p.pos])
			p.pos++
		}
		return escChar, v, 0
	case 'c':
		if p.pos >= len(s) {
			return escChar, 0, pcreErrEndBackslashC
		}
		v := s[p.pos]
		if isLower(v) {
			v -= 32
		}
		if v < 32 || v > 126 {
			return escChar, 0, pcreErrBadC
		}
		p.pos++
		return escChar, int(v ^ 0x40), 0
	}
	if isLetter(ch) || isDigit(ch) {
		p.pos--
		return escChar, 0, pcreErrUnknownEscape
	}
	return escChar, int(ch), 0
}

// readName is PCRE2's read_name() for group names: pos is at the character
// before the name; the name must be followed by term (skipped).
func (p *pcreParser) readName(pos int, term byte) (name string, nameOff, end int, err int) {
	s := p.src
	pos++
	if pos >= len(s) {
		return "", pos, pos, pcreErrNameExpected
	}
	start := pos
	if isDigit(s[pos]) {
		return "", start, start, pcreErrNameDigit
	}
	for pos < len(s) && isWordByte(s[pos]) {
		pos++
	}
	if pos-start > pcreMaxNameSize {
		return "", start, pos, pcreErrNameTooLong
	}
	if pos == start {
		return "", start, pos, pcreErrNameExpected
	}
	if pos >= len(s) || s[pos] != term {
		return "", start, pos, pcreErrNameSyntax
	}
	return s[start:pos], start, pos + 1, 0
}

// readVerbName reads the name after "(*" (letters, digits, underscore).
func (p *pcreParser) readVerbName(pos int) (name string, end int) {
	s := p.src
	start := pos
	for pos < len(s) && isWordByte(s[pos]) {
		pos++
	}
	return s[start:pos], pos
}

// ---- main parse loop ----

func (f *pcreFrame) add(n *Node) { f.items = append(f.items, n) }

func (p *pcreParser) parseRegex() (*Node, error) {
	s := p.src
	stack := []*pcreFrame{{kind: pfTop}}
	cur := stack[0]
	okq := false
	var lastQ *Node
	inQ := false
	expectCond := 0
	push := func(f *pcreFrame) {
		if f.kind == pfLook {
			p.inLook++
		}
		f.saved = p.opts
		stack = append(stack, f)
		cur = f
	}
	nestErr := func() error {
		if len(stack) > pcreMaxNest {
			return p.unsupported("groups nested deeper than 200", p.pos)
		}
		return nil
	}
	for p.pos < len(s) {
		start := p.pos
		c := s[p.pos]
		p.pos++
		if inQ {
			if c == '\\' && p.pos < len(s) && s[p.pos] == 'E' {
				inQ = false
				p.pos++
				continue
			}
			if expectCond > 0 {
				return nil, p.errAt(pcreErrAssertExpected, start)
			}
			cur.add(p.literal(c, start))
			okq = true
			lastQ = nil
			continue
		}
		if c == '\\' && p.pos < len(s) && (s[p.pos] == 'Q' || s[p.pos] == 'E') {
			inQ = s[p.pos] == 'Q'
			p.pos++
			continue
		}
		if p.opts.extended {
			if pcreSpace(c) || c == 0x85 {
				continue
			}
			if c == '#' {
				for p.pos < len(s) {
					if s[p.pos] == '\n' {
						p.pos++
						break
					}
					p.pos++
				}
				continue
			}
		}
		if c == '(' && len(s)-p.pos >= 2 && s[p.pos] == '?' && s[p.pos+1] == '#' {
			p.pos++
			for p.pos++; p.pos < len(s) && s[p.pos] != ')'; p.pos++ {
			}
			if p.pos >= len(s) {
				return nil, p.errAt(pcreErrCommentParen, len(s))
			}
			p.pos++
			continue
		}
		if expectCond > 0 {
			ok := c == '(' && len(s)-p.pos >= 3 && (s[p.pos] == '?' || s[p.pos] == '*')
			if ok {
				if s[p.pos] == '*' {
					ok = isLower(s[p.pos+1])
				} else {
					switch s[p.pos+1] {
					case 'C':
						ok = expectCond == 2
					case '=', '!':
					case '<':
						ok = s[p.pos+2] == '=' || s[p.pos+2] == '!'
					default:
						ok = false
					}
				}
			}
			if !ok {
				return nil, p.errAt(pcreErrAssertExpected, start)
			}
		}
		prevExpectCond := expectCond
		expectCond = 0
		prevOK := okq
		prevQ := lastQ
		okq = false
		lastQ = nil
		if prevQ != nil && (c == '?' || c == '+') {
			if c == '+' {
				prevQ.Mode = Possessive
			} else if prevQ.Mode == Greedy {
				prevQ.Mode = Lazy
			} else {
				prevQ.Mode = Greedy
			}
			continue
		}

		switch c {
		default:
			cur.add(p.literal(c, start))
			okq = true

		case '\\':
			kind, v, e := p.escape(false)
			if e != 0 {
				return nil, p.errAt(e, p.pos)
			}
			switch kind {
			case escChar:
				cur.add(p.literal(byte(v), start))
				okq = true
			case escBackref:
				n := &Node{Op: OpBackref, Pos: start, Fold: p.opts.caseless}
				off := p.pos - 1
				if v < 10 {
					// PCRE2 reports \1…\9 at their first occurrence
					if first, ok := p.smallRefs[v]; ok {
						off = first
					} else {
						p.smallRefs[v] = off
					}
				}
				p.addBackref(&pcreRef{node: n, num: v, offset: off})
				cur.add(n)
				okq = true
			case escType:
				n, q, err := p.escapeNode(byte(v), start)
				if err != nil {
					return nil, err
				}
				if n != nil {
					cur.add(n)
				}
				okq = q
			}

		case '^':
			k := BeginText
			if p.opts.multiline {
				k = BeginLine
			}
			cur.add(&Node{Op: OpAssert, Assert: k, Pos: start})

		case '$':
			k := EndTextOptNewline
			if p.opts.multiline {
				k = EndLine
			} else if p.dollarEnd {
				k = EndText
			}
			cur.add(&Node{Op: OpAssert, Assert: k, Pos: start})

		case '.':
			b := setOf(0, 255)
			if !p.opts.dotall {
				b = setOf(0, 9, 11, 255)
			}
			cur.add(classNode(b, start))
			okq = true

		case '*', '+', '?', '{':
			min, max := 0, -1
			switch c {
			case '+':
				min = 1
			case '?':
				max = 1
			case '{':
				mn, mx, end, ok, e := p.readRepeat(p.pos)
				if e != 0 {
					return nil, p.errAt(e, end)
				}
				if !ok {
					cur.add(p.literal(c, start))
					okq = true
					continue
				}
				min, max = mn, mx
				p.pos = end
			}
			if !prevOK {
				return nil, p.errAt(pcreErrNothingToRepeat, p.pos-1)
			}
			if len(cur.items) == 0 {
				return nil, p.unsupported("quantified condition assertion", start)
			}
			item := cur.items[len(cur.items)-1]
			mode := Greedy
			if p.opts.ungreedy {
				mode = Lazy
			}
			rep := &Node{Op: OpRepeat, Min: min, Max: max, Mode: mode, Pos: start, Sub: []*Node{item}}
			cur.items[len(cur.items)-1] = rep
			lastQ = rep

		case '|':
			cur.alts = append(cur.alts, cur.items)
			cur.items = nil
			if cur.branchReset {
				if p.ncap > cur.resetMax {
					cur.resetMax = p.ncap
				}
				p.ncap = cur.resetBase
			}

		case '[':
			n, err := p.parseClass(start)
			if err != nil {
				return nil, err
			}
			if n.Op == OpConcat {
				// [[:<:]] and [[:>:]] are two items, \b and a lookaround;
				// a quantifier applies to the lookaround only.
				cur.items = append(cur.items, n.Sub...)
			} else {
				cur.add(n)
			}
			okq = true

		case ')':
			okq = true
			if len(stack) == 1 {
				return nil, p.errAt(pcreErrUnmatchedParen, start)
			}
			f := cur
			stack = stack[:len(stack)-1]
			cur = stack[len(stack)-1]
			if f.kind == pfLook {
				p.inLook--
			}
			if f.branchReset && f.resetMax > p.ncap {
				p.ncap = f.resetMax
			}
			p.opts = f.saved
			n, err := p.closeFrame(f)
			if err != nil {
				return nil, err
			}
			if f.isCondLook && cur.kind == pfCond && cur.condAssert && cur.cond == nil {
				cur.cond = n
				okq = false
				continue
			}
			cur.add(n)

		case '(':
			if err := nestErr(); err != nil {
				return nil, err
			}
			if p.pos >= len(s) {
				return nil, p.errAt(pcreErrMissingParen, len(s))
			}
			if s[p.pos] != '?' {
				if s[p.pos] != '*' {
					if p.opts.noAutoCap {
						push(&pcreFrame{kind: pfGroup, pos: start})
					} else {
						if p.ncap >= pcreMaxGroup {
							return nil, p.unsupported("more than 65535 groups", start)
						}
						p.ncap++
						push(&pcreFrame{kind: pfCapture, pos: start, cap: p.ncap})
					}
					continue
				}
				if len(s)-p.pos <= 1 || s[p.pos+1] == ')' {
					continue // "(*)": the '*' then has nothing to repeat
				}
				if isLower(s[p.pos+1]) {
					name, end := p.readVerbName(p.pos + 1)
					if end >= len(s) || s[end] != ':' {
						return nil, p.errAt(pcreErrAlphaAssert, end)
					}
					f := &pcreFrame{pos: start}
					switch name {
					case "pla", "positive_lookahead":
						f.kind = pfLook
					case "nla", "negative_lookahead":
						f.kind, f.negate = pfLook, true
					case "plb", "positive_lookbehind":
						f.kind, f.behind = pfLook, true
						f.pos = end - 3
					case "nlb", "negative_lookbehind":
						f.kind, f.behind, f.negate = pfLook, true, true
						f.pos = end - 3
					case "atomic":
						if prevExpectCond > 0 {
							return nil, p.errAt(pcreErrAssertExpected, end+1)
						}
						f.kind = pfAtomic
					case "napla", "non_atomic_positive_lookahead", "sr", "script_run", "asr", "atomic_script_run":
						p.deferUnsupported("(*"+name+":", start)
						f.kind = pfGroup
					case "naplb", "non_atomic_positive_lookbehind":
						p.deferUnsupported("(*"+name+":", start)
						f.kind, f.behind = pfLook, true
						f.pos = end - 3
					default:
						return nil, p.errAt(pcreErrAlphaAssert, end)
					}
					p.pos = end + 1
					f.isCondLook = prevExpectCond > 0
					push(f)
					continue
				}
				name, end := p.readVerbName(p.pos + 1)
				if end >= len(s) || (s[end] != ':' && s[end] != ')') {
					return nil, p.errAt(pcreErrVerb, end)
				}
				switch name {
				case "F", "FAIL":
					if s[end] != ')' {
						return nil, p.unsupported("(*"+name+":NAME)", start)
					}
					cur.add(&Node{Op: OpFail, Pos: start})
					p.pos = end + 1
					continue
				case "", "MARK", "ACCEPT", "COMMIT", "PRUNE", "SKIP", "THEN":
					if name == "" {
						name = "MARK"
					}
					if (name == "MARK") && s[end] == ')' {
						return nil, p.errAt(pcreErrMarkArg, end)
					}
					p.deferUnsupported("(*"+name+")", start)
					k := strings.IndexByte(s[end:], ')')
					if k < 0 {
						return nil, p.unsupported("(*"+name+")", start)
					}
					p.pos = end + k + 1
					vn := &Node{Op: OpEmpty, Pos: start}
					if name == "ACCEPT" {
						if p.acceptNodes == nil {
							p.acceptNodes = map[*Node]bool{}
						}
						p.acceptNodes[vn] = true
					}
					cur.add(vn)
					okq = name == "ACCEPT"
					continue
				}
				return nil, p.errAt(pcreErrVerb, end)
			}
			// "(?"
			p.pos++
			if p.pos >= len(s) {
				return nil, p.errAt(pcreErrMissingParen, len(s))
			}
			d := s[p.pos]
			switch {
			case d == '|':
				p.deferUnsupported("(?| branch reset", start)
				p.pos++
				push(&pcreFrame{kind: pfGroup, pos: start, branchReset: true, resetBase: p.ncap, resetMax: p.ncap})
			case d == '>':
				p.pos++
				push(&pcreFrame{kind: pfAtomic, pos: start})
			case d == '=' || d == '!':
				p.pos++
				push(&pcreFrame{kind: pfLook, pos: start, negate: d == '!', isCondLook: prevExpectCond > 0})
			case d == '*':
				p.deferUnsupported("(?* non-atomic lookahead", start)
				p.pos++
				push(&pcreFrame{kind: pfGroup, pos: start})
			case d == '<' && len(s)-p.pos > 1 && s[p.pos+1] == '*':
				p.deferUnsupported("(?<* non-atomic lookbehind", start)
				p.pos += 2
				push(&pcreFrame{kind: pfLook, pos: start, behind: true})
			case d == '<' && len(s)-p.pos > 1 && (s[p.pos+1] == '=' || s[p.pos+1] == '!'):
				p.pos += 2
				push(&pcreFrame{kind: pfLook, pos: start, behind: true, negate: s[p.pos-1] == '!', isCondLook: prevExpectCond > 0})
			case d == '<' || d == '\'':
				term := byte('>')
				if d == '\'' {
					term = '\''
				}
				if err := p.defineName(start, p.pos, term, push); err != nil {
					return nil, err
				}
			case d == 'P':
				p.pos++
				if p.pos >= len(s) {
					return nil, p.errAt(pcreErrMissingParen, len(s))
				}
				switch s[p.pos] {
				case '<':
					if err := p.defineName(start, p.pos, '>', push); err != nil {
						return nil, err
					}
				case '=':
					name, off, end, e := p.readName(p.pos, ')')
					if e != 0 {
						return nil, p.errAt(e, end)
					}
					n := &Node{Op: OpBackref, Pos: start, Fold: p.opts.caseless}
					p.addBackref(&pcreRef{node: n, name: name, offset: off})
					cur.add(n)
					okq = true
					p.pos = end
				case '>':
					p.deferUnsupported("(?P> subroutine call", start)
					name, off, end, e := p.readName(p.pos, ')')
					if e != 0 {
						return nil, p.errAt(e, end)
					}
					rn := &Node{Op: OpEmpty, Pos: start}
					p.addRecursion(&pcreRef{node: rn, name: name, offset: off})
					p.pos = end
					cur.add(rn)
					okq = true
				default:
					return nil, p.errAt(pcreErrAfterP, p.pos)
				}
			case d == 'R':
				p.deferUnsupported("(?R) recursion", start)
				p.pos++
				if p.pos >= len(s) || s[p.pos] != ')' {
					return nil, p.errAt(pcreErrRecurseParen, p.pos)
				}
				p.pos++
				rn := &Node{Op: OpEmpty, Pos: start}
				p.recursions = mapAdd(p.recursions, rn, &pcreRef{node: rn, num: 0})
				cur.add(rn)
				okq = true
			case d == '+' && (len(s)-p.pos < 2 || !isDigit(s[p.pos+1])):
				return nil, p.errAt(pcreErrDigitExpected, p.pos)
			case isDigit(d) || ((d == '+' || d == '-') && len(s)-p.pos > 1 && isDigit(s[p.pos+1])):
				p.deferUnsupported("(?N) subroutine call", start)
				allow := p.ncap
				if isDigit(d) {
					allow = -1
				}
				num, end, ok, e := p.readNumber(p.pos, allow, pcreMaxGroup, pcreErrGroupNumTooBig)
				if !ok {
					return nil, p.errAt(e, end)
				}
				p.pos = end
				rn := &Node{Op: OpEmpty, Pos: start}
				p.addRecursion(&pcreRef{node: rn, num: num, offset: end})
				if p.pos >= len(s) || s[p.pos] != ')' {
					return nil, p.errAt(pcreErrMissingParen, len(s))
				}
				p.pos++
				cur.add(rn)
				okq = true
			case d == '&':
				p.deferUnsupported("(?& subroutine call", start)
				name, off, end, e := p.readName(p.pos, ')')
				if e != 0 {
					return nil, p.errAt(e, end)
				}
				rn := &Node{Op: OpEmpty, Pos: start}
				p.addRecursion(&pcreRef{node: rn, name: name, offset: off})
				p.pos = end
				cur.add(rn)
				okq = true
			case d == 'C':
				expectCond = prevExpectCond - 1
				if err := p.callout(); err != nil {
					return nil, err
				}
			case d == '(':
				f, err := p.condition(start)
				if err != nil {
					return nil, err
				}
				push(f)
				if f.condAssert {
					expectCond = 2
				}
			default:
				o, group, err := p.options(start)
				if err != nil {
					return nil, err
				}
				if group {
					push(&pcreFrame{kind: pfGroup, pos: start})
				}
				p.opts = o
			}
		}
	}
	if len(stack) > 1 {
		return nil, p.errAt(pcreErrMissingParen, len(s))
	}
	cur.alts = append(cur.alts, cur.items)
	return altNode(cur.alts, 0), nil
}

// escapeNode turns a special escape (outside a class) into a node; q says
// whether a quantifier may follow it.
func (p *pcreParser) escapeNode(letter byte, start int) (n *Node, q bool, err error) {
	switch letter {
	case 'A':
		return &Node{Op: OpAssert, Assert: BeginText, Pos: start}, false, nil
	case 'z':
		return &Node{Op: OpAssert, Assert: EndText, Pos: start}, false, nil
	case 'Z':
		return &Node{Op: OpAssert, Assert: EndTextOptNewline, Pos: start}, false, nil
	case 'G':
		return &Node{Op: OpAssert, Assert: StartOfSearch, Pos: start}, false, nil
	case 'b':
		return &Node{Op: OpAssert, Assert: WordBoundary, Class: pcreWord.class(), Pos: start}, false, nil
	case 'B':
		return &Node{Op: OpAssert, Assert: NotWordBoundary, Class: pcreWord.class(), Pos: start}, false, nil
	case 'K':
		p.deferUnsupported(`\K`, start)
		if p.inLook > 0 {
			p.late = append(p.late, &pcreLate{bsk: true})
		}
		return nil, false, nil
	case 'X':
		p.deferUnsupported(`\X`, start)
		return classNode(setOf(0, 255), start), true, nil
	case 'p', 'P':
		set, err := p.property(letter == 'P', start)
		if err != nil {
			return nil, false, err
		}
		return classNode(set, start), true, nil
	case 'C':
		return classNode(setOf(0, 255), start), true, nil
	case 'N':
		return classNode(setOf(0, 9, 11, 255), start), true, nil
	case 'd', 'D', 's', 'S', 'w', 'W', 'h', 'H', 'v', 'V':
		return classNode(escapeSet(letter), start), true, nil
	case 'R':
		set := setOf('\n', '\r', 0x85, 0x85)
		if p.bsrCRLF {
			set = setOf('\n', '\n', '\r', '\r')
		}
		crlf := &Node{Op: OpConcat, Pos: start, Sub: []*Node{{Op: OpLiteral, Rune: '\r', Pos: start}, {Op: OpLiteral, Rune: '\n', Pos: start}}}
		alt := &Node{Op: OpAlternate, Pos: start, Sub: []*Node{crlf, classNode(set, start)}}
		return &Node{Op: OpAtomic, Pos: start, Sub: []*Node{alt}}, true, nil
	case 'k', 'g':
		s := p.src
		if p.pos >= len(s) || (s[p.pos] != '{' && s[p.pos] != '<' && s[p.pos] != '\'') {
			if letter == 'g' {
				return nil, false, p.errAt(pcreErrBadG, p.pos)
			}
			return nil, false, p.errAt(pcreErrBadK, p.pos)
		}
		term := byte('}')
		switch s[p.pos] {
		case '<':
			term = '>'
		case '\'':
			term = '\''
		}
		if letter == 'g' && term != '}' {
			p.deferUnsupported(`\g<…> subroutine call`, start)
			num, end, ok, e := p.readNumber(p.pos+1, p.ncap, pcreMaxGroup, pcreErrGroupNumTooBig)
			if ok {
				if end >= len(s) || s[end] != term {
					return nil, false, p.errAt(pcreErrBadG, p.pos)
				}
				p.pos = end + 1
				rn := &Node{Op: OpEmpty, Pos: start}
				p.addRecursion(&pcreRef{node: rn, num: num, offset: end})
				return rn, true, nil
			}
			if e != 0 {
				return nil, false, p.errAt(e, end)
			}
			name, off, end, e := p.readName(p.pos, term)
			if e != 0 {
				return nil, false, p.errAt(e, end)
			}
			rn := &Node{Op: OpEmpty, Pos: start}
			p.addRecursion(&pcreRef{node: rn, name: name, offset: off})
			p.pos = end
			return rn, true, nil
		}
		name, off, end, e := p.readName(p.pos, term)
		if e != 0 {
			return nil, false, p.errAt(e, end)
		}
		p.pos = end
		n := &Node{Op: OpBackref, Pos: start, Fold: p.opts.caseless}
		p.addBackref(&pcreRef{node: n, name: name, offset: off})
		return n, true, nil
	}
	// \E and \Q are handled by the caller; nothing else reaches here.
	return nil, false, p.unsupported(`\`+string(letter), start)
}

// escapeSet is the byte set of a class escape in PCRE2's default tables.
func escapeSet(letter byte) bset {
	var b bset
	switch letter | 0x20 {
	case 'd':
		b = pcreDigit
	case 's':
		b = pcreSpaceSet
	case 'w':
		b = pcreWord
	case 'h':
		b = pcreHSpace
	case 'v':
		b = pcreVSpace
	}
	if isUpper(letter) {
		b = b.not()
	}
	return b
}

// defineName reads a group name at pos (the opening delimiter) and opens
// the named capture.
func (p *pcreParser) defineName(start, pos int, term byte, push func(*pcreFrame)) error {
	name, _, end, e := p.readName(pos, term)
	if e != 0 {
		return p.errAt(e, end)
	}
	if p.ncap >= pcreMaxGroup {
		return p.unsupported("more than 65535 groups", start)
	}
	p.ncap++
	if n, dup := p.names[name]; dup && n != p.ncap {
		if !p.opts.dupNames {
			return p.errAt(pcreErrDupName, end)
		}
	} else if !dup {
		for other, n := range p.names {
			if n == p.ncap && other != name {
				return p.errAt(pcreErrNameNumber, end)
			}
		}
		p.names[name] = p.ncap
	}
	p.pos = end
	push(&pcreFrame{kind: pfCapture, pos: start, cap: p.ncap, name: name})
	return nil
}

// callout skips a callout (?C…); p.pos is at the 'C'. Postfix sets no
// callout function, so callouts have no effect.
func (p *pcreParser) callout() error {
	s := p.src
	p.pos++
	if p.pos >= len(s) {
		return p.errAt(pcreErrMissingParen, len(s))
	}
	if s[p.pos] != ')' && !isDigit(s[p.pos]) {
		const starts, ends = "`'\"^%#${", "`'\"^%#$}"
		i := strings.IndexByte(starts, s[p.pos])
		if i < 0 {
			return p.errAt(pcreErrCalloutString, p.pos)
		}
		delim := ends[i]
		startPtr := p.pos
		for {
			p.pos++
			if p.pos >= len(s) {
				return p.errAt(pcreErrCalloutDelim, startPtr)
			}
			if s[p.pos] == delim {
				p.pos++
				if p.pos >= len(s) || s[p.pos] != delim {
					break
				}
			}
		}
	} else {
		n := 0
		for p.pos < len(s) && isDigit(s[p.pos]) {
			n = n*10 + int(s[p.pos]-'0')
			p.pos++
			if n > 255 {
				return p.errAt(pcreErrCalloutNumber, p.pos)
			}
		}
	}
	if p.pos >= len(s) || s[p.pos] != ')' {
		return p.errAt(pcreErrCalloutParen, p.pos)
	}
	p.pos++
	return nil
}

// condition reads the condition of (?(…); p.pos is at the second '('.
func (p *pcreParser) condition(start int) (*pcreFrame, error) {
	s := p.src
	f := &pcreFrame{kind: pfCond, pos: start}
	f.condNode = &Node{Op: OpCond, Pos: start}
	p.pos++
	if p.pos >= len(s) {
		return nil, p.errAt(pcreErrMissingParen, len(s))
	}
	if s[p.pos] == '?' || s[p.pos] == '*' {
		f.condAssert = true
		p.pos-- // the assertion is read as the next item
		return f, nil
	}
	n, end, ok, e := p.readNumber(p.pos, p.ncap, pcreMaxGroup, pcreErrGroupNumTooBig)
	switch {
	case ok:
		if n <= 0 {
			return nil, p.errAt(pcreErrNoSubpattern, end)
		}
		f.condNum = n
		f.condNode.Cap = n
		f.errOff = end - 4
		p.late = append(p.late, &pcreLate{ref: &pcreRef{num: n, offset: end - 2}})
		p.pos = end
	case e != 0:
		return nil, p.errAt(e, end)
	case len(s)-p.pos >= 10 && strings.HasPrefix(s[p.pos:], "VERSION") && s[p.pos+7] != ')':
		return nil, p.unsupported("(?(VERSION condition", start)
	default:
		rAmp := false
		if s[p.pos] == 'R' && len(s)-p.pos > 1 && s[p.pos+1] == '&' {
			p.deferUnsupported("(?(R& recursion condition", start)
			f.deferred = true
			rAmp = true
			p.pos++
		}
		term := byte(')')
		pos := p.pos
		switch {
		case rAmp:
		case s[p.pos] == '<':
			term = '>'
		case s[p.pos] == '\'':
			term = '\''
		default:
			pos--
		}
		name, off, end, e := p.readName(pos, term)
		if e != 0 {
			return nil, p.errAt(e, end)
		}
		p.pos = end
		if term == ')' {
			p.pos--
		}
		switch {
		case rAmp:
		case term == ')' && name == "DEFINE":
			p.deferUnsupported("(?(DEFINE)", start)
			f.deferred = true
			f.define = true
			f.errOff = off
		case term == ')' && name[0] == 'R' && strings.Trim(name[1:], "0123456789") == "":
			p.deferUnsupported("(?(R recursion condition", start)
			f.deferred = true
		default:
			f.errOff = off
			f.condRef = &pcreRef{node: f.condNode, name: name, offset: off}
			p.late = append(p.late, &pcreLate{ref: f.condRef})
		}
	}
	if p.pos >= len(s) || s[p.pos] != ')' {
		return nil, p.errAt(pcreErrCondParen, p.pos)
	}
	p.pos++
	return f, nil
}

const (
	poI = 1 << iota
	poM
	poN
	poS
	poU
	poX
	poXX
	poJ
)

// options reads an option setting (?imnsxU-imnsxU) or (?^…), with ':' for a
// group; p.pos is at the first option character.
func (p *pcreParser) options(start int) (o pcreOpts, group bool, err error) {
	s := p.src
	o = p.opts
	hyphenOK := true
	var set, unset int
	target := &set
	if s[p.pos] == '^' {
		o.caseless, o.multiline, o.noAutoCap, o.dotall, o.extended, o.extMore = false, false, false, false, false, false
		hyphenOK = false
		p.pos++
	}
	for p.pos < len(s) && s[p.pos] != ')' && s[p.pos] != ':' {
		ch := s[p.pos]
		p.pos++
		switch ch {
		case '-':
			if !hyphenOK {
				return o, false, p.errAt(pcreErrHyphen, p.pos-1)
			}
			target = &unset
			hyphenOK = false
		case 'J':
			*target |= poJ
			if target == &set {
				p.deferUnsupported("(?J) duplicate group names", start)
			}
		case 'i':
			*target |= poI
		case 'm':
			*target |= poM
		case 'n':
			*target |= poN
		case 's':
			*target |= poS
		case 'U':
			*target |= poU
		case 'x':
			*target |= poX
			if p.pos < len(s) && s[p.pos] == 'x' {
				*target |= poXX
				p.pos++
			}
		default:
			return o, false, p.errAt(pcreErrBadOption, p.pos-1)
		}
	}
	if set&(poX|poXX) == poX || unset&poX != 0 {
		unset |= poXX
	}
	apply := func(v *bool, bit int) {
		if set&bit != 0 {
			*v = true
		}
		if unset&bit != 0 {
			*v = false
		}
	}
	apply(&o.caseless, poI)
	apply(&o.multiline, poM)
	apply(&o.noAutoCap, poN)
	apply(&o.dotall, poS)
	apply(&o.ungreedy, poU)
	apply(&o.extended, poX)
	apply(&o.extMore, poXX)
	apply(&o.dupNames, poJ)
	if p.pos >= len(s) {
		return o, false, p.errAt(pcreErrMissingParen, len(s))
	}
	group = s[p.pos] == ':'
	p.pos++
	return o, group, nil
}

// altNode builds the node for a list of branches.
func altNode(alts [][]*Node, pos int) *Node {
	subs := make([]*Node, len(alts))
	for i, items := range alts {
		subs[i] = concatNode(items, pos)
	}
	if len(subs) == 1 {
		return subs[0]
	}
	return &Node{Op: OpAlternate, Pos: pos, Sub: subs}
}

func concatNode(items []*Node, pos int) *Node {
	switch len(items) {
	case 0:
		return &Node{Op: OpEmpty, Pos: pos}
	case 1:
		return items[0]
	}
	return &Node{Op: OpConcat, Pos: pos, Sub: items}
}

// closeFrame builds the node of a group at its ')'.
func (p *pcreParser) closeFrame(f *pcreFrame) (*Node, error) {
	alts := append(f.alts, f.items)
	switch f.kind {
	case pfCapture:
		n := &Node{Op: OpCapture, Cap: f.cap, Name: f.name, Pos: f.pos, Sub: []*Node{altNode(alts, f.pos)}}
		p.capNodes[f.cap] = n
		if p.capEnd == nil {
			p.capEnd = map[int]int{}
		}
		p.capEnd[f.cap] = p.pos
		return n, nil
	case pfGroup:
		body := altNode(alts, f.pos)
		if body.Op == OpAlternate {
			// keep the group so that the alternation stays inside it
			return &Node{Op: OpConcat, Pos: f.pos, Sub: []*Node{body}}, nil
		}
		return body, nil
	case pfAtomic:
		return &Node{Op: OpAtomic, Pos: f.pos, Sub: []*Node{altNode(alts, f.pos)}}, nil
	case pfLook:
		n := &Node{Op: OpLook, Behind: f.behind, Negate: f.negate, Pos: f.pos, Sub: []*Node{altNode(alts, f.pos)}}
		if f.behind {
			p.looks = append(p.looks, n)
		}
		return n, nil
	case pfCond:
		n := f.condNode
		if f.deferred {
			n.Sub = []*Node{altNode(alts, f.pos)}
			if f.define {
				if p.defines == nil {
					p.defines = map[*Node]bool{}
				}
				p.defines[n] = true
				if len(alts) > 1 {
					p.late = append(p.late, &pcreLate{define: f})
				}
			}
			return n, nil
		}
		nb := len(alts)
		if nb > 2 {
			p.late = append(p.late, &pcreLate{cond: f, branches: len(alts)})
			alts = alts[:2]
		}
		var subs []*Node
		if f.condAssert {
			if f.cond == nil {
				return nil, p.unsupported("conditional without assertion", f.pos)
			}
			hasCap := false
			Walk(f.cond, func(x *Node) bool {
				if x.Op == OpCapture {
					hasCap = true
				}
				return true
			})
			if hasCap {
				p.deferUnsupported("capture inside a condition assertion", f.pos)
			}
			// regexp2 loses the groups after an expression conditional, so
			// (?(?=X)Y|Z) is written as (?:(?=X)Y|(?!X)Z), which matches the
			// same: the condition is atomic, and exactly one branch can apply.
			yes := concatNode(append([]*Node{f.cond}, alts[0]...), f.pos)
			inv := &Node{Op: OpLook, Behind: f.cond.Behind, Negate: !f.cond.Negate, Pos: f.cond.Pos, Sub: f.cond.Sub}
			var noItems []*Node
			if len(alts) > 1 {
				noItems = alts[1]
			}
			no := concatNode(append([]*Node{inv}, noItems...), f.pos)
			alt := &Node{Op: OpAlternate, Pos: f.pos, Sub: []*Node{yes, no}}
			if p.condAlts == nil {
				p.condAlts = map[*Node]int{}
			}
			p.condAlts[alt] = nb
			return &Node{Op: OpConcat, Pos: f.pos, Sub: []*Node{alt}}, nil
		}
		for _, a := range alts {
			subs = append(subs, concatNode(a, f.pos))
		}
		n.Sub = subs
		return n, nil
	}
	return altNode(alts, f.pos), nil
}

// parseClass reads a bracket class; p.pos is just after the '['.
func (p *pcreParser) parseClass(start int) (*Node, error) {
	s := p.src
	if len(s)-p.pos >= 6 && (s[p.pos:p.pos+6] == "[:<:]]" || s[p.pos:p.pos+6] == "[:>:]]") {
		w := classNode(pcreWord, start)
		look := &Node{Op: OpLook, Pos: start, Sub: []*Node{w}, Behind: s[p.pos+2] == '>'}
		p.pos += 6
		wb := &Node{Op: OpAssert, Assert: WordBoundary, Class: pcreWord.class(), Pos: start}
		return &Node{Op: OpConcat, Pos: start, Sub: []*Node{wb, look}}, nil
	}
	if len(s)-p.pos >= 2 && (s[p.pos] == ':' || s[p.pos] == '.' || s[p.pos] == '=') {
		if _, ok := p.checkPosix(p.pos); ok {
			if s[p.pos] == ':' {
				return nil, p.errAt(pcreErrPosixOutside, p.pos-1)
			}
			return nil, p.errAt(pcreErrPosixCollating, p.pos-1)
		}
	}
	neg := false
	c := byte('[')
	for p.pos < len(s) {
		c = s[p.pos]
		p.pos++
		if c == '\\' {
			if p.pos < len(s) && s[p.pos] == 'E' {
				p.pos++
			} else if len(s)-p.pos >= 3 && s[p.pos:p.pos+3] == `Q\E` {
				p.pos += 3
			} else {
				break
			}
		} else if p.opts.extMore && (c == ' ' || c == '\t') {
			continue
		} else if !neg && c == '^' {
			neg = true
		} else {
			break
		}
	}
	const (
		rNo = iota
		rStarted
		rOKEsc
		rOKLit
	)
	var set, lits bset
	state := rNo
	lo := 0
	inQ := false
	for {
		lit := -1
		switch {
		case inQ:
			if c == '\\' && p.pos < len(s) && s[p.pos] == 'E' {
				inQ = false
				p.pos++
			} else {
				lit = int(c)
			}
		case p.opts.extMore && (c == ' ' || c == '\t'):
		case c == '[' && len(s)-p.pos >= 3 && (s[p.pos] == ':' || s[p.pos] == '.' || s[p.pos] == '='):
			end, ok := p.checkPosix(p.pos)
			if !ok {
				lit = int(c)
				break
			}
			if state == rStarted {
				return nil, p.errAt(pcreErrInvalidRange, p.pos)
			}
			if s[p.pos] != ':' {
				return nil, p.errAt(pcreErrPosixCollating, p.pos-1)
			}
			p.pos++
			pneg := false
			if s[p.pos] == '^' {
				pneg = true
				p.pos++
			}
			name := s[p.pos:end]
			if p.opts.caseless && (name == "upper" || name == "lower") {
				name = "alpha"
			}
			ps, ok := posixSet(name)
			if !ok {
				return nil, p.errAt(pcreErrPosixName, p.pos)
			}
			p.pos = end + 2
			if p.pos < len(s)-1 && s[p.pos] == '-' && s[p.pos+1] != ']' {
				return nil, p.errAt(pcreErrInvalidRange, p.pos)
			}
			state = rNo
			if pneg {
				ps = ps.not()
			}
			set.or(ps)
		case c == '-' && state >= rOKEsc:
			state = rStarted
		case c != '\\':
			lit = int(c)
		default:
			kind, v, e := p.escape(true)
			if e != 0 {
				return nil, p.errAt(e, p.pos)
			}
			if kind == escChar {
				lit = v
				break
			}
			switch v {
			case 'b':
				lit = 8
			case 'Q':
				inQ = true
			case 'E':
			case 'B', 'R', 'X':
				return nil, p.errAt(pcreErrClassEscape, p.pos-1)
			default:
				if state == rStarted {
					return nil, p.errAt(pcreErrInvalidRange, p.pos)
				}
				state = rNo
				switch v {
				case 'N':
					return nil, p.errAt(pcreErrNInClass, p.pos)
				case 'd', 'D', 's', 'S', 'w', 'W', 'h', 'H', 'v', 'V':
					set.or(escapeSet(byte(v)))
				case 'p', 'P':
					ps, err := p.property(v == 'P', start)
					if err != nil {
						return nil, err
					}
					set.or(ps)
				default:
					return nil, p.errAt(pcreErrClassEscape, p.pos-1)
				}
				if p.pos < len(s)-1 && s[p.pos] == '-' && s[p.pos+1] != ']' {
					return nil, p.errAt(pcreErrInvalidRange, p.pos)
				}
			}
		}
		if lit >= 0 {
			if state == rStarted {
				if lit < lo {
					return nil, p.errAt(pcreErrRangeOrder, p.pos-1)
				}
				lits.addRange(lo, lit)
				state = rNo
			} else {
				lits.add(lit)
				lo = lit
				state = rOKLit
			}
		}
		if p.pos >= len(s) {
			return nil, p.errAt(pcreErrMissingBracket, len(s))
		}
		c = s[p.pos]
		p.pos++
		if c == ']' && !inQ {
			break
		}
	}
	if state == rStarted {
		lits.add('-')
	}
	// Caseless matching applies to the characters and ranges only; the
	// escapes, POSIX classes and properties are used as they are.
	if p.opts.caseless {
		lits.fold()
	}
	set.or(lits)
	if neg {
		set = set.not()
	}
	return classNode(set, start), nil
}

// checkPosix is PCRE2's check_posix_syntax(); pos is at the ':', '.' or '='
// after '['. It returns the offset of the closing terminator.
func (p *pcreParser) checkPosix(pos int) (int, bool) {
	s := p.src
	term := s[pos]
	for pos++; len(s)-pos >= 2; pos++ {
		if s[pos] == '\\' && (s[pos+1] == ']' || s[pos+1] == '\\') {
			pos++
		} else if (s[pos] == '[' && s[pos+1] == term) || s[pos] == ']' {
			return 0, false
		} else if s[pos] == term && s[pos+1] == ']' {
			return pos, true
		}
	}
	return 0, false
}

// checkLookbehinds is PCRE2's check_lookbehinds(): every branch of a
// lookbehind must have a fixed length (10.42 has no variable-length
// lookbehind).
func (p *pcreParser) checkLookbehinds() error {
	looks := p.looks
	for i := 1; i < len(looks); i++ { // insertion sort by offset (pattern order)
		for j := i; j > 0 && looks[j].Pos < looks[j-1].Pos; j-- {
			looks[j], looks[j-1] = looks[j-1], looks[j]
		}
	}
	for _, l := range looks {
		if err := p.lookbehindLengths(l); err != nil {
			return err
		}
	}
	return nil
}

func (p *pcreParser) lookbehindLengths(l *Node) error {
	body := l.Sub[0]
	branches := []*Node{body}
	if body.Op == OpAlternate {
		branches = body.Sub
	}
	for _, b := range branches {
		n, err := p.fixedLength(b)
		if err != nil {
			return err
		}
		if n < 0 {
			return p.errAt(pcreErrLookbehindFixed, l.Pos)
		}
		if n > 65535 {
			return p.errAt(pcreErrLookbehindTooBig, l.Pos)
		}
	}
	return nil
}

// fixedLength returns the length of what n matches, or -1 if it is not
// fixed, following PCRE2's get_branchlength(): items are examined left to
// right, so the first problem found is the one reported.
func (p *pcreParser) fixedLength(n *Node) (int, error) {
	switch n.Op {
	case OpEmpty, OpFail, OpAssert:
		if r := p.recursions[n]; r != nil {
			if err := p.resolve(r); err != nil {
				return 0, err
			}
			p.deferUnsupported("subroutine call in a lookbehind", n.Pos)
			if r.num == 0 && r.name == "" {
				return -1, nil // (?R)
			}
			return p.groupLength(r.node.Cap, n.Pos)
		}
		return 0, nil
	case OpLiteral, OpClass:
		return 1, nil
	case OpLook:
		if n.Behind {
			if err := p.lookbehindLengths(n); err != nil {
				return 0, err
			}
			return 0, nil
		}
		// A lookahead adds nothing, whatever quantifier follows it, but the
		// lookbehinds inside it are checked.
		return 0, p.nestedLookbehinds(n.Sub[0])
	case OpCapture, OpAtomic:
		return p.fixedLength(n.Sub[0])
	case OpConcat:
		total := 0
		for _, s := range n.Sub {
			if s.Op == OpFail || p.acceptNodes[s] {
				break // (*FAIL) and (*ACCEPT) end the branch for PCRE2
			}
			k, err := p.fixedLength(s)
			if err != nil || k < 0 {
				return k, err
			}
			total += k
			if total > 1<<20 {
				total = 1 << 20
			}
		}
		return total, nil
	case OpAlternate:
		if nb, ok := p.condAlts[n]; ok {
			// an assertion conditional, written as (?=X)Y|(?!X)Z
			p.deferUnsupported("conditional group in a lookbehind", n.Pos)
			if nb > 2 {
				return 0, p.errAt(pcreErrCondBranches, 0)
			}
			if nb == 1 {
				return p.fixedLength(n.Sub[0]) // PCRE2 measures the one branch
			}
		}
		return p.sameLength(n.Sub)
	case OpRepeat:
		if s := n.Sub[0]; s.Op == OpLook && !s.Behind {
			return p.fixedLength(s)
		}
		k, err := p.fixedLength(n.Sub[0])
		if err != nil || k < 0 || n.Min != n.Max {
			return -1, err
		}
		t := k * n.Min
		if t > 1<<20 {
			t = 1 << 20
		}
		return t, nil
	case OpBackref:
		// PCRE2 allows a reference to a fixed-length group here; we do not
		// (regexp2 matches lookbehinds right to left).
		if r := p.backrefs[n]; r != nil {
			if err := p.resolve(r); err != nil {
				return 0, err
			}
			p.deferUnsupported("backreference in a lookbehind", n.Pos)
			return p.groupLength(r.node.Cap, n.Pos)
		}
		return -1, nil
	case OpCond:
		if p.defines[n] {
			return 0, nil // a DEFINE group matches nothing where it stands
		}
		p.deferUnsupported("conditional group in a lookbehind", n.Pos)
		return p.sameLength(n.Sub)
	}
	return -1, nil
}

// sameLength is the length of a group's branches, which must all be equal.
func (p *pcreParser) sameLength(branches []*Node) (int, error) {
	first := -2
	for _, s := range branches {
		k, err := p.fixedLength(s)
		if err != nil || k < 0 {
			return k, err
		}
		if first != -2 && k != first {
			return -1, nil
		}
		first = k
	}
	return first, nil
}

// groupLength is the fixed length of capture group num, or -1 (also for a
// group that contains the reference at offset from, or is being measured).
func (p *pcreParser) groupLength(num, from int) (int, error) {
	g := p.capNodes[num]
	if g == nil || p.lengthBusy[num] || (from >= g.Pos && from < p.capEnd[num]) {
		return -1, nil
	}
	if p.lengthBusy == nil {
		p.lengthBusy = map[int]bool{}
	}
	p.lengthBusy[num] = true
	defer delete(p.lengthBusy, num)
	return p.fixedLength(g.Sub[0])
}

// nestedLookbehinds checks the lookbehinds inside n (a lookahead's body).
func (p *pcreParser) nestedLookbehinds(n *Node) error {
	var err error
	Walk(n, func(x *Node) bool {
		if err != nil {
			return false
		}
		if x.Op == OpLook && x.Behind {
			err = p.lookbehindLengths(x)
			return false
		}
		return true
	})
	return err
}

// runLate makes one of the checks PCRE2 makes while compiling.
func (p *pcreParser) runLate(l *pcreLate) error {
	if l.bsk {
		return p.errAt(pcreErrBSKInLook, len(p.src))
	}
	if l.define != nil {
		return p.errAt(pcreErrDefineBranches, l.define.errOff)
	}
	if l.cond != nil {
		return p.errAt(pcreErrCondBranches, l.cond.errOff)
	}
	return p.resolve(l.ref)
}

// resolve checks that a reference names an existing group and fills in the
// node's group number.
func (p *pcreParser) resolve(r *pcreRef) error {
	num := r.num
	if r.name != "" {
		n, ok := p.names[r.name]
		if !ok {
			return p.errAt(pcreErrNoSubpattern, r.offset)
		}
		num = n
	}
	if num > p.ncap {
		return p.errAt(pcreErrNoSubpattern, r.offset)
	}
	if r.node != nil {
		r.node.Cap = num
	}
	return nil
}

// property reads the name of \p or \P (p.pos is just after the letter), as
// PCRE2's get_ucp() does, and returns the property's set over code points
// 0–255 (PCRE2 without UTF still applies Unicode properties to them).
// General categories, Any and L& are supported; other properties (scripts,
// Bidi classes, binary properties) are recorded as unsupported.
func (p *pcreParser) property(neg bool, start int) (bset, error) {
	s := p.src
	if p.pos >= len(s) {
		return bset{}, p.errAt(pcreErrBadProp, p.pos)
	}
	c := s[p.pos]
	p.pos++
	var name []byte
	switch {
	case c == '{':
		if p.pos >= len(s) {
			return bset{}, p.errAt(pcreErrBadProp, p.pos)
		}
		if s[p.pos] == '^' {
			neg = !neg
			p.pos++
		}
		for i := 0; i < 49; i++ {
			if p.pos >= len(s) {
				return bset{}, p.errAt(pcreErrBadProp, p.pos)
			}
			c = s[p.pos]
			p.pos++
			for c == '_' || c == '-' || pcreSpace(c) {
				if p.pos >= len(s) {
					return bset{}, p.errAt(pcreErrBadProp, p.pos)
				}
				c = s[p.pos]
				p.pos++
			}
			if c == 0 {
				return bset{}, p.errAt(pcreErrBadProp, p.pos)
			}
			if c == '}' {
				break
			}
			if isUpper(c) {
				c += 32
			}
			name = append(name, c)
		}
		if c != '}' {
			return bset{}, p.errAt(pcreErrBadProp, p.pos)
		}
	case isLetter(c):
		if isUpper(c) {
			c += 32
		}
		name = []byte{c}
	default:
		return bset{}, p.errAt(pcreErrBadProp, p.pos)
	}
	set, ok := pcreProperty(string(name))
	if !ok {
		p.deferUnsupported(`\p{`+string(name)+`}`, start)
		return setOf(0, 255), nil
	}
	if neg {
		set = set.not()
	}
	return set, nil
}

// pcreProperty returns the set of a general category (by its lower-case
// short name) over 0–255.
func pcreProperty(name string) (bset, bool) {
	var b bset
	switch name {
	case "any":
		return setOf(0, 255), true
	case "l&", "lc":
		for _, n := range []string{"Lu", "Ll", "Lt"} {
			s, _ := pcreProperty(strings.ToLower(n))
			b.or(s)
		}
		return b, true
	case "cn":
		for c := 0; c < 256; c++ {
			assigned := false
			for _, t := range unicode.Categories {
				if unicode.Is(t, rune(c)) {
					assigned = true
					break
				}
			}
			if !assigned {
				b.add(c)
			}
		}
		return b, true
	}
	if len(name) == 0 || len(name) > 2 {
		return b, false
	}
	goName := strings.ToUpper(name[:1]) + name[1:]
	t, ok := unicode.Categories[goName]
	if !ok {
		return b, false
	}
	for c := 0; c < 256; c++ {
		if unicode.Is(t, rune(c)) {
			b.add(c)
		}
	}
	return b, true
}

// pcreMaxNest is the deepest group nesting we accept. PCRE2 10.42 as built
// for Debian refuses nesting somewhat deeper than this (error 119, at a
// depth that depends on the kind of group), so deeper patterns are refused
// as unsupported rather than guessed.
const pcreMaxNest = 200

// pcreSizeLimit bounds an over-estimate of PCRE2's compiled size. PCRE2
// (link size 2) refuses compiled patterns over 64K code units with error 120
// "regular expression is too large"; we cannot compute PCRE2's size
// exactly, so patterns whose estimate exceeds this are refused as
// unsupported. The estimate is never below PCRE2's real size, so anything
// accepted here fits PCRE2's limit too.
const pcreSizeLimit = 60000

// pcreSize over-estimates the compiled size of n in PCRE2 code units (an
// item's opcode and operands; 6–8 units of brackets per group; a repeated
// group is compiled as one copy per repetition).
func pcreSize(n *Node) int {
	const big = 1 << 30
	sum := func(ns []*Node, each int) int {
		t := 0
		for _, s := range ns {
			t += pcreSize(s) + each
			if t > big {
				return big
			}
		}
		return t
	}
	switch n.Op {
	case OpEmpty, OpFail, OpLiteral, OpAssert:
		return 2
	case OpClass:
		if _, ok := n.Class.Single(); ok || isCasePair(n.Class) {
			return 2
		}
		return 40
	case OpBackref:
		return 8
	case OpConcat:
		return sum(n.Sub, 0)
	case OpAlternate:
		return sum(n.Sub, 3) + 8
	case OpCapture, OpAtomic, OpLook:
		return sum(n.Sub, 0) + 8
	case OpCond:
		return sum(n.Sub, 3) + 12
	case OpRepeat:
		s := pcreSize(n.Sub[0])
		switch n.Sub[0].Op {
		case OpLiteral, OpClass, OpBackref:
			return s + 12 // one opcode with counts
		}
		copies := n.Min
		if copies < 1 {
			copies = 1
		}
		if n.Max < 0 {
			copies++
		} else if n.Max > n.Min {
			copies += n.Max - n.Min
		}
		if s+8 > big/copies {
			return big
		}
		return (s + 8) * copies
	}
	return 8
}

// isCasePair reports whether c is exactly an ASCII letter in both cases,
// which PCRE2 compiles as one caseless character.
func isCasePair(c *Class) bool {
	if c.Neg || len(c.Props) > 0 || len(c.Ranges) != 2 {
		return false
	}
	a, b := c.Ranges[0], c.Ranges[1]
	return a.Lo == a.Hi && b.Lo == b.Hi && a.Lo >= 'A' && a.Lo <= 'Z' && b.Lo == a.Lo+32
}

// checkEmptyIterations refuses repeats whose iterations PCRE2 and regexp2
// count differently. When a repeated body can match the empty string,
// PCRE2 runs every optional copy of a bounded repeat {n,m} (it compiles
// them as nested optional groups), and runs a directly repeated assertion
// once more than the minimum for an unbounded repeat; regexp2 stops at the
// first empty iteration once the minimum is reached, and backtracks into
// empty iterations of counted repeats in another order. The
// difference is visible only through groups set inside the body, so a
// repeat is refused only when its body can match empty and has a capture.
func (p *pcreParser) checkEmptyIterations(root *Node) error {
	var err error
	Walk(root, func(n *Node) bool {
		if err != nil {
			return false
		}
		if n.Op == OpRepeat && n.Max == 0 && n.Sub[0].Op != OpLook && (hasOp(n.Sub[0], OpAssert) || hasOp(n.Sub[0], OpLook)) {
			// PCRE2's start-of-match analysis looks into a {0} group whose
			// branch starts with an assertion, and then refuses start
			// positions the group would never have been tried at.
			err = p.unsupported("{0} group containing an assertion", n.Pos)
			return false
		}
		if n.Op == OpConcat {
			for i := 0; i+1 < len(n.Sub); i++ {
				a, b := n.Sub[i], n.Sub[i+1]
				optionalPossessive := b.Op == OpRepeat && b.Mode == Possessive && b.Min == 0 && b.Max > 0 && !singleLoop(b)
				nullableAtomic := !singleLoop(b) && pcreNullable(b) && (hasOp(b, OpAtomic) || hasPossessive(b))
				if singleLoop(a) && a.Min != a.Max && (optionalPossessive || nullableAtomic) {
					// PCRE2's auto-possessification looks only at the
					// group after a one-character repeat, though a
					// possessive ? or {0,n} group may match nothing:
					// " {2,}(\?)?+\B" does not match "   b" in PCRE2, nor
					// does "\xe9{2,}(?>|})(\xe9)" match "\xe9\xe9\xe9".
					err = p.unsupported("one-character repeat followed by an optional possessive or atomic group (PCRE2 auto-possessification)", b.Pos)
					return false
				}
			}
		}
		if n.Op != OpRepeat || !pcreNullable(n.Sub[0]) || !hasOp(n.Sub[0], OpCapture) {
			return true
		}
		// Counted repeats also backtrack into empty iterations in a
		// different order, even with an exact count.
		bounded := n.Max >= 2
		assertion := n.Sub[0].Op == OpLook && n.Max < 0
		// Loops whose body also refers back to groups behave differently
		// once backtracking re-enters earlier iterations.
		stateful := n.Max < 0 && hasOp(n.Sub[0], OpBackref)
		if bounded || assertion || stateful {
			err = p.unsupported("repeat of a group that can match empty and sets a group (PCRE2 and regexp2 count such iterations differently)", n.Pos)
			return false
		}
		return true
	})
	return err
}

// hasPossessive reports whether n contains a possessive repeat.
func hasPossessive(n *Node) bool {
	found := false
	Walk(n, func(x *Node) bool {
		found = found || x.Op == OpRepeat && x.Mode == Possessive
		return !found
	})
	return found
}

func hasOp(n *Node, op Op) bool {
	found := false
	Walk(n, func(x *Node) bool {
		if x.Op == op {
			found = true
		}
		return !found
	})
	return found
}

// pcreNullable reports whether n can match the empty string.
func pcreNullable(n *Node) bool {
	switch n.Op {
	case OpEmpty, OpAssert, OpLook, OpBackref:
		return true
	case OpFail, OpLiteral, OpClass:
		return false
	case OpCapture, OpAtomic:
		return pcreNullable(n.Sub[0])
	case OpRepeat:
		return n.Min == 0 || pcreNullable(n.Sub[0])
	case OpConcat:
		for _, s := range n.Sub {
			if !pcreNullable(s) {
				return false
			}
		}
		return true
	case OpAlternate:
		for _, s := range n.Sub {
			if pcreNullable(s) {
				return true
			}
		}
		return false
	case OpCond:
		subs := n.Sub
		if n.Cap == 0 && len(subs) > 0 {
			subs = subs[1:]
		}
		if len(subs) < 2 {
			return true
		}
		for _, s := range subs {
			if pcreNullable(s) {
				return true
			}
		}
		return false
	}
	return true
}

// checkSelfReferences refuses an optional back reference to a group from
// inside that group, such as (a|\1?)b: PCRE2's minimum-length analysis
// counts such a reference as the group's own length, so PCRE2 rejects
// subjects that are long enough for the match regexp2 would find.
func (p *pcreParser) checkSelfReferences(n *Node, open map[int]bool, optional bool) error {
	switch n.Op {
	case OpCapture:
		open[n.Cap] = true
		defer delete(open, n.Cap)
	case OpBackref:
		if optional && open[n.Cap] {
			return p.unsupported("optional back reference inside the group it refers to", n.Pos)
		}
	case OpRepeat:
		if n.Min == 0 {
			optional = true
		}
	}
	for _, s := range n.Sub {
		if err := p.checkSelfReferences(s, open, optional); err != nil {
			return err
		}
	}
	return nil
}

// singleLoop reports whether n is a repeat of one literal or class.
func singleLoop(n *Node) bool {
	return n.Op == OpRepeat && (n.Sub[0].Op == OpLiteral || n.Sub[0].Op == OpClass)
}
