// Package pcre2test drives the pcre2test program of PCRE2 10.42 as a batch
// oracle for differential tests: many patterns, each with its subjects, are
// written to one input file, pcre2test runs once, and its output is parsed
// back into one Result per Case.
//
// Patterns are written with the hex modifier, so any byte sequence reaches
// PCRE2 unchanged, and compiled in 8-bit non-UTF mode (byte mode, as
// Postfix's pcre: tables use it). Subjects are written with pcre2test
// escapes and matched with \=allcaptures,allaftertext: every group up to the
// capture count is printed, and the text after every set group as well.
//
// pcre2test prints captured text with \xhh for non-printable bytes but a
// backslash as is, so the rendering alone is ambiguous (a subject holding
// the four characters `\x0a` renders like one that holds byte 0x0a). The
// text after each group removes the ambiguity: for a fixed subject the
// rendering of each suffix is distinct, so the end offset is the unique
// suffix whose rendering equals the after-text, and the start offset the
// unique one whose rendering up to the end equals the group text. Results
// therefore carry exact byte offsets.
//
// This package is for tests only.
package pcre2test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// Flags are the PCRE2 compile options a Case is compiled with. They map to
// pcre2test's named pattern modifiers.
type Flags uint16

// The compile options.
const (
	Caseless      Flags = 1 << iota // caseless (PCRE2_CASELESS)
	Multiline                       // multiline (PCRE2_MULTILINE)
	DotAll                          // dotall (PCRE2_DOTALL)
	Extended                        // extended (PCRE2_EXTENDED)
	Anchored                        // anchored (PCRE2_ANCHORED)
	DollarEndOnly                   // dollar_endonly (PCRE2_DOLLAR_ENDONLY)
	Ungreedy                        // ungreedy (PCRE2_UNGREEDY)
)

var flagNames = []struct {
	f      Flags
	name   string
	letter byte
}{
	{Caseless, "caseless", 'i'},
	{Multiline, "multiline", 'm'},
	{DotAll, "dotall", 's'},
	{Extended, "extended", 'x'},
	{Anchored, "anchored", 'A'},
	{DollarEndOnly, "dollar_endonly", 'E'},
	{Ungreedy, "ungreedy", 'U'},
}

