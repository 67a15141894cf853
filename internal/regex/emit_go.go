package regex

import "regexp"

// emitGo is being written (stub).
func emitGo(t *Tree, d Dialect) (string, error) {
	return "", &Error{Dialect: d, Code: ErrUnsupported, Construct: "not implemented yet"}
}

// compileGoLongest is being written (stub).
func compileGoLongest(expr string) (*regexp.Regexp, error) { return regexp.Compile(expr) }
