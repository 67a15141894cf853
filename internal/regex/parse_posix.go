package regex

// parsePOSIX is being written (stub).
func parsePOSIX(pattern string, flags Flags, extended bool) (*Tree, error) {
	return nil, &Error{Dialect: POSIXExtended, Code: ErrUnsupported, Construct: "dialect not implemented yet"}
}
