package table

// Line is one logical line of a table file.
type Line struct {
	Text string // the joined text (no newline; not trimmed)
	Num  int    // number of its first physical line
}

// ReadLines splits a table file into logical lines exactly as Postfix's
// readllines() does (spec §4.1): blank lines and lines whose first
// non-blank character is '#' are dropped, also between a line and its
// continuations; a line that starts with whitespace continues the current
// logical line, joined with no separator and keeping its leading
// whitespace; a continuation with no line to continue starts a logical
// line that is reported as a whole when it ends (name is the file name as
// Postfix prints it) and dropped.
func ReadLines(name string, data []byte, warn Warning) []Line {
	var out []Line
	var cur []byte
	curNum, have := 0, false
	lineno := 0
	flush := func() {
		if !have {
			return
		}
		if isSpace(cur[0]) {
			if warn != nil {
				warn(name + ": logical line must not start with whitespace: \"" + string(cur) + "\"")
			}
		} else {
			out = append(out, Line{Text: string(cur), Num: curNum})
		}
		cur = cur[:0]
		have = false
	}
	for len(data) > 0 {
		var phys []byte
		if i := indexByte(data, '\n'); i >= 0 {
			phys, data = data[:i], data[i+1:]
		} else {
			phys, data = data, nil
		}
		lineno++
		j := 0
		for j < len(phys) && isSpace(phys[j]) {
			j++
		}
		if j == len(phys) || phys[j] == '#' {
			continue
		}
		if j > 0 {
			if !have {
				// An orphan continuation still collects the lines that
				// follow it; the whole text is reported and dropped.
				curNum, have = lineno, true
			}
			cur = append(cur, phys...)
			continue
		}
		flush()
		cur = append(cur, phys...)
		curNum, have = lineno, true
	}
	flush()
	return out
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
