package regex

// parsePCRE is being written (stub).
func parsePCRE(pattern string, flags Flags) (*Tree, error) {
	return nil, &Error{Dialect: PCRE2, Code: ErrUnsupported, Construct: "dialect not implemented yet"}
}