// Modifiers returns the pcre2test modifier names of f, in a fixed order.
func (f Flags) Modifiers() []string {
	var out []string
	for _, n := range flagNames {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// String returns f as Postfix-style option letters (i m s x A E U), or "-"
// when no flag is set. ParseFlags reads it back.
func (f Flags) String() string {
	var b []byte
	for _, n := range flagNames {
		if f&n.f != 0 {
			b = append(b, n.letter)
		}
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}

// ParseFlags reads the letters written by Flags.String.
func ParseFlags(s string) (Flags, error) {
	if s == "-" {
		return 0, nil
	}
	var f Flags
next:
	for i := 0; i < len(s); i++ {
		for _, n := range flagNames {
			if s[i] == n.letter {
				f |= n.f
				continue next
			}
		}
		return 0, fmt.Errorf("pcre2test: unknown flag letter %q in %q", s[i], s)
	}
	return f, nil
}

// Case is one pattern with its compile options and the subjects to match.
type Case struct {
	Pattern  []byte
	Flags    Flags
	Subjects [][]byte
}

// CompileError is pcre2test's report of a pattern PCRE2 rejects:
// "Failed: error NNN at offset N: message".
type CompileError struct {
	Number  int
	Offset  int
	Message string
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("error %d at offset %d: %s", e.Number, e.Offset, e.Message)
}

// Group is one capture group of a match.
type Group struct {
	Set        bool
	Start, End int    // byte offsets into the subject (valid when Set)
	Text       string // pcre2test's rendering of the captured text
}

// Match is the outcome of matching one subject.
type Match struct {
	// Matched reports a match; Groups then holds group 0 and every group
	// up to the pattern's capture count.
	Matched bool
	Groups  []Group
	// ErrNum and ErrMsg are set for a match error such as
	// "Failed: error -47: match limit exceeded" (Matched is false).
	ErrNum int
	ErrMsg string
}

// Outcome is a short text form of m: "nomatch", "error -47", or
// "match" followed by " start,end" per group ("-" when unset).
func (m Match) Outcome() string {
	switch {
	case m.ErrNum != 0:
		return "error " + strconv.Itoa(m.ErrNum)
	case !m.Matched:
		return "nomatch"
	}
	var b strings.Builder
	b.WriteString("match")
	for _, g := range m.Groups {
		if g.Set {
			fmt.Fprintf(&b, " %d,%d", g.Start, g.End)
		} else {
			b.WriteString(" -")
		}
	}
	return b.String()
}

// Result is the outcome of one Case: a compile error, or one Match per
// subject.
type Result struct {
	Compile  *CompileError
	Subjects []Match
}

// Run runs all cases through one pcre2test process found on PATH (or at
// /usr/bin/pcre2test).
func Run(cases []Case) ([]Result, error) {
	path, err := exec.LookPath("pcre2test")
	if err != nil {
		if _, serr := os.Stat("/usr/bin/pcre2test"); serr != nil {
			return nil, err
		}
		path = "/usr/bin/pcre2test"
	}
	return RunPath(path, cases)
}

// RunPath is Run with an explicit path to the pcre2test program.
func RunPath(path string, cases []Case) ([]Result, error) {
	f, err := os.CreateTemp("", "pcre2test-*.in")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(Input(cases)); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	cmd := exec.Command(path, "-q", f.Name())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pcre2test: %v: %s", err, firstLine(stderr.String()))
	}
	return Parse(cases, stdout.Bytes())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

const subjectMods = `\=allcaptures,allaftertext`

// patternLine is the input line for a case's pattern.
func patternLine(c Case) string {
	var b strings.Builder
	b.WriteByte('/')
	for _, x := range c.Pattern {
		fmt.Fprintf(&b, "%02x", x)
	}
	b.WriteString("/hex")
	for _, m := range c.Flags.Modifiers() {
		b.WriteByte(',')
		b.WriteString(m)
	}
	return b.String()
}

// subjectLine is the input line for a subject: indented, printable ASCII
// other than space and backslash as is, every other byte as \xhh (spaces
// too, since pcre2test strips leading and trailing white space).
func subjectLine(s []byte) string {
	var b strings.Builder
	b.WriteString("    ")
	for _, c := range s {
		if c > 0x20 && c < 0x7f && c != '\\' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	b.WriteString(subjectMods)
	return b.String()
}

// Input returns the pcre2test input file for cases.
func Input(cases []Case) []byte {
	var b bytes.Buffer
	for _, c := range cases {
		b.WriteString(patternLine(c))
		b.WriteByte('\n')
		for _, s := range c.Subjects {
			b.WriteString(subjectLine(s))
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Render returns pcre2test's rendering of text in 8-bit non-UTF mode:
// printable ASCII (space included, backslash included) as is, every other
// byte as \xhh.
func Render(text []byte) string {
	var b strings.Builder
	for _, c := range text {
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String()
}

// Parse parses pcre2test -q output produced from Input(cases).
func Parse(cases []Case, out []byte) ([]Result, error) {
	lines := strings.Split(string(out), "\n")
	p := &parser{lines: lines}
	res := make([]Result, len(cases))
	for i, c := range cases {
		r, err := p.parseCase(c)
		if err != nil {
			return nil, fmt.Errorf("pcre2test output, case %d (pattern %q), line %d: %w", i, c.Pattern, p.i+1, err)
		}
		res[i] = r
	}
	return res, nil
}

type parser struct {
	lines []string
	i     int
}

func (p *parser) next() (string, bool) {
	if p.i >= len(p.lines) {
		return "", false
	}
	l := p.lines[p.i]
	p.i++
	return l, true
}

func (p *parser) peek() (string, bool) {
	if p.i >= len(p.lines) {
		return "", false
	}
	return p.lines[p.i], true
}

func (p *parser) expect(want string) error {
	l, ok := p.next()
	if !ok {
		return fmt.Errorf("unexpected end of output, want %q", want)
	}
	if l != want {
		return fmt.Errorf("got %q, want %q", l, want)
	}
	return nil
}

func (p *parser) parseCase(c Case) (Result, error) {
	var r Result
	// Blank lines between blocks.
	for {
		l, ok := p.peek()
		if !ok || l != "" {
			break
		}
		p.i++
	}
	if err := p.expect(patternLine(c)); err != nil {
		return r, err
	}
	if l, ok := p.peek(); ok && strings.HasPrefix(l, "Failed: error ") {
		ce, err := parseCompileError(l)
		if err != nil {
			return r, err
		}
		p.i++
		r.Compile = ce
	}
	for _, s := range c.Subjects {
		if err := p.expect(subjectLine(s)); err != nil {
			return r, err
		}
		if r.Compile != nil {
			continue
		}
		m, err := p.parseMatch(s)
		if err != nil {
			return r, err
		}
		r.Subjects = append(r.Subjects, m)
	}
	// allcaptures prints the same number of groups for every match.
	ngroups := -1
	for _, m := range r.Subjects {
		if !m.Matched {
			continue
		}
		if ngroups >= 0 && len(m.Groups) != ngroups {
			return r, fmt.Errorf("matches print %d and %d groups", ngroups, len(m.Groups))
		}
		ngroups = len(m.Groups)
	}
	if l, ok := p.peek(); ok && l != "" {
		return r, fmt.Errorf("unexpected line %q at end of block", l)
	}
	return r, nil
}

// parseCompileError parses "Failed: error NNN at offset N: message".
func parseCompileError(l string) (*CompileError, error) {
	rest := strings.TrimPrefix(l, "Failed: error ")
	num, rest, ok1 := strings.Cut(rest, " at offset ")
	off, msg, ok2 := strings.Cut(rest, ": ")
	n, err1 := strconv.Atoi(num)
	o, err2 := strconv.Atoi(off)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return nil, fmt.Errorf("malformed compile error %q", l)
	}
	return &CompileError{Number: n, Offset: o, Message: msg}, nil
}

// parseMatch parses the result lines of one subject.
func (p *parser) parseMatch(subj []byte) (Match, error) {
	var m Match
	l, ok := p.next()
	if !ok {
		return m, errors.New("unexpected end of output, want a match result")
	}
	switch {
	case l == "No match":
		return m, nil
	case strings.HasPrefix(l, "Failed: error -"):
		rest := strings.TrimPrefix(l, "Failed: error ")
		num, msg, _ := strings.Cut(rest, ": ")
		n, err := strconv.Atoi(num)
		if err != nil {
			return m, fmt.Errorf("malformed match error %q", l)
		}
		m.ErrNum, m.ErrMsg = n, msg
		return m, nil
	}
	p.i--
	m.Matched = true
	for {
		l, ok := p.peek()
		if !ok || !isGroupLine(l, ':') {
			break
		}
		p.i++
		num, text := splitGroupLine(l)
		if num != len(m.Groups) {
			return m, fmt.Errorf("group line %q out of order", l)
		}
		g := Group{Text: text}
		if a, ok := p.peek(); ok && isGroupLine(a, '+') {
			p.i++
			anum, after := splitGroupLine(a)
			if anum != num {
				return m, fmt.Errorf("after-text line %q does not follow group %d", a, num)
			}
			g.Set = true
			var err error
			if g.Start, g.End, err = resolveSpan(subj, text, after); err != nil {
				return m, fmt.Errorf("group %d: %w", num, err)
			}
		} else if text != "<unset>" {
			return m, fmt.Errorf("group line %q without after-text", l)
		} else {
			g.Text = ""
		}
		m.Groups = append(m.Groups, g)
	}
	if len(m.Groups) == 0 || !m.Groups[0].Set {
		return m, fmt.Errorf("unexpected line %q, want a match result", l)
	}
	return m, nil
}

// isGroupLine reports whether l looks like " N: text" (sep ':') or
// " N+ text" (sep '+'), N right-aligned in two columns.
func isGroupLine(l string, sep byte) bool {
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	j := i
	for j < len(l) && l[j] >= '0' && l[j] <= '9' {
		j++
	}
	return j > i && j < len(l) && l[j] == sep && (j+1 == len(l) || l[j+1] == ' ')
}

func splitGroupLine(l string) (int, string) {
	l = strings.TrimLeft(l, " ")
	j := 0
	for j < len(l) && l[j] >= '0' && l[j] <= '9' {
		j++
	}
	n, _ := strconv.Atoi(l[:j])
	text := l[j+1:]
	text = strings.TrimPrefix(text, " ")
	return n, text
}

// resolveSpan finds the byte span of a group from its rendered text and
// the rendered text after it. The rendering of each suffix of subj is a
// distinct suffix of the rendering of subj, so the end offset is unique;
// likewise the start offset for a fixed end.
func resolveSpan(subj []byte, text, after string) (int, int, error) {
	whole := Render(subj)
	pos := make([]int, len(subj)+1) // pos[k] = len(Render(subj[:k]))
	for k, c := range subj {
		w := 1
		if c < 0x20 || c >= 0x7f {
			w = 4
		}
		pos[k+1] = pos[k] + w
	}
	end := -1
	for k := 0; k <= len(subj); k++ {
		if whole[pos[k]:] == after {
			end = k
			break
		}
	}
	if end < 0 {
		return 0, 0, fmt.Errorf("after-text %q is no suffix of the subject", after)
	}
	for s := end; s >= 0; s-- {
		if whole[pos[s]:pos[end]] == text {
			return s, end, nil
		}
	}
	return 0, 0, fmt.Errorf("text %q does not end at offset %d of the subject", text, end)
}
