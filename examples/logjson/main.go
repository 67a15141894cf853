// Command logjson prints every line of Postfix and Dovecot logs as one JSON
// object per line (see README.md for the field names).
//
//	logjson [-tz Europe/Berlin] [-rotated] [file ...]
//
// Without files it reads standard input. Files (and standard input) may be
// gzip-compressed. With -rotated each argument is the base name of a rotated
// set (mail.log → mail.log.N.gz … mail.log.1, mail.log), read oldest first.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mailsift/mailsift/logline"
)

func main() {
	tz := flag.String("tz", "Local", "time zone of timestamps without an offset")
	rotated := flag.Bool("rotated", false, "treat each argument as the base name of a rotated set")
	flag.Parse()
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fatal(err)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	status := 0
	run := func(r io.Reader, ref time.Time) {
		s := logline.NewScanner(r)
		s.Location = loc
		s.Years.Reference = ref
		var buf []byte
		for ev, err := range s.All() {
			if ev == nil {
				fmt.Fprintln(os.Stderr, "logjson:", err)
				status = 1
				return
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "logjson: line %d: %v\n", s.LineNumber(), err)
				continue
			}
			buf = ev.AppendJSON(buf[:0])
			buf = append(buf, '\n')
			out.Write(buf)
		}
	}
	if flag.NArg() == 0 {
		r := logline.NewRotated("/dev/stdin")
		run(r, time.Now())
		return
	}
	for _, name := range flag.Args() {
		var r *logline.Rotated
		if *rotated {
			r, err = logline.OpenRotated(name)
			if err != nil {
				fatal(err)
			}
		} else {
			r = logline.NewRotated(name)
		}
		ref := r.ModTime()
		if ref.IsZero() {
			ref = time.Now()
		}
		run(r, ref)
		r.Close()
	}
	out.Flush()
	os.Exit(status)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "logjson:", err)
	os.Exit(2)
}
