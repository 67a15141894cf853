package regex

import (
	"bytes"
	"strings"
)

// This file parses POSIX regular expressions the way glibc 2.36 regcomp
// does in the C locale, as Postfix's regexp: tables use it: ERE
// (REG_EXTENDED) or BRE, with REG_ICASE (Caseless) and REG_NEWLINE
// (Multiline). The tokenizer and the grammar follow glibc's own structure
// (peek_token, parse_reg_exp, parse_branch, parse_expression,
// parse_dup_op, parse_bracket_exp) so that every context rule and every
// error comes out the same, including the GNU extensions (\w \W \s \S \b
// \B \< \> \` \', BRE \+ \? \|, {,m}) and glibc's quirks:
//
//   - Under REG_ICASE glibc upper-cases the pattern and the subject, but an
//     escaped character keeps its original case, so `\d` (an escaped
//     lower-case letter that is no operator) can never match, while `\D`
//     matches "d" and "D". A bracket expression is built from the
//     upper-cased pattern ([Z-a] becomes [Z-A]: "Invalid range end") and
//     tested against the upper-cased subject byte.
//   - `.` never matches NUL (RE_DOT_NOT_NULL); with REG_NEWLINE neither `.`
//     nor `[^…]` matches "\n", but \W does.
//   - x{0} (and anything repeated after it) is dropped, yet its groups keep
//     their numbers and never participate.
//
// glibc reports no error offset; Error.Offset is where this parser found
// the problem.

// posixSyntax holds the RE_* syntax bits glibc derives from the cflags.
type posixSyntax struct {
	ere     bool // REG_EXTENDED
	icase   bool // REG_ICASE
	newline bool // REG_NEWLINE
}

// The token kinds of glibc's tokenizer.
type ptokType uint8

const (
	ptChar ptokType = iota
	ptEnd
	ptBackslash // trailing backslash
	ptAlt
	ptStar
	ptPlus
	ptQuestion
	ptOpenDup
	ptCloseDup
	ptOpenGroup
	ptCloseGroup
	ptOpenBracket
	ptPeriod
	ptAnchor
	ptBackref
	ptWord
	ptNotWord
	ptSpace
	ptNotSpace
)

// The anchor kinds (glibc's ctx_type).
const (
	ancLineFirst = iota + 1
	ancLineLast
	ancBufFirst
	ancBufLast
	ancWordFirst
	ancWordLast
	ancWordDelim
	ancNotWordDelim
)

type ptoken struct {
	typ     ptokType
	c       byte // the character (upper-cased under REG_ICASE unless escaped)
	escaped bool
	anchor  int
	idx     int // backreference number
	pos     int
	n       int // length in bytes
}

// glibc regerror texts.
const (
	msgBadPat   = "Invalid regular expression"
	msgECollate = "Invalid collation character"
	msgECtype   = "Invalid character class name"
	msgEEscape  = "Trailing backslash"
	msgESubreg  = "Invalid back reference"
	msgEBrack   = "Unmatched [, [^, [:, [., or [="
	msgEParen   = "Unmatched ( or \\("
	msgEBrace   = "Unmatched \\{"
	msgBadBr    = "Invalid content of \\{\\}"
	msgERange   = "Invalid range end"
	msgBadRpt   = "Invalid preceding regular expression"
	msgESize    = "Regular expression too big"
)

// posixMaxUnrolled bounds the size of the tree (counting shared subtrees
// at every use) that unrolling x{n,m} may produce.
const posixMaxUnrolled = 100_000

// posixDupMax is glibc's RE_DUP_MAX.
const posixDupMax = 0x7fff

type posixParser struct {
	src     string
	syn     posixSyntax
	dialect Dialect
	pos     int
	tok     ptoken
	nsub    int
	done    uint32 // completed groups 1..9 (glibc's completed_bkref_map)
	unsupp  *Error // first construct glibc accepts but we cannot reproduce
	// lineAnchors are the ^ $ \` \' nodes (see checkLineAnchors), with
	// their source text.
	// checkLineAnchors).
	lineAnchors map[*Node]string
	// null are the nodes that stand for glibc's NULL tree (x{0}).
	null map[*Node]bool
	// Memos over the tree (a DAG once repetitions are unrolled).
	fl     map[*Node]flInfo
	hasCap map[*Node]bool
	size   map[*Node]int
	err    *Error
}

func (p *posixParser) fail(pos int, msg string) {
	if p.err == nil {
		p.err = &Error{Dialect: p.dialect, Code: ErrInvalid, Offset: pos, Msg: msg}
	}
}

func (p *posixParser) unsupported(pos int, construct string) {
	if p.unsupp == nil {
		p.unsupp = &Error{Dialect: p.dialect, Code: ErrUnsupported, Offset: pos, Construct: construct}
	}
}

func toUpperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// at returns the pattern byte at i as glibc's translated buffer holds it
// (upper-cased under REG_ICASE).
func (p *posixParser) at(i int) byte {
	c := p.src[i]
	if p.syn.icase {
		c = toUpperASCII(c)
	}
	return c
}

