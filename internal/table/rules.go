package table

import (
	"errors"
	"strings"
	"unsafe"

	"github.com/mailsift/mailsift/internal/regex"
)

// RegexTable is a pcre: or regexp: table. Both share one rule parser
// (spec §4.2); they differ in flags, engine and a few message texts.
type RegexTable struct {
	kind  string // "pcre" or "regexp"
	name  string
	rules []rxRule
	warn  Warning
}

const (
	rxMatch = iota
	rxIf
	rxEndif
)

type rxRule struct {
	op    uint8
	neg1  bool
	pre1  string // anchored literal prefix of re1 ("" = none), see prefix.go
	fold1 bool
	re1   *regex.Regexp
	re2   *regex.Regexp // regexp only: "/p1/!/p2/"
	neg2  bool
	value string // result without substitution
	parts []substPart
	subst bool
	skip  int // rxIf: rule index to continue at when false; -1: unterminated
	line  int
}

type rxDialect struct {
	kind        string
	defaultFlag regex.Flags
	closeVerb   string // "ignoring" (pcre) / "skipping" (regexp)
	hyphen      bool
}

var (
	pcreDialect   = rxDialect{kind: "pcre", defaultFlag: regex.Caseless | regex.DotAll, closeVerb: "ignoring"}
	regexpDialect = rxDialect{kind: "regexp", defaultFlag: regex.Caseless, closeVerb: "skipping", hyphen: true}
)

type rxPat struct {
	neg     bool
	pattern string
	flags   regex.Flags
	basic   bool // regexp "x": POSIX BRE
}

func openRegex(d *rxDialect, name string, opt *Options) (*RegexTable, error) {
	if opt == nil {
		opt = &Options{}
	}
	var data []byte
	var err error
	if strings.HasPrefix(name, "{") {
		data, err = inlineFile(d.kind, name)
	} else {
		data, err = readFile(opt, name)
		if err != nil {
			err = fatalf("open %s: %s", name, errnoText(err))
		}
	}
	if err != nil {
		return nil, err
	}
	return parseRegex(d, name, data, opt.Warn)
}

func parseRegex(d *rxDialect, name string, data []byte, warn Warning) (*RegexTable, error) {
	t := &RegexTable{kind: d.kind, name: name, warn: warn}
	prefix := d.kind + " map " + name
	w := func(line int, format string, args ...any) {
		if warn != nil {
			warn(sprintf("%s, line %d: ", prefix, line) + sprintf(format, args...))
		}
	}
	wb := func(s string) {
		if warn != nil {
			warn(s)
		}
	}
	var stack []int
	for _, ln := range ReadLines(name, data, warn) {
		p := trimSpaceRight(ln.Text)
		if p == "" {
			continue
		}
		if isAlnum(p[0]) {
			switch {
			case hasKeyword(p, "if"):
				// IF takes one pattern; regexp's "!/p2/" is extra text here.
				p1, rest, ok := d.getPat(p[2:], ln.Num, w)
				if !ok {
					continue
				}
				var p2 *rxPat
				if rest = trimSpaceLeft(rest); rest != "" {
					w(ln.Num, "ignoring extra text after IF statement: \"%s\"", rest)
					w(ln.Num, "do not prepend whitespace to statements between IF and ENDIF")
				}
				r := rxRule{op: rxIf, line: ln.Num, skip: -1}
				if err := d.compile(&r, p1, p2, prefix, ln.Num, w); err != nil {
					if errors.Is(err, errSkip) {
						continue
					}
					return nil, err
				}
				stack = append(stack, len(t.rules))
				t.rules = append(t.rules, r)
			case hasKeyword(p, "endif"):
				if len(stack) == 0 {
					w(ln.Num, "ignoring ENDIF without matching IF")
					continue
				}
				if trimSpaceLeft(p[5:]) != "" {
					w(ln.Num, "ignoring extra text after ENDIF")
				}
				t.rules[stack[len(stack)-1]].skip = len(t.rules) + 1
				stack = stack[:len(stack)-1]
				t.rules = append(t.rules, rxRule{op: rxEndif, line: ln.Num})
			default:
				w(ln.Num, "ignoring unrecognized request")
			}
			continue
		}
		p1, p2, rest, ok := d.getPats(p, ln.Num, w)
		if !ok {
			continue
		}
		res := trimSpaceLeft(rest)
		r := rxRule{op: rxMatch, line: ln.Num, value: res, neg1: p1.neg}
		if res == "" {
			w(ln.Num, "no replacement text: using empty string")
		}
		parts, maxSub, bare, pre := parseSubst(res, d.hyphen)
		if bare != "" || pre != "" {
			if bare != "" {
				wb(bare)
			} else {
				w(ln.Num, "%s", pre)
			}
			w(ln.Num, "bad replacement syntax: skipping this rule")
			continue
		}
		if maxSub > 0 && p1.neg {
			w(ln.Num, "$number found in negative match replacement text: skipping this rule")
			continue
		}
		if err := d.compile(&r, p1, p2, prefix, ln.Num, w); err != nil {
			if errors.Is(err, errSkip) {
				continue
			}
			return nil, err
		}
		if maxSub > r.re1.NumSubexp() {
			w(ln.Num, "out of range replacement index \"%d\": skipping this rule", maxSub)
			continue
		}
		if maxSub > 0 {
			r.parts, r.subst = parts, true
		} else {
			r.value = expand(parts, "", nil) // "$$" is a literal '$'
		}
		t.rules = append(t.rules, r)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		w(t.rules[stack[i]].line, "IF has no matching ENDIF")
	}
	return t, nil
}

