package table

import "github.com/mailsift/mailsift/internal/regex"

// anchoredPrefix returns a literal that every match of pattern must start
// with at offset 0 of the subject, when that is certain from the pattern
// text alone: a leading '^' (or the pcre 'A' flag) followed by ordinary
// characters, no '|' anywhere, no extended/multiline mode and no BRE. ""
// means no precheck. fold reports whether the comparison ignores ASCII case.
// The table uses it to skip a rule without running the regex engine.
func anchoredPrefix(p *rxPat, kind string) (prefix string, fold bool) {
	if p.basic || p.flags&(regex.Extended|regex.Multiline) != 0 {
		return "", false
	}
	s := p.pattern
	for i := 0; i < len(s); i++ {
		if s[i] == '|' {
			return "", false
		}
	}
	switch {
	case len(s) > 0 && s[0] == '^':
		s = s[1:]
	case kind == "pcre" && p.flags&regex.Anchored != 0:
	default:
		return "", false
	}
	n := 0
	for n < len(s) && !isMeta(s[n]) {
		n++
	}
	// A quantifier applies to the character before it.
	if n < len(s) && n > 0 && (s[n] == '*' || s[n] == '?' || s[n] == '{' || s[n] == '+') {
		n--
	}
	return s[:n], p.flags&regex.Caseless != 0
}

func isMeta(c byte) bool {
	switch c {
	case '\\', '.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '|', '^', '$':
		return true
	}
	return false
}

// hasPrefix compares the start of key with prefix, ASCII case-insensitively
// when fold is set.
func hasPrefix(key, prefix string, fold bool) bool {
	if len(key) < len(prefix) {
		return false
	}
	if !fold {
		return key[:len(prefix)] == prefix
	}
	for i := 0; i < len(prefix); i++ {
		a, b := key[i], prefix[i]
		if a != b {
			if 'A' <= a && a <= 'Z' {
				a += 'a' - 'A'
			}
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			if a != b {
				return false
			}
		}
	}
	return true
}