// peek reads the token at i (glibc peek_token). caretHere is
// RE_CARET_ANCHORS_HERE.
func (p *posixParser) peek(i int, caretHere bool) ptoken {
	t := ptoken{pos: i}
	if i >= len(p.src) {
		t.typ = ptEnd
		return t
	}
	c := p.at(i)
	t.c = c
	t.n = 1
	ere := p.syn.ere
	if c == '\\' {
		if i+1 >= len(p.src) {
			t.typ = ptBackslash
			return t
		}
		c2 := p.src[i+1] // re_string_peek_byte_case: the original case
		t.c = c2
		t.n = 2
		t.escaped = true
		t.typ = ptChar
		switch c2 {
		case '|':
			if !ere {
				t.typ = ptAlt
			}
		case '1', '2', '3', '4', '5', '6', '7', '8', '9':
			t.typ = ptBackref
			t.idx = int(c2 - '0')
		case '<':
			t.typ, t.anchor = ptAnchor, ancWordFirst
		case '>':
			t.typ, t.anchor = ptAnchor, ancWordLast
		case 'b':
			t.typ, t.anchor = ptAnchor, ancWordDelim
		case 'B':
			t.typ, t.anchor = ptAnchor, ancNotWordDelim
		case 'w':
			t.typ = ptWord
		case 'W':
			t.typ = ptNotWord
		case 's':
			t.typ = ptSpace
		case 'S':
			t.typ = ptNotSpace
		case '`':
			t.typ, t.anchor = ptAnchor, ancBufFirst
		case '\'':
			t.typ, t.anchor = ptAnchor, ancBufLast
		case '(':
			if !ere {
				t.typ = ptOpenGroup
			}
		case ')':
			if !ere {
				t.typ = ptCloseGroup
			}
		case '+':
			if !ere {
				t.typ = ptPlus
			}
		case '?':
			if !ere {
				t.typ = ptQuestion
			}
		case '{':
			if !ere {
				t.typ = ptOpenDup
			}
		case '}':
			if !ere {
				t.typ = ptCloseDup
			}
		}
		return t
	}
	t.typ = ptChar
	switch c {
	case '|':
		if ere {
			t.typ = ptAlt
		}
	case '*':
		t.typ = ptStar
	case '+':
		if ere {
			t.typ = ptPlus
		}
	case '?':
		if ere {
			t.typ = ptQuestion
		}
	case '{':
		if ere {
			t.typ = ptOpenDup
		}
	case '}':
		if ere {
			t.typ = ptCloseDup
		}
	case '(':
		if ere {
			t.typ = ptOpenGroup
		}
	case ')':
		if ere {
			t.typ = ptCloseGroup
		}
	case '[':
		t.typ = ptOpenBracket
	case '.':
		t.typ = ptPeriod
	case '^':
		if !ere && !caretHere && i != 0 {
			break
		}
		t.typ, t.anchor = ptAnchor, ancLineFirst
	case '$':
		if !ere && i+1 != len(p.src) {
			next := p.peek(i+1, false)
			if next.typ != ptAlt && next.typ != ptCloseGroup {
				break
			}
		}
		t.typ, t.anchor = ptAnchor, ancLineLast
	}
	return t
}

// fetch advances to the next token.
func (p *posixParser) fetch(caretHere bool) {
	p.tok = p.peek(p.pos, caretHere)
	p.pos += p.tok.n
}

// parsePOSIX parses pattern as glibc regcomp would with REG_EXTENDED when
// extended is set, REG_ICASE for Caseless and REG_NEWLINE for Multiline.
func parsePOSIX(pattern string, flags Flags, extended bool) (*Tree, error) {
	d := POSIXBasic
	if extended {
		d = POSIXExtended
	}
	if rest := flags &^ (Caseless | Multiline); rest != 0 {
		return nil, &Error{Dialect: d, Code: ErrUnsupported, Construct: "flags other than Caseless and Multiline"}
	}
	if i := strings.IndexByte(pattern, 0); i >= 0 {
		// regcomp takes a C string: it would never see the rest.
		return nil, &Error{Dialect: d, Code: ErrUnsupported, Offset: i, Construct: "NUL byte in pattern"}
	}
	p := &posixParser{
		src:     pattern,
		dialect: d,
		syn:     posixSyntax{ere: extended, icase: flags&Caseless != 0, newline: flags&Multiline != 0},

		lineAnchors: map[*Node]string{},
		null:        map[*Node]bool{},
		fl:          map[*Node]flInfo{},
		hasCap:      map[*Node]bool{},
		size:        map[*Node]int{},
	}
	p.fetch(true)
	root := p.parseRegExp(0)
	if p.err == nil && p.tok.typ != ptEnd {
		// Only an unmatched close group can stop the top level early; the
		// grammar turns it into an error or a literal before that.
		p.fail(p.tok.pos, msgEParen)
	}
	if p.err != nil {
		return nil, p.err
	}
	if root == nil {
		root = &Node{Op: OpEmpty}
	}
	if len(p.lineAnchors) > 0 {
		p.checkLineAnchors(root)
	}
	if p.unsupp != nil {
		return nil, p.unsupp
	}
	return &Tree{Root: root, NCap: p.nsub, Names: map[string]int{}}, nil
}

