package table

// OpenPCRE opens a pcre: table file (or an inline "{ {rule}, ... }" name).
// Patterns are PCRE2 in byte mode with CASELESS|DOTALL by default; each
// flag letter toggles its option (spec §4.5).
func OpenPCRE(name string, opt *Options) (*RegexTable, error) {
	return openRegex(&pcreDialect, name, opt)
}

// ParsePCRE compiles pcre table text; name is used in messages.
func ParsePCRE(name string, data []byte, warn Warning) (*RegexTable, error) {
	return parseRegex(&pcreDialect, name, data, warn)
}
