// Package regex compiles a pattern written for another regex engine so that
// it matches exactly as that engine would: PCRE2 10.42 in byte mode as
// Postfix's pcre: tables use it, Python 3.11 re on str as fail2ban 1.0.2
// uses it, and POSIX ERE/BRE as glibc 2.36 regcomp/regexec do for Postfix's
// regexp: tables.
//
// # Use
//
//	re, err := regex.Compile(regex.PCRE2, `^Subject:.*viagra`, regex.Caseless|regex.DotAll)
//	if err != nil {
//		var e *regex.Error
//		if errors.As(err, &e) && e.Code == regex.ErrInvalid {
//			// PCRE2 rejects it too: e.SourceNum, e.Offset and e.Msg are
//			// pcre2test's "error NNN at offset N: message".
//		}
//		return err // ErrUnsupported: e.Construct names what cannot be reproduced
//	}
//	ok, err := re.Match(line) // line is []byte; err wraps ErrMatchLimit on a runaway match
//
// For Python, subjects are decoded as Python's errors='replace' does
// ([DecodePython]) and offsets count code points of the decoded text:
//
//	re, _ := regex.Compile(regex.Python, `from (?P<host>\S+)`, 0)
//	text := re.Subject(nil, line)
//	m, _ := re.FindRunesSubmatchIndex(text, nil)
//	host := string(text[m[2*re.SubexpIndex("host")]:m[2*re.SubexpIndex("host")+1]])
//
// # How
//
// One stage per file, as regexp/syntax does: a parser per dialect
// (parse_pcre.go, parse_python.go, parse_posix.go) builds the one AST of
// ast.go with every flag resolved into it (caseless literals become classes
// of their fold set, anchors become assertions by meaning, groups are
// numbered by the source's rules) and validates it by the source dialect's
// rules. emit.go writes a canonical pattern for regexp2 v2, compiled with
// options 0; emit_go.go writes one for Go's regexp, used leftmost-longest
// for POSIX. A construct the backend cannot reproduce exactly is refused
// with ErrUnsupported, never given a different meaning.
//
// # Bounds and speed
//
// prefilter.go extracts literals every match must contain and checks them
// on the raw bytes first (PCRE2's "required code unit", and the main speed
// lever on non-matching lines). guard.go gives patterns at risk of
// catastrophic backtracking a linear-time superset in Go's regexp: when the
// superset does not match, neither does the pattern. regexp2's backtracking
// stack is bounded ([Options].StackLimit). A match that hits a bound
// returns an error wrapping [ErrMatchLimit]; Postfix treats PCRE2's match
// limit the same way (a warning, and the rule does not match). A compiled
// *Regexp is safe for concurrent use.
//
// # Tested against
//
// pcre2test 10.42 and PCRE2's own testinput1/testoutput1, /usr/bin/python3
// and every regex of the installed fail2ban filters, glibc regexec through a
// small C program, and postmap -q on regexp: tables. Golden files recorded
// from those tools keep the tests hermetic; see README.md.
package regex