// parseRegExp: branch ('|' branch)*.
func (p *posixParser) parseRegExp(nest int) *Node {
	start := p.tok.pos
	// Each alternative sees only the groups completed before the
	// alternation (glibc ≥ 2.34): a backreference to a group of another
	// alternative is "Invalid back reference".
	initial := p.done
	first := p.parseBranch(nest)
	if p.err != nil {
		return nil
	}
	if p.tok.typ != ptAlt {
		return first
	}
	raw := []*Node{first}
	pos := []int{start}
	for p.tok.typ == ptAlt {
		p.fetch(true)
		var br *Node
		pos = append(pos, p.tok.pos)
		if p.tok.typ != ptAlt && p.tok.typ != ptEnd && (nest == 0 || p.tok.typ != ptCloseGroup) {
			acc := p.done
			p.done = initial
			br = p.parseBranch(nest)
			if p.err != nil {
				return nil
			}
			p.done |= acc
		}
		raw = append(raw, br)
	}
	// glibc's alternation is a left-nested binary tree whose set_regs pass
	// takes, at each node, the lowest-numbered branch that can still reach
	// the match; an empty (NULL) branch is numbered after everything in
	// the node. So in "|a|b" the "a" comes before the empty branch, then
	// "b": only an empty first branch followed by a non-empty one moves.
	if len(raw) >= 2 && p.isNull(raw[0]) && !p.isNull(raw[1]) {
		if raw[0] != nil {
			// Keep its (never participating) groups in textual order.
			raw[1] = &Node{Op: OpConcat, Pos: pos[0], Sub: []*Node{raw[0], raw[1]}}
		}
		raw[0], raw[1] = raw[1], nil
		pos[0], pos[1] = pos[1], pos[0]
	}
	alts := make([]*Node, len(raw))
	for i, br := range raw {
		alts[i] = orEmpty(br, pos[i])
	}
	return &Node{Op: OpAlternate, Pos: start, Sub: alts}
}

// isNull reports whether n stands for glibc's NULL tree: nothing, or only
// elements repeated {0} times.
func (p *posixParser) isNull(n *Node) bool {
	return n == nil || p.null[n]
}

func orEmpty(n *Node, pos int) *Node {
	if n == nil {
		return &Node{Op: OpEmpty, Pos: pos}
	}
	return n
}

// parseBranch: expression*.
func (p *posixParser) parseBranch(nest int) *Node {
	start := p.tok.pos
	var items []*Node
	add := func(n []*Node) { items = append(items, n...) }
	add(p.parseExpression(nest))
	if p.err != nil {
		return nil
	}
	for p.tok.typ != ptAlt && p.tok.typ != ptEnd && (nest == 0 || p.tok.typ != ptCloseGroup) {
		add(p.parseExpression(nest))
		if p.err != nil {
			return nil
		}
	}
	switch len(items) {
	case 0:
		return nil
	case 1:
		return items[0]
	}
	n := &Node{Op: OpConcat, Pos: start, Sub: items}
	null := true
	for _, it := range items {
		null = null && p.null[it]
	}
	if null {
		p.null[n] = true
	}
	return n
}

// parseExpression parses one atom and its repetition operators. It returns
// the nodes to append to the branch (none for glibc's NULL tree, two for
// \< and \>).
func (p *posixParser) parseExpression(nest int) []*Node {
	tok := p.tok
	var tree *Node
	switch tok.typ {
	case ptChar:
		tree = p.charNode(tok)
	case ptOpenGroup:
		tree = p.parseGroup(nest + 1)
		if p.err != nil {
			return nil
		}
	case ptOpenBracket:
		tree = p.parseBracket()
		if p.err != nil {
			return nil
		}
	case ptBackref:
		if p.done&(1<<uint(tok.idx)) == 0 {
			p.fail(tok.pos, msgESubreg)
			return nil
		}
		p.unsupported(tok.pos, "backreference")
		tree = &Node{Op: OpBackref, Pos: tok.pos, Cap: tok.idx, Fold: p.syn.icase}
	case ptOpenDup, ptStar, ptPlus, ptQuestion:
		if tok.typ == ptOpenDup && !p.syn.ere {
			p.fail(tok.pos, msgBadRpt) // RE_CONTEXT_INVALID_DUP
			return nil
		}
		if p.syn.ere {
			p.fail(tok.pos, msgBadRpt) // RE_CONTEXT_INVALID_OPS
			return nil
		}
		tree = p.charNode(tok) // BRE: an operator in first position is literal
	case ptCloseGroup:
		if !p.syn.ere {
			p.fail(tok.pos, msgEParen)
			return nil
		}
		tree = p.charNode(tok) // RE_UNMATCHED_RIGHT_PAREN_ORD
	case ptCloseDup:
		tree = p.charNode(tok)
	case ptAnchor:
		nodes := p.anchorNodes(tok)
		// Anchors take no repetition: the next operator starts a new
		// expression (a literal in BRE, an error in ERE).
		p.fetch(false)
		return nodes
	case ptPeriod:
		c := &Class{}
		for b := 1; b <= 0xff; b++ {
			if b == '\n' && p.syn.newline {
				continue
			}
			c.AddRune(rune(b))
		}
		c.Normalize()
		tree = &Node{Op: OpClass, Pos: tok.pos, Class: c}
	case ptWord, ptNotWord:
		tree = &Node{Op: OpClass, Pos: tok.pos, Class: p.subjectClass(byteSetOf(isWordByte), tok.typ == ptNotWord)}
	case ptSpace, ptNotSpace:
		tree = &Node{Op: OpClass, Pos: tok.pos, Class: p.subjectClass(byteSetOf(isSpaceByte), tok.typ == ptNotSpace)}
	case ptAlt, ptEnd:
		return nil
	case ptBackslash:
		p.fail(tok.pos, msgEEscape)
		return nil
	}
	p.fetch(false)
	for p.tok.typ == ptStar || p.tok.typ == ptPlus || p.tok.typ == ptQuestion || p.tok.typ == ptOpenDup {
		tree = p.parseDup(tree)
		if p.err != nil {
			return nil
		}
		if !p.syn.ere && (p.tok.typ == ptStar || p.tok.typ == ptOpenDup) {
			p.fail(p.tok.pos, msgBadRpt) // BRE: no consecutive repetitions
			return nil
		}
	}
	if tree == nil {
		return nil
	}
	return []*Node{tree}
}

