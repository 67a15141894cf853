// Command queueclean selects queued Postfix messages by envelope sender and
// prints their queue IDs, one per line, for "postsuper -d -".
//
//	postqueue -j | queueclean -sender spam@example.com -y | postsuper -d -
//	queueclean -run -sender spam@example.com -min-age 2h        # dry run
//
// Without -y (or with -n, the default) nothing is printed on standard
// output: the messages that would be deleted are listed on standard error
// with a summary, so a pipe into postsuper deletes nothing by accident.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/mailsift/mailsift/qid"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, time.Now()))
}

type options struct {
	sender  string
	minAge  time.Duration
	dryRun  bool
	text    bool
	runPQ   bool
	postq   string
	confDir string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, now time.Time) int {
	fs := flag.NewFlagSet("queueclean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var yes bool
	fs.StringVar(&o.sender, "sender", "", "envelope sender to match (case-insensitive; \"<>\" or MAILER-DAEMON for the null sender)")
	fs.DurationVar(&o.minAge, "min-age", 0, "only messages that arrived at least this long ago")
	fs.BoolVar(&o.dryRun, "n", true, "dry run: list matches on stderr, print no IDs (default)")
	fs.BoolVar(&yes, "y", false, "print matching IDs on stdout (turns off -n)")
	fs.BoolVar(&o.text, "p", false, "input is `postqueue -p` output instead of postqueue -j")
	fs.BoolVar(&o.runPQ, "run", false, "run postqueue instead of reading standard input")
	fs.StringVar(&o.postq, "postqueue", "postqueue", "postqueue command for -run")
	fs.StringVar(&o.confDir, "c", "", "Postfix config directory passed to postqueue -c (with -run)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.sender == "" {
		fmt.Fprintln(stderr, "queueclean: -sender is required")
		return 2
	}
	if yes {
		o.dryRun = false
	}
	in := stdin
	var cmd *exec.Cmd
	if o.runPQ {
		a := []string{"-j"}
		if o.text {
			a = []string{"-p"}
		}
		if o.confDir != "" {
			a = append([]string{"-c", o.confDir}, a...)
		}
		cmd = exec.Command(o.postq, a...)
		cmd.Stderr = stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			fmt.Fprintln(stderr, "queueclean:", err)
			return 1
		}
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(stderr, "queueclean:", err)
			return 1
		}
		in = out
	}
	format := qid.FormatJSON
	if o.text {
		format = qid.FormatText
	}
	lr := qid.NewListingReader(in, format)
	lr.Now = now
	matched, total := 0, 0
	var firstErr error
	for e, err := range lr.All() {
		if err != nil {
			firstErr = err
			break
		}
		total++
		if !senderMatches(e.Sender, o.sender) || now.Sub(e.Arrival) < o.minAge {
			continue
		}
		matched++
		if o.dryRun {
			fmt.Fprintf(stderr, "would delete %s (%s, from %s, %d recipients, queued %s ago)\n",
				e.ID, queueName(e.Queue), e.Sender, len(e.Recipients), now.Sub(e.Arrival).Round(time.Second))
		} else {
			fmt.Fprintln(stdout, e.ID)
		}
	}
	if cmd != nil {
		if err := cmd.Wait(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", o.postq, err)
		}
	}
	if firstErr != nil {
		fmt.Fprintln(stderr, "queueclean:", firstErr)
		return 1
	}
	if o.dryRun {
		fmt.Fprintf(stderr, "dry run: %d of %d queued messages match sender %s; rerun with -y to print their IDs\n", matched, total, o.sender)
	} else {
		fmt.Fprintf(stderr, "%d of %d queued messages match sender %s\n", matched, total, o.sender)
	}
	return 0
}

func senderMatches(have, want string) bool {
	if want == "<>" || want == "" || strings.EqualFold(want, qid.NullSender) {
		return have == qid.NullSender || have == ""
	}
	return strings.EqualFold(have, want)
}

func queueName(q qid.Queue) string {
	if q == qid.QueueUnknown {
		return "queued"
	}
	return string(q)
}
