package regex

import "unsafe"

// unsafeBytes views s as a byte slice without copying; the slice is only read.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