// parseGroup parses a subexpression after its opening token.
func (p *posixParser) parseGroup(nest int) *Node {
	open := p.tok.pos
	p.nsub++
	num := p.nsub
	p.fetch(true)
	var body *Node
	if p.tok.typ != ptCloseGroup {
		body = p.parseRegExp(nest)
		if p.err != nil {
			return nil
		}
		if p.tok.typ != ptCloseGroup {
			p.fail(open, msgEParen)
			return nil
		}
	}
	if num <= 9 {
		p.done |= 1 << uint(num)
	}
	return &Node{Op: OpCapture, Pos: open, Cap: num, Sub: []*Node{orEmpty(body, open)}}
}

// fetchNumber is glibc fetch_number: it reads tokens up to '}' or ','.
// It returns -1 for no digits, -2 for an invalid sequence.
func (p *posixParser) fetchNumber() int {
	num := -1
	for {
		p.fetch(false)
		t := p.tok
		if t.typ == ptEnd {
			return -2
		}
		if t.typ == ptCloseDup || t.c == ',' {
			break
		}
		switch {
		case t.typ != ptChar || t.c < '0' || t.c > '9' || num == -2:
			num = -2
		case num == -1:
			num = int(t.c - '0')
		default:
			num = num*10 + int(t.c-'0')
			if num > posixDupMax+1 {
				num = posixDupMax + 1
			}
		}
	}
	return num
}