var errSkip = errors.New("skip rule")

// getPats parses "[!]/pat/flags" (and for regexp an optional "!/pat2/flags")
// and returns the rest of the line.
func (d *rxDialect) getPats(s string, line int, w func(int, string, ...any)) (p1, p2 *rxPat, rest string, ok bool) {
	p1, rest, ok = d.getPat(s, line, w)
	if !ok {
		return nil, nil, "", false
	}
	if d.kind == "regexp" && rest != "" && rest[0] == '!' {
		p2, rest, ok = d.getPat(rest[1:], line, w)
		if !ok {
			return nil, nil, "", false
		}
	}
	return p1, p2, rest, true
}

func (d *rxDialect) getPat(s string, line int, w func(int, string, ...any)) (*rxPat, string, bool) {
	p := &rxPat{flags: d.defaultFlag}
	p.neg, s = negPrefix(s)
	if s == "" {
		w(line, "no regexp: skipping this rule")
		return nil, "", false
	}
	delim := s[0]
	s = s[1:]
	end := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			continue
		}
		if s[i] == delim {
			end = i
			break
		}
	}
	if end < 0 {
		w(line, "no closing regexp delimiter \"%s\": %s this rule", string(delim), d.closeVerb)
		return nil, "", false
	}
	p.pattern = s[:end]
	s = s[end+1:]
	i := 0
	for ; i < len(s) && !isSpace(s[i]); i++ {
		c := s[i]
		if d.kind == "regexp" {
			if c == '!' {
				break
			}
			switch c {
			case 'i':
				p.flags ^= regex.Caseless
			case 'm':
				p.flags ^= regex.Multiline
			case 'x':
				p.basic = !p.basic
			default:
				w(line, "unknown regexp option \"%c\": skipping this rule", c)
				return nil, "", false
			}
			continue
		}
		switch c {
		case 'i':
			p.flags ^= regex.Caseless
		case 'm':
			p.flags ^= regex.Multiline
		case 's':
			p.flags ^= regex.DotAll
		case 'x':
			p.flags ^= regex.Extended
		case 'A':
			p.flags ^= regex.Anchored
		case 'E':
			p.flags ^= regex.DollarEndOnly
		case 'U':
			p.flags ^= regex.Ungreedy
		case 'X':
			w(line, "ignoring obsolete regexp option \"X\"")
		default:
			w(line, "unknown regexp option \"%c\": skipping this rule", c)
			return nil, "", false
		}
	}
	return p, s[i:], true
}

// compile compiles the rule's patterns. A pattern the engine rejects is
// reported as Postfix reports it and errSkip returned; a pattern mailsift
// cannot emulate returns *UnsupportedError.
func (d *rxDialect) compile(r *rxRule, p1, p2 *rxPat, prefix string, line int, w func(int, string, ...any)) error {
	var err error
	if r.re1, err = d.compile1(p1, prefix, line, w); err != nil {
		return err
	}
	r.pre1, r.fold1 = anchoredPrefix(p1, d.kind)
	r.neg1 = p1.neg
	if p2 != nil {
		if r.re2, err = d.compile1(p2, prefix, line, w); err != nil {
			return err
		}
		r.neg2 = p2.neg
	}
	return nil
}

