package regex

// parsePython is being written (stub).
func parsePython(pattern string, flags Flags) (*Tree, error) {
	return nil, &Error{Dialect: Python, Code: ErrUnsupported, Construct: "dialect not implemented yet"}
}
