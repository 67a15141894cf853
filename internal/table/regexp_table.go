package table

// OpenRegexp opens a regexp: table file (or an inline "{ {rule}, ... }"
// name). Patterns are POSIX EREs with REG_ICASE by default; "i" toggles
// case, "m" REG_NEWLINE and "x" switches to BRE (spec §4.6). The legacy
// "/p1/!/p2/" form is supported.
func OpenRegexp(name string, opt *Options) (*RegexTable, error) {
	return openRegex(&regexpDialect, name, opt)
}

// ParseRegexp compiles regexp table text; name is used in messages.
func ParseRegexp(name string, data []byte, warn Warning) (*RegexTable, error) {
	return parseRegex(&regexpDialect, name, data, warn)
}