func (d *rxDialect) compile1(p *rxPat, prefix string, line int, w func(int, string, ...any)) (*regex.Regexp, error) {
	dial := regex.PCRE2
	if d.kind == "regexp" {
		dial = regex.POSIXExtended
		if p.basic {
			dial = regex.POSIXBasic
		}
	}
	re, err := regex.Compile(dial, p.pattern, p.flags)
	if err == nil {
		return re, nil
	}
	var rerr *regex.Error
	if errors.As(err, &rerr) && rerr.Code == regex.ErrInvalid {
		if d.kind == "pcre" {
			w(line, "error in regex at offset %d: %s", rerr.Offset, rerr.Msg)
		} else {
			w(line, "%s", rerr.Msg)
		}
		return nil, errSkip
	}
	return nil, &UnsupportedError{Map: prefix, Line: line, Err: err}
}

// Name implements Table.
func (t *RegexTable) Name() string { return t.kind + ":" + t.name }

// Fixed implements Table (a pattern table).
func (t *RegexTable) Fixed() bool { return false }

// Rules returns the number of compiled rules (match, IF and ENDIF).
func (t *RegexTable) Rules() int { return len(t.rules) }

// Lookup implements Table: rules top to bottom, first match wins. A match
// limit hit is Postfix's warning and no match. Only a result with $n
// substitution allocates.
func (t *RegexTable) Lookup(key string) (string, bool, error) {
	b := unsafe.Slice(unsafe.StringData(key), len(key))
	for i := 0; i < len(t.rules); {
		r := &t.rules[i]
		switch r.op {
		case rxMatch:
			if !r.subst {
				ok, err := t.matches(r, b)
				if err != nil {
					return "", false, err
				}
				if ok {
					return r.value, true, nil
				}
				break
			}
			if r.pre1 != "" && !hasPrefix(key, r.pre1, r.fold1) {
				break
			}
			m, err := r.re1.FindSubmatchIndex(b)
			if err != nil {
				if !t.limit(r, err) {
					return "", false, t.unsupported(r, err)
				}
				m = nil
			}
			if m == nil {
				break
			}
			if r.re2 != nil {
				ok2, err := t.match1(r, r.re2, b)
				if err != nil {
					return "", false, err
				}
				if ok2 != r.neg2 {
					break
				}
			}
			return expand(r.parts, key, m), true, nil
		case rxIf:
			ok, err := t.matches(r, b)
			if err != nil {
				return "", false, err
			}
			if !ok {
				if r.skip < 0 {
					return "", false, nil
				}
				i = r.skip
				continue
			}
		}
		i++
	}
	return "", false, nil
}

// matches evaluates the rule's condition including negation.
func (t *RegexTable) matches(r *rxRule, b []byte) (bool, error) {
	var ok bool
	var err error
	if r.pre1 == "" || hasPrefix(unsafe.String(unsafe.SliceData(b), len(b)), r.pre1, r.fold1) {
		ok, err = t.match1(r, r.re1, b)
	}
	if err != nil {
		return false, err
	}
	if ok == r.neg1 {
		return false, nil
	}
	if r.re2 == nil {
		return true, nil
	}
	ok2, err := t.match1(r, r.re2, b)
	if err != nil {
		return false, err
	}
	return ok2 == r.neg2, nil
}

func (t *RegexTable) match1(r *rxRule, re *regex.Regexp, b []byte) (bool, error) {
	ok, err := re.Match(b)
	if err != nil {
		if t.limit(r, err) {
			return false, nil
		}
		return false, t.unsupported(r, err)
	}
	return ok, nil
}

// limit reports a match-limit hit as Postfix does; other errors are
// returned to the caller.
func (t *RegexTable) limit(r *rxRule, err error) bool {
	if !errors.Is(err, regex.ErrMatchLimit) {
		return false
	}
	if t.warn != nil {
		t.warn(sprintf("%s map %s, line %d: match limit exceeded", t.kind, t.name, r.line))
	}
	return true
}

// unsupported wraps a match error mailsift cannot turn into Postfix's
// behaviour (regex.ErrSubjectUnsupported): the lookup fails instead of
// answering differently.
func (t *RegexTable) unsupported(r *rxRule, err error) error {
	return &UnsupportedError{Map: t.kind + " map " + t.name, Line: r.line, Err: err}
}