// parseDup applies the repetition operator at p.tok to elem (glibc
// parse_dup_op). A nil elem stays nil.
func (p *posixParser) parseDup(elem *Node) *Node {
	tok := p.tok
	var min, max int
	if tok.typ == ptOpenDup {
		start := p.fetchNumber()
		end := 0
		if start == -1 {
			if p.tok.typ == ptChar && p.tok.c == ',' {
				start = 0 // {,m}
			} else {
				p.fail(tok.pos, msgBadBr) // {}
				return nil
			}
		}
		if start != -2 {
			switch {
			case p.tok.typ == ptCloseDup:
				end = start
			case p.tok.typ == ptChar && p.tok.c == ',':
				end = p.fetchNumber()
			default:
				end = -2
			}
		}
		if start == -2 || end == -2 {
			if p.tok.typ == ptEnd {
				p.fail(tok.pos, msgEBrace)
			} else {
				p.fail(tok.pos, msgBadBr)
			}
			return nil
		}
		if (end != -1 && start > end) || p.tok.typ != ptCloseDup {
			p.fail(tok.pos, msgBadBr)
			return nil
		}
		lim := end
		if end == -1 {
			lim = start
		}
		if lim > posixDupMax {
			p.fail(tok.pos, msgESize)
			return nil
		}
		min, max = start, end
	} else {
		switch tok.typ {
		case ptStar:
			min, max = 0, -1
		case ptPlus:
			min, max = 1, -1
		case ptQuestion:
			min, max = 0, 1
		}
	}
	p.fetch(false)
	if elem == nil || p.null[elem] {
		return elem
	}
	if min == 0 && max == 0 {
		// glibc drops the element; keep it as {0} so that its groups keep
		// their numbers and never participate.
		n := &Node{Op: OpRepeat, Pos: tok.pos, Min: 0, Max: 0, Sub: []*Node{elem}}
		p.null[n] = true
		return n
	}
	if min == 1 && max == 1 {
		return elem
	}
	if max != min && p.containsCapture(elem) {
		if _, _, nullable := p.firstLast(elem); nullable {
			// An optional or repeated group that can match empty: glibc
			// and Go disagree on whether (and where) it matches empty, and
			// glibc's own answers can be inconsistent (a group reported
			// outside its parent), so the offsets cannot be reproduced.
			p.unsupported(tok.pos, "optional or repeated group that can match the empty string")
		}
	}
	if max == -1 || max-min <= 1 || max > goMaxRepeat || p.unsupp != nil {
		// (Counts above Go's limit are refused by emitGo.)
		return &Node{Op: OpRepeat, Pos: tok.pos, Min: min, Max: max, Mode: Greedy, Sub: []*Node{elem}}
	}
	if max*(p.treeSize(elem)+2) > posixMaxUnrolled {
		p.unsupported(tok.pos, "repetition {n,m} too large to unroll the way glibc does")
		return &Node{Op: OpRepeat, Pos: tok.pos, Min: min, Max: max, Mode: Greedy, Sub: []*Node{elem}}
	}
	// glibc unrolls x{n,m} as n copies of x followed by m-n optional copies
	// nested to the left, ((x?x)?x)?, which prefers more iterations before
	// it prefers other choices inside the first iteration; Go's x{n,m}
	// nests to the right, (x(x(x)?)?)?. Build glibc's shape. Copies of a
	// group get Go groups of their own, mapped back to the one source group
	// (emitGoCaps); that needs each copy to consume input, as checked above.
	opt := &Node{Op: OpRepeat, Pos: tok.pos, Min: 0, Max: 1, Sub: []*Node{elem}}
	for i := 2; i <= max-min; i++ {
		opt = &Node{Op: OpRepeat, Pos: tok.pos, Min: 0, Max: 1, Sub: []*Node{{Op: OpConcat, Pos: tok.pos, Sub: []*Node{opt, elem}}}}
	}
	if min == 0 {
		return opt
	}
	var seq []*Node
	if min == 1 {
		seq = append(seq, elem)
	} else {
		seq = append(seq, &Node{Op: OpRepeat, Pos: tok.pos, Min: min, Max: min, Sub: []*Node{elem}})
	}
	return &Node{Op: OpConcat, Pos: tok.pos, Sub: append(seq, opt)}
}

// containsCapture reports whether n has a capturing group (memoized).
func (p *posixParser) containsCapture(n *Node) bool {
	if r, ok := p.hasCap[n]; ok {
		return r
	}
	r := n.Op == OpCapture
	for _, s := range n.Sub {
		r = r || p.containsCapture(s)
	}
	p.hasCap[n] = r
	return r
}

// treeSize is the number of nodes of n with shared subtrees counted at
// every use (memoized).
func (p *posixParser) treeSize(n *Node) int {
	if r, ok := p.size[n]; ok {
		return r
	}
	r := 1
	for _, s := range n.Sub {
		r += p.treeSize(s)
	}
	p.size[n] = r
	return r
}

// anchorNodes returns the nodes for an anchor token.
func (p *posixParser) anchorNodes(tok ptoken) []*Node {
	word := wordClass()
	a := func(k AssertKind) *Node {
		n := &Node{Op: OpAssert, Pos: tok.pos, Assert: k}
		if k == WordBoundary || k == NotWordBoundary {
			n.Class = word
		}
		return n
	}
	switch tok.anchor {
	case ancLineFirst:
		n := a(BeginText)
		if p.syn.newline {
			n = a(BeginLineAny)
		}
		p.lineAnchors[n] = "^"
		return []*Node{n}
	case ancLineLast:
		n := a(EndText)
		if p.syn.newline {
			n = a(EndLine)
		}
		p.lineAnchors[n] = "$"
		return []*Node{n}
	case ancBufFirst:
		n := a(BeginText)
		p.lineAnchors[n] = "\\`"
		return []*Node{n}
	case ancBufLast:
		n := a(EndText)
		p.lineAnchors[n] = "\\'"
		return []*Node{n}
	case ancWordDelim:
		return []*Node{a(WordBoundary)}
	case ancNotWordDelim:
		return []*Node{a(NotWordBoundary)}
	case ancWordFirst, ancWordLast:
		// \< is a word boundary followed by a word character, \> one
		// preceded by a word character.
		look := &Node{Op: OpLook, Pos: tok.pos, Behind: tok.anchor == ancWordLast,
			Sub: []*Node{{Op: OpClass, Pos: tok.pos, Class: wordClass()}}}
		return []*Node{a(WordBoundary), look}
	}
	return nil
}

// wordClass is glibc's word set in the C locale: [0-9A-Za-z_].
func wordClass() *Class {
	return &Class{Ranges: []RuneRange{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}}
}

// byteSet is a set of bytes as glibc's bitset_t.
type byteSet [256]bool

func byteSetOf(f func(b byte) bool) *byteSet {
	var s byteSet
	for i := 0; i < 256; i++ {
		s[i] = f(byte(i))
	}
	return &s
}

