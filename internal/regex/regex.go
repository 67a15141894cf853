package regex

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// Dialect is the source regex language a pattern is written in.
type Dialect uint8

// The dialects.
const (
	// PCRE2 is PCRE2 10.42 without PCRE2_UTF, as Postfix's pcre: tables use
	// it: the subject is a byte string, every byte is one character (code
	// points 0–255), offsets are byte offsets.
	PCRE2 Dialect = iota + 1
	// Python is Python 3.11 re on str, as fail2ban 1.0.2 uses it: the
	// subject is decoded from UTF-8 with errors='replace' (see DecodePython)
	// and offsets count code points of the decoded text.
	Python
	// POSIXExtended is glibc regcomp(REG_EXTENDED) in the C locale, as
	// Postfix's regexp: tables use it: leftmost-longest, bytes.
	POSIXExtended
	// POSIXBasic is glibc regcomp without REG_EXTENDED (Postfix's "x" flag).
	POSIXBasic
)

func (d Dialect) String() string {
	switch d {
	case PCRE2:
		return "pcre2"
	case Python:
		return "python"
	case POSIXExtended:
		return "posix-ere"
	case POSIXBasic:
		return "posix-bre"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// byteMode reports whether subjects are byte strings (one character per byte).
func (d Dialect) byteMode() bool { return d != Python }

// Flags are the compile options of the source engine. Each dialect reads
// the flags that exist in it and rejects the others.
type Flags uint16

// The flags, with their names in each dialect.
const (
	Caseless      Flags = 1 << iota // PCRE2_CASELESS, re.IGNORECASE, REG_ICASE
	Multiline                       // PCRE2_MULTILINE, re.MULTILINE, REG_NEWLINE
	DotAll                          // PCRE2_DOTALL, re.DOTALL
	Extended                        // PCRE2_EXTENDED, re.VERBOSE
	Anchored                        // PCRE2_ANCHORED
	DollarEndOnly                   // PCRE2_DOLLAR_ENDONLY
	Ungreedy                        // PCRE2_UNGREEDY
	ASCII                           // re.ASCII
)

// ErrMatchLimit is returned (wrapped) by match functions when a match hits
// the deterministic resource bound. Callers treat it as PCRE2's
// "match limit exceeded": Postfix logs a warning and the rule does not match.
var ErrMatchLimit = errors.New("regex: match limit exceeded")

// ErrorCode says why a pattern was not compiled.
type ErrorCode uint8

// The error codes.
const (
	// ErrInvalid: the source engine rejects the pattern too. Msg is the
	// source engine's message and Offset its offset.
	ErrInvalid ErrorCode = iota + 1
	// ErrUnsupported: the source engine accepts the pattern, but mailsift
	// cannot reproduce its meaning exactly, so it refuses it rather than
	// give a different answer. Construct names the construct.
	ErrUnsupported
)

func (c ErrorCode) String() string {
	switch c {
	case ErrInvalid:
		return "invalid pattern"
	case ErrUnsupported:
		return "unsupported construct"
	}
	return "ErrorCode(" + fmt.Sprint(uint8(c)) + ")"
}

// Error is a compile error.
type Error struct {
	Dialect   Dialect
	Code      ErrorCode
	Offset    int    // byte offset in the pattern (the source engine's offset for ErrInvalid)
	Construct string // ErrUnsupported: the construct, e.g. `\K`, `(*SKIP)`, "recursion"
	SourceNum int    // ErrInvalid: the source engine's error number where it has one (PCRE2: 101–199), else 0
	Msg       string // ErrInvalid: the source engine's message text
}

func (e *Error) Error() string {
	if e.Code == ErrUnsupported {
		return fmt.Sprintf("%s: unsupported construct %s at offset %d", e.Dialect, e.Construct, e.Offset)
	}
	return fmt.Sprintf("%s: error at offset %d: %s", e.Dialect, e.Offset, e.Msg)
}

// Options tune resource bounds. The zero value gives the defaults.
type Options struct {
	// StackLimit bounds regexp2's backtracking stack, in int slots
	// (default 4,000,000, enough for Postfix's 100 KB header_size_limit on
	// ordinary patterns). Exceeding it gives ErrMatchLimit. Deterministic.
	StackLimit int
	// Timeout is a wall-clock last resort (default: none). When set, a
	// match that runs longer also gives ErrMatchLimit. It is never the only
	// bound: the prefilter and StackLimit always apply, and the linear-time
	// guard for patterns the risk analysis flags (guard.go).
	Timeout time.Duration
}

const defaultStackLimit = 4_000_000

// Regexp is a compiled pattern. It is safe for concurrent use.
type Regexp struct {
	dialect Dialect
	flags   Flags
	expr    string
	ncap    int
	names   map[string]int
	canon   string          // canonical backend pattern
	bt      *regexp2.Regexp // backtracking backend (PCRE2, Python)
	linear  *regexp.Regexp  // Go RE2 backend (POSIX leftmost-longest; subjects end at a NUL, as for regexec)
	goCaps  []int           // linear: source group of each Go group, nil if the same (emitGoCaps)
	guard   *regexp.Regexp  // linear-time superset of a risky pattern (guard.go)
	pre     prefilter
	// foldBackref: a caseless backreference; regexp2 folds non-ASCII
	// letters differently from the source engines, so subjects with
	// non-ASCII characters are refused at match time (ErrMatchLimit is not
	// right there: see ErrSubjectUnsupported).
	foldBackref bool
}

// ErrSubjectUnsupported is returned by match functions when the pattern
// contains a construct whose meaning depends on data mailsift cannot
// reproduce for this particular subject (a caseless backreference on a
// subject with non-ASCII characters). It is never a silent difference.
var ErrSubjectUnsupported = errors.New("regex: caseless backreference on non-ASCII subject not supported")

// Compile parses pattern in dialect d with flags and compiles it.
func Compile(d Dialect, pattern string, flags Flags) (*Regexp, error) {
	return CompileOptions(d, pattern, flags, Options{})
}

// CompileOptions is Compile with explicit resource bounds.
func CompileOptions(d Dialect, pattern string, flags Flags, opt Options) (*Regexp, error) {
	t, err := Parse(d, pattern, flags)
	if err != nil {
		return nil, err
	}
	return compileTreeOptions(t, d, pattern, flags, opt)
}

// compileTreeOptions compiles a parsed tree.
func compileTreeOptions(t *Tree, d Dialect, pattern string, flags Flags, opt Options) (*Regexp, error) {
	var err error
	re := &Regexp{dialect: d, flags: flags, expr: pattern, ncap: t.NCap, names: t.Names}
	re.pre = buildPrefilter(t, d)
	Walk(t.Root, func(n *Node) bool {
		if n.Op == OpBackref && n.Fold {
			re.foldBackref = true
		}
		return true
	})
	switch d {
	case POSIXExtended, POSIXBasic:
		re.canon, re.goCaps, err = emitGoCaps(t, d)
		if err != nil {
			return nil, err
		}
		re.linear, err = compileGoLongest(re.canon)
		if err != nil {
			return nil, fmt.Errorf("regex: internal error: canonical Go pattern %q for %q does not compile: %w", re.canon, pattern, err)
		}
	default:
		re.canon = emitRegexp2(t, d.byteMode())
		limit := opt.StackLimit
		if limit == 0 {
			limit = defaultStackLimit
		}
		re.bt, err = regexp2.Compile(re.canon, regexp2.None, regexp2.OptionMaxBacktrackingStackSize(limit))
		if err != nil {
			return nil, fmt.Errorf("regex: internal error: canonical pattern %q for %q does not compile: %w", re.canon, pattern, err)
		}
		if opt.Timeout > 0 {
			re.bt.MatchTimeout = opt.Timeout
		}
		if risky(t) {
			// No guard when the superset cannot be written for Go: the
			// stack limit and the prefilter still apply.
			if text, gerr := emitGo(&Tree{Root: superset(t.Root), NCap: t.NCap}, d); gerr == nil {
				re.guard, _ = regexp.Compile(text)
			}
		}
	}
	return re, nil
}

// Parse parses pattern in dialect d into a Tree with every flag resolved.
func Parse(d Dialect, pattern string, flags Flags) (*Tree, error) {
	switch d {
	case PCRE2:
		return parsePCRE(pattern, flags)
	case Python:
		return parsePython(pattern, flags)
	case POSIXExtended, POSIXBasic:
		return parsePOSIX(pattern, flags, d == POSIXExtended)
	}
	return nil, fmt.Errorf("regex: unknown dialect %v", d)
}

// String returns the source pattern.
func (re *Regexp) String() string { return re.expr }

// Dialect returns the pattern's dialect.
func (re *Regexp) Dialect() Dialect { return re.dialect }

// Canonical returns the backend pattern the source pattern was translated to.
func (re *Regexp) Canonical() string { return re.canon }

// NumSubexp returns the number of capturing groups.
func (re *Regexp) NumSubexp() int { return re.ncap }

// SubexpIndex returns the number of the group with the given name, or -1.
func (re *Regexp) SubexpIndex(name string) int {
	if n, ok := re.names[name]; ok {
		return n
	}
	return -1
}

// SubexpNames returns the names of the groups, indexed by number (index 0
// and unnamed groups are "").
func (re *Regexp) SubexpNames() []string {
	out := make([]string, re.ncap+1)
	for name, n := range re.names {
		out[n] = name
	}
	return out
}

// runePool recycles subject buffers so that matching does not allocate.
var runePool = sync.Pool{New: func() any { b := make([]rune, 0, 256); return &b }}

// Subject appends the dialect's view of the subject bytes b to dst: one
// code point per byte (0–255) for the byte dialects, Python's
// errors='replace' UTF-8 decoding for Python.
func (re *Regexp) Subject(dst []rune, b []byte) []rune {
	if re.dialect == Python {
		return DecodePython(dst, b)
	}
	n := len(dst)
	dst = slices.Grow(dst, len(b))[:n+len(b)]
	d := dst[n:]
	for i, c := range b {
		d[i] = rune(c)
	}
	return dst
}

// Match reports whether the pattern matches somewhere in subject.
func (re *Regexp) Match(subject []byte) (bool, error) {
	if !re.pre.mayMatch(subject) {
		return false, nil
	}
	if re.linear != nil {
		subject = posixSubject(subject)
		if isASCII(subject) {
			// The same code points and offsets as the one-byte view, and
			// no reader to allocate.
			return re.linear.Match(subject), nil
		}
		return re.linear.MatchReader(&latin1Reader{b: subject}), nil
	}
	bp := runePool.Get().(*[]rune)
	r := re.Subject((*bp)[:0], subject)
	ok, err := re.MatchRunes(r)
	*bp = r[:0]
	runePool.Put(bp)
	return ok, err
}

// MatchString is Match on a string.
func (re *Regexp) MatchString(s string) (bool, error) {
	return re.Match(unsafeBytes(s))
}

// MatchRunes reports whether the pattern matches r, a subject already in
// the dialect's view (see Subject).
func (re *Regexp) MatchRunes(r []rune) (bool, error) {
	if re.linear != nil {
		return re.linear.MatchReader(&runeReader{r: posixRunes(r)}), nil
	}
	return re.matchRunes(r)
}

func (re *Regexp) matchRunes(r []rune) (bool, error) {
	if re.guard != nil && !re.guard.MatchReader(&runeReader{r: r}) {
		return false, nil
	}
	if err := re.checkSubject(r); err != nil {
		return false, err
	}
	ok, err := re.bt.MatchRunes(r)
	if err != nil {
		return false, mapErr(err)
	}
	return ok, nil
}

// FindSubmatchIndex returns the leftmost match and its groups as index
// pairs (2*(NumSubexp()+1) ints, -1 for a group that did not participate),
// or nil. Offsets are byte offsets for the byte dialects and code point
// offsets into the decoded subject (see Subject) for Python.
func (re *Regexp) FindSubmatchIndex(subject []byte) ([]int, error) {
	if !re.pre.mayMatch(subject) {
		return nil, nil
	}
	if re.linear != nil {
		return remapGoCaps(re.linear.FindReaderSubmatchIndex(&latin1Reader{b: posixSubject(subject)}), re.goCaps, re.ncap), nil
	}
	bp := runePool.Get().(*[]rune)
	r := re.Subject((*bp)[:0], subject)
	m, err := re.FindRunesSubmatchIndex(r, nil)
	*bp = r[:0]
	runePool.Put(bp)
	return m, err
}

// FindRunesSubmatchIndex is FindSubmatchIndex on a subject already in the
// dialect's view; offsets index r. The pairs are appended to dst[:0], so a
// caller that passes a buffer with enough capacity gets no allocation for
// them; the result is nil when there is no match.
func (re *Regexp) FindRunesSubmatchIndex(r []rune, dst []int) ([]int, error) {
	if re.linear != nil {
		return remapGoCaps(re.linear.FindReaderSubmatchIndex(&runeReader{r: posixRunes(r)}), re.goCaps, re.ncap), nil
	}
	if re.guard != nil && !re.guard.MatchReader(&runeReader{r: r}) {
		return nil, nil
	}
	if err := re.checkSubject(r); err != nil {
		return nil, err
	}
	dst = dst[:0]
	found := false
	err := re.bt.FindRunesMatches(r, 0, func(v regexp2.MatchView) bool {
		found = true
		for i := 0; i <= re.ncap; i++ {
			idx, n, ok := v.GroupRange(i)
			if !ok {
				dst = append(dst, -1, -1)
				continue
			}
			dst = append(dst, idx, idx+n)
		}
		return false
	})
	if err != nil {
		return nil, mapErr(err)
	}
	if !found {
		return nil, nil
	}
	return dst, nil
}

func (re *Regexp) checkSubject(r []rune) error {
	if !re.foldBackref {
		return nil
	}
	for _, c := range r {
		if c >= 0x80 {
			return ErrSubjectUnsupported
		}
	}
	return nil
}

func mapErr(err error) error {
	if errors.Is(err, regexp2.ErrBacktrackingStackLimit) {
		return fmt.Errorf("%w (backtracking stack)", ErrMatchLimit)
	}
	// regexp2 reports a timeout as a plain error whose text embeds the whole
	// subject; never pass that text on.
	return fmt.Errorf("%w (time limit)", ErrMatchLimit)
}

// isASCII reports whether b has only bytes below 0x80.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// latin1Reader gives Go's regexp a byte string as code points 0–255, each
// of width 1, so that reported offsets are byte offsets.
type latin1Reader struct {
	b []byte
	i int
}

func (l *latin1Reader) ReadRune() (rune, int, error) {
	if l.i >= len(l.b) {
		return 0, 0, errEOF
	}
	c := l.b[l.i]
	l.i++
	return rune(c), 1, nil
}

// runeReader gives Go's regexp a rune slice, each rune of width 1.
type runeReader struct {
	r []rune
	i int
}

func (l *runeReader) ReadRune() (rune, int, error) {
	if l.i >= len(l.r) {
		return 0, 0, errEOF
	}
	c := l.r[l.i]
	l.i++
	return c, 1, nil
}

var errEOF = io.EOF
