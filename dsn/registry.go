package dsn

import (
	"iter"
	"strconv"
)

// Entry is one row of the IANA "Enumerated Status Codes" registry. The
// registry lists codes without a class ("X.1.1"): the same subject and
// detail mean the same thing as 2.1.1, 4.1.1 or 5.1.1.
type Entry struct {
	Subject uint16 // the code's subject (middle number)
	Detail  uint16 // the code's detail (last number)

	// Text is the registry's sample text, e.g. "Bad destination mailbox
	// address". It is empty for the deprecated X.6.10.
	Text string
	// Replies lists the basic SMTP reply codes the registry associates
	// with the code, as written there ("451, 550", "Not given", "Any").
	Replies string
	// Reference names the defining documents, e.g. "RFC 3463" or
	// "RFC 7505, RFC 7504".
	Reference string
	// Description is a one-sentence explanation of the code.
	Description string
	// Deprecated is true for codes the registry marks deprecated (X.6.10).
	Deprecated bool
}

// Pattern returns the registry's name for the entry, e.g. "X.1.1".
func (e Entry) Pattern() string {
	b := make([]byte, 0, 9)
	b = append(b, "X."...)
	b = strconv.AppendUint(b, uint64(e.Subject), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(e.Detail), 10)
	return string(b)
}

// Code returns the entry's code in the given class: e.Code(5) of X.1.1 is
// 5.1.1.
func (e Entry) Code(class uint8) Code {
	return Code{Class: class, Subject: e.Subject, Detail: e.Detail}
}

// Lookup returns the registry entry for c's subject and detail. It reports
// false if c is not valid or the registry does not list its subject and
// detail (such as the vendor codes 5.7.606 or 4.7.500). Lookup does not
// allocate.
func Lookup(c Code) (Entry, bool) {
	if !c.IsValid() {
		return Entry{}, false
	}
	return lookup(c.Subject, c.Detail)
}

// LookupString returns the registry entry named by s, written either in the
// registry's own form "X.subject.detail" (X in either case, as in "X.7.1")
// or as a code ("5.7.1", read as by [ParseLenient]). It reports false if s
// is neither or names no registered code. LookupString does not allocate.
func LookupString(s string) (Entry, bool) {
	if len(s) > 0 && (s[0] == 'X' || s[0] == 'x') {
		c, n, e := scanTail(s, false)
		if e.err != nil || n != len(s) {
			return Entry{}, false
		}
		return lookup(c.Subject, c.Detail)
	}
	c, n, e := scan(s, false)
	if e.err != nil || n != len(s) {
		return Entry{}, false
	}
	return lookup(c.Subject, c.Detail)
}

func lookup(subject, detail uint16) (Entry, bool) {
	lo, hi := 0, len(registry)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		e := &registry[m]
		if e.Subject < subject || e.Subject == subject && e.Detail < detail {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(registry) && registry[lo].Subject == subject && registry[lo].Detail == detail {
		return registry[lo], true
	}
	return Entry{}, false
}

// Entries yields every registry entry in order of subject, then detail.
func Entries() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		for _, e := range registry {
			if !yield(e) {
				return
			}
		}
	}
}

// ClassText returns the registry's summary of a class: "Success" (2),
// "Persistent Transient Failure" (4), "Permanent Failure" (5); "" for any
// other class.
func ClassText(class uint8) string {
	switch class {
	case 2:
		return "Success"
	case 4:
		return "Persistent Transient Failure"
	case 5:
		return "Permanent Failure"
	}
	return ""
}

// SubjectText returns the registry's summary of a subject, from
// "Other or Undefined Status" (0) and "Addressing Status" (1) to
// "Security or Policy Status" (7); "" for subjects the registry does not
// define.
func SubjectText(subject uint16) string {
	if int(subject) < len(subjectTexts) {
		return subjectTexts[subject]
	}
	return ""
}