// subjectClass turns a set over pattern-side bytes into the class of
// subject bytes that glibc matches against it: under REG_ICASE the subject
// byte is upper-cased before the test. neg complements the set first.
// NUL is never part of a class: glibc never sees a NUL in the subject.
func (p *posixParser) subjectClass(s *byteSet, neg bool) *Class {
	c := &Class{}
	for b := 1; b < 256; b++ {
		x := byte(b)
		if p.syn.icase {
			x = toUpperASCII(x)
		}
		if s[x] != neg {
			c.AddRune(rune(b))
		}
	}
	c.Normalize()
	return c
}

// charNode is the node for a literal character token.
func (p *posixParser) charNode(tok ptoken) *Node {
	if !p.syn.icase {
		return &Node{Op: OpLiteral, Pos: tok.pos, Rune: rune(tok.c)}
	}
	var s byteSet
	s[tok.c] = true
	c := p.subjectClass(&s, false)
	if r, ok := c.Single(); ok {
		return &Node{Op: OpLiteral, Pos: tok.pos, Rune: r}
	}
	return &Node{Op: OpClass, Pos: tok.pos, Class: c}
}

func isAlnumByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
}
func isSpaceByte(b byte) bool { return b == ' ' || b >= '\t' && b <= '\r' }

// posixClasses are the C-locale character classes by name.
var posixClasses = map[string]func(b byte) bool{
	"alpha":  func(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' },
	"upper":  func(b byte) bool { return b >= 'A' && b <= 'Z' },
	"lower":  func(b byte) bool { return b >= 'a' && b <= 'z' },
	"digit":  func(b byte) bool { return b >= '0' && b <= '9' },
	"xdigit": func(b byte) bool { return b >= '0' && b <= '9' || b >= 'A' && b <= 'F' || b >= 'a' && b <= 'f' },
	"space":  isSpaceByte,
	"print":  func(b byte) bool { return b >= 0x20 && b < 0x7f },
	"punct": func(b byte) bool {
		return b > 0x20 && b < 0x7f && !isAlnumByte(b)
	},
	"graph": func(b byte) bool { return b > 0x20 && b < 0x7f },
	"cntrl": func(b byte) bool { return b < 0x20 || b == 0x7f },
	"blank": func(b byte) bool { return b == ' ' || b == '\t' },
	"alnum": isAlnumByte,
}

// Bracket tokens (glibc peek_token_bracket).
const (
	btChar = iota
	btEnd
	btRange
	btClose
	btNonMatch
	btOpenColl
	btOpenEquiv
	btOpenClass
)

type btoken struct {
	typ int
	c   byte
	n   int
}

func (p *posixParser) peekBracket(i int) btoken {
	if i >= len(p.src) {
		return btoken{typ: btEnd}
	}
	c := p.at(i)
	if c == '[' {
		var c2 byte
		if i+1 < len(p.src) {
			c2 = p.at(i + 1)
		}
		switch c2 {
		case '.':
			return btoken{typ: btOpenColl, c: c2, n: 2}
		case '=':
			return btoken{typ: btOpenEquiv, c: c2, n: 2}
		case ':':
			return btoken{typ: btOpenClass, c: c2, n: 2}
		}
		return btoken{typ: btChar, c: c, n: 1}
	}
	switch c {
	case '-':
		return btoken{typ: btRange, c: c, n: 1}
	case ']':
		return btoken{typ: btClose, c: c, n: 1}
	case '^':
		return btoken{typ: btNonMatch, c: c, n: 1}
	}
	return btoken{typ: btChar, c: c, n: 1}
}

// A bracket element (glibc bracket_elem_t).
const (
	beChar = iota
	beColl
	beEquiv
	beClass
)

type belem struct {
	typ  int
	ch   byte
	name string
}

// parseBracketElement is glibc parse_bracket_element; the token has not
// been skipped yet.
func (p *posixParser) parseBracketElement(tok btoken, acceptHyphen bool) (belem, string) {
	p.pos += tok.n
	switch tok.typ {
	case btOpenColl, btOpenEquiv, btOpenClass:
		return p.parseBracketSymbol(tok)
	case btRange:
		if !acceptHyphen {
			if t2 := p.peekBracket(p.pos); t2.typ != btClose {
				return belem{}, msgERange
			}
		}
	}
	return belem{typ: beChar, ch: tok.c}, ""
}

// parseBracketSymbol reads the name of [:name:], [.name.] or [=name=].
func (p *posixParser) parseBracketSymbol(tok btoken) (belem, string) {
	if p.pos >= len(p.src) {
		return belem{}, msgEBrack
	}
	var name []byte
	for i := 0; ; i++ {
		if i >= 32 {
			return belem{}, msgEBrack
		}
		var ch byte
		if tok.typ == btOpenClass {
			ch = p.src[p.pos] // the original case
		} else {
			ch = p.at(p.pos)
		}
		p.pos++
		if p.pos >= len(p.src) {
			return belem{}, msgEBrack
		}
		if ch == tok.c && p.at(p.pos) == ']' {
			break
		}
		name = append(name, ch)
	}
	p.pos++
	e := belem{name: string(name)}
	switch tok.typ {
	case btOpenColl:
		e.typ = beColl
	case btOpenEquiv:
		e.typ = beEquiv
	case btOpenClass:
		e.typ = beClass
	}
	return e, ""
}

// parseBracket parses a bracket expression after its '[' token (glibc
// parse_bracket_exp) and returns its class node.
func (p *posixParser) parseBracket() *Node {
	open := p.tok.pos
	var set byteSet
	fail := func(msg string) *Node {
		p.fail(open, msg)
		return nil
	}
	tok := p.peekBracket(p.pos)
	if tok.typ == btEnd {
		return fail(msgBadPat)
	}
	nonMatch := false
	if tok.typ == btNonMatch {
		nonMatch = true
		if p.syn.newline {
			set['\n'] = true
		}
		p.pos += tok.n
		tok = p.peekBracket(p.pos)
		if tok.typ == btEnd {
			return fail(msgBadPat)
		}
	}
	if tok.typ == btClose {
		tok.typ = btChar
	}
	first := true
	for {
		start, msg := p.parseBracketElement(tok, first)
		if msg != "" {
			return fail(msg)
		}
		first = false
		tok = p.peekBracket(p.pos)
		isRange := false
		var tok2 btoken
		if start.typ != beClass && start.typ != beEquiv {
			if tok.typ == btEnd {
				return fail(msgEBrack)
			}
			if tok.typ == btRange {
				p.pos += tok.n
				tok2 = p.peekBracket(p.pos)
				if tok2.typ == btEnd {
					return fail(msgEBrack)
				}
				if tok2.typ == btClose {
					p.pos -= tok.n // the last '-' is an ordinary character
					tok.typ = btChar
				} else {
					isRange = true
				}
			}
		}
		if isRange {
			end, msg := p.parseBracketElement(tok2, true)
			if msg != "" {
				return fail(msg)
			}
			tok = p.peekBracket(p.pos)
			if msg := buildRange(&set, start, end); msg != "" {
				return fail(msg)
			}
		} else {
			switch start.typ {
			case beChar:
				set[start.ch] = true
			case beEquiv, beColl:
				if len(start.name) != 1 {
					return fail(msgECollate)
				}
				set[start.name[0]] = true
			case beClass:
				name := start.name
				if p.syn.icase && (name == "upper" || name == "lower") {
					name = "alpha"
				}
				f, ok := posixClasses[name]
				if !ok {
					return fail(msgECtype)
				}
				for b := 0; b < 256; b++ {
					if f(byte(b)) {
						set[b] = true
					}
				}
			}
		}
		if tok.typ == btEnd {
			return fail(msgEBrack)
		}
		if tok.typ == btClose {
			break
		}
	}
	p.pos += tok.n
	return &Node{Op: OpClass, Pos: open, Class: p.subjectClass(&set, nonMatch)}
}

// buildRange adds start-end to set (C locale: byte order).
func buildRange(set *byteSet, start, end belem) string {
	if start.typ == beEquiv || start.typ == beClass || end.typ == beEquiv || end.typ == beClass {
		return msgERange
	}
	val := func(e belem) (int, bool) {
		if e.typ == beChar {
			return int(e.ch), true
		}
		if len(e.name) == 1 {
			return int(e.name[0]), true
		}
		return 0, false
	}
	lo, ok1 := val(start)
	hi, ok2 := val(end)
	if !ok1 || !ok2 {
		return msgECollate
	}
	if lo > hi {
		return msgERange
	}
	for b := lo; b <= hi; b++ {
		set[b] = true
	}
	return ""
}

// checkLineAnchors refuses the anchors whose meaning glibc makes depend on
// the characters next to them inside the match:
//
//   - glibc's DFA treats a "\n" it consumes as a line break even without
//     REG_NEWLINE, while its submatch pass does not: `$.` matches "\n" (the
//     `$` before it), `.^a` matches "\na", yet `($.)` matches nothing;
//   - in the copies of an unrolled x{n,m} glibc can lose an anchor's
//     condition: `(\'.){,2}` matches "a".
//
// So ^ \` (and ^ under REG_NEWLINE unless only a newline can come before
// it) must not follow anything that consumes a character inside the match,
// and $ \' (and $ under REG_NEWLINE unless only a newline can follow)
// must not precede one. The anchors used as anchors always pass.
func (p *posixParser) checkLineAnchors(root *Node) {
	var nl charBits
	nl[0] = 1 << '\n'
	var walk func(n *Node, follow, precede charBits)
	walk = func(n *Node, follow, precede charBits) {
		if p.unsupp != nil {
			return
		}
		switch n.Op {
		case OpAssert:
			src, ok := p.lineAnchors[n]
			if !ok {
				return
			}
			switch n.Assert {
			case BeginText, BeginLineAny:
				allowed := charBits{}
				if n.Assert == BeginLineAny {
					allowed = nl
				}
				if !precede.subsetOf(allowed) {
					p.unsupported(n.Pos, src+" after a pattern that can consume a character (glibc matches it inconsistently)")
				}
			case EndText, EndLine:
				allowed := charBits{}
				if n.Assert == EndLine {
					allowed = nl
				}
				if !follow.subsetOf(allowed) {
					p.unsupported(n.Pos, src+" before a pattern that can consume a character (glibc matches it inconsistently)")
				}
			}
		case OpConcat:
			for i, s := range n.Sub {
				f := p.restFollowFrom(n.Sub, i+1, follow)
				pr := p.restPrecede(n.Sub, i-1, precede)
				walk(s, f, pr)
			}
		case OpAlternate, OpCapture, OpAtomic, OpLook:
			for _, s := range n.Sub {
				walk(s, follow, precede)
			}
		case OpRepeat:
			if n.Max == 0 {
				return
			}
			f, pr := follow, precede
			if n.Max == -1 || n.Max > 1 {
				first, last, _ := p.firstLast(n.Sub[0])
				f = f.or(first)
				pr = pr.or(last)
			}
			walk(n.Sub[0], f, pr)
		}
	}
	walk(root, charBits{}, charBits{})
}

// restFollowFrom is the set of characters that can come first after
// subs[:j], given what can follow the whole sequence.
func (p *posixParser) restFollowFrom(subs []*Node, j int, follow charBits) charBits {
	var out charBits
	for ; j < len(subs); j++ {
		first, _, nullable := p.firstLast(subs[j])
		out = out.or(first)
		if !nullable {
			return out
		}
	}
	return out.or(follow)
}

// restPrecede is the set of characters that can come last in subs[:i+1],
// given what can precede the whole sequence.
func (p *posixParser) restPrecede(subs []*Node, i int, precede charBits) charBits {
	var out charBits
	for ; i >= 0; i-- {
		_, last, nullable := p.firstLast(subs[i])
		out = out.or(last)
		if !nullable {
			return out
		}
	}
	return out.or(precede)
}

// charBits is a set of code points 0–255.
type charBits [4]uint64

func (c charBits) subsetOf(d charBits) bool {
	for i := range c {
		if c[i]&^d[i] != 0 {
			return false
		}
	}
	return true
}
func (c charBits) or(d charBits) charBits {
	for i := range c {
		c[i] |= d[i]
	}
	return c
}
func classBits(cl *Class) charBits {
	var c charBits
	for _, r := range cl.Materialize(0xff).Ranges {
		for x := r.Lo; x <= r.Hi; x++ {
			c[x>>6] |= 1 << (uint(x) & 63)
		}
	}
	return c
}

// firstLast returns the characters a match of n can start and end with,
// and whether n can match the empty string (assertions ignored: an
// over-approximation).
func (p *posixParser) firstLast(n *Node) (first, last charBits, nullable bool) {
	if r, ok := p.fl[n]; ok {
		return r.first, r.last, r.nullable
	}
	first, last, nullable = p.firstLastUncached(n)
	p.fl[n] = flInfo{first, last, nullable}
	return first, last, nullable
}

// flInfo is a memoized firstLast result (unrolled repetitions share
// subtrees, so the tree is a DAG whose paths can be exponential).
type flInfo struct {
	first, last charBits
	nullable    bool
}

func (p *posixParser) firstLastUncached(n *Node) (first, last charBits, nullable bool) {
	switch n.Op {
	case OpLiteral:
		if n.Rune >= 0 && n.Rune < 256 {
			first[n.Rune>>6] |= 1 << (uint(n.Rune) & 63)
		}
		return first, first, false
	case OpClass:
		first = classBits(n.Class)
		return first, first, false
	case OpCapture, OpAtomic:
		return p.firstLast(n.Sub[0])
	case OpRepeat:
		if n.Max == 0 {
			return first, last, true
		}
		first, last, nullable = p.firstLast(n.Sub[0])
		return first, last, nullable || n.Min == 0
	case OpConcat:
		nullable = true
		for _, s := range n.Sub {
			f, _, nl := p.firstLast(s)
			first = first.or(f)
			if !nl {
				nullable = false
				break
			}
		}
		for i := len(n.Sub) - 1; i >= 0; i-- {
			_, l, nl := p.firstLast(n.Sub[i])
			last = last.or(l)
			if !nl {
				break
			}
		}
		return first, last, nullable
	case OpAlternate:
		for _, s := range n.Sub {
			f, l, nl := p.firstLast(s)
			first, last = first.or(f), last.or(l)
			nullable = nullable || nl
		}
		return first, last, nullable
	case OpBackref:
		// Anything the group could have matched.
		var all charBits
		for i := range all {
			all[i] = ^uint64(0)
		}
		return all, all, true
	}
	return first, last, true
}

// posixSubject is the part of a subject regexec sees: it takes a C string,
// so it stops at the first NUL byte.
func posixSubject(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// posixRunes is posixSubject for a subject already in runes.
func posixRunes(r []rune) []rune {
	for i, c := range r {
		if c == 0 {
			return r[:i]
		}
	}
	return r
}
