// Command quickstart shows what mailsift does, on sample data embedded in
// the program: run it with `go run ./examples/quickstart`.
//
// Each section is one part of the library; later parts add theirs here.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/mailsift/mailsift/internal/regex"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	return regexDemo(w)
}

// regexDemo shows the one regex engine that the table, header-check and
// fail2ban packages stand on: a pattern means what it means in the program
// it was written for.
func regexDemo(w io.Writer) error {
	fmt.Fprintln(w, "== one regex engine, three dialects (internal/regex)")

	// Postfix pcre: tables compile with CASELESS|DOTALL and match bytes.
	// The table flag "i" toggles CASELESS off; Latin-1 letters never fold.
	headers := []string{
		"Subject: Cheap VIAGRA now",
		"Subject: meeting notes",
		"Subject: \xc9T\xc9 \xe9t\xe9", // Latin-1 bytes: é and É are different bytes
	}
	for _, p := range []struct {
		pattern string
		flags   regex.Flags
		note    string
	}{
		{`^Subject:.*viagra`, regex.Caseless | regex.DotAll, "Postfix default flags"},
		{`^Subject:.*viagra`, regex.DotAll, `/…/i: the "i" flag makes it case-sensitive`},
		{`\xe9t\xe9$`, regex.Caseless | regex.DotAll, "byte mode: only ASCII folds"},
	} {
		re, err := regex.Compile(regex.PCRE2, p.pattern, p.flags)
		if err != nil {
			return err
		}
		for _, h := range headers {
			ok, err := re.MatchString(h)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "pcre   %-22q %-45s %-30q %v\n", p.pattern, "("+p.note+")", h, ok)
		}
	}

	// fail2ban: Python re on text decoded with errors='replace'; named groups.
	line := []byte("sshd[99]: Failed password for r\xe9t\xc3 from 192.0.2.7 port 22 ssh2")
	re, err := regex.Compile(regex.Python, `Failed password for (?P<user>\S+) from (?P<host>[\d.]+)`, 0)
	if err != nil {
		return err
	}
	subject := re.Subject(nil, line)
	m, err := re.FindRunesSubmatchIndex(subject, nil)
	if err != nil {
		return err
	}
	if m != nil {
		u, h := re.SubexpIndex("user"), re.SubexpIndex("host")
		fmt.Fprintf(w, "python user=%q host=%q (invalid UTF-8 decoded as Python does)\n",
			string(subject[m[2*u]:m[2*u+1]]), string(subject[m[2*h]:m[2*h+1]]))
	}

	// Postfix regexp: tables use POSIX leftmost-longest; pcre: is leftmost-first.
	for _, d := range []regex.Dialect{regex.POSIXExtended, regex.PCRE2} {
		re, err := regex.Compile(d, `(a|ab)(c|bcd)`, 0)
		if err != nil {
			return err
		}
		m, err := re.FindSubmatchIndex([]byte("abcd"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-9s (a|ab)(c|bcd) on abcd: whole=%q $1=%q $2=%q\n", d,
			"abcd"[m[0]:m[1]], "abcd"[m[2]:m[3]], "abcd"[m[4]:m[5]])
	}
	return nil
}
