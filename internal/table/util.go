package table

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// foldASCII lower-cases ASCII letters; it returns s itself when nothing changes.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// foldKey folds a fixed-string key as Postfix does: ASCII lowercase, or
// (smtputf8) Unicode lowercase for valid UTF-8.
func foldKey(s string, utf bool) string {
	if utf && utf8.ValidString(s) {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return strings.ToLower(s)
			}
		}
	}
	return foldASCII(s)
}

// needsFold reports whether foldASCII would change s.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// foldInto lower-cases s into buf (which must be at least len(s) long),
// eight bytes at a time.
func foldInto(buf []byte, s string) []byte {
	buf = buf[:len(s)]
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
		h := x & 0x7f7f7f7f7f7f7f7f
		upper := ((h + 0x3f3f3f3f3f3f3f3f) ^ (h + 0x2525252525252525)) & ^x & 0x8080808080808080
		binary.LittleEndian.PutUint64(buf[i:], x|upper>>2)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf
}
