// Command queuealert checks the size of the Postfix queue for cron: it exits
// with status 1 and a message on standard error when the number of queued
// messages (or, with -deferred, of deferred ones) exceeds -max.
//
//	postqueue -j | queuealert -max 500
//	queuealert -run -deferred -max 100
//
// Status 0: below the threshold; 1: above it; 2: usage or input error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/mailsift/mailsift/qid"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("queuealert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	max := fs.Int("max", 1000, "alert when more than `N` messages are queued")
	deferred := fs.Bool("deferred", false, "count only deferred messages (postqueue -j) or, for -p input, messages that are neither active nor on hold")
	text := fs.Bool("p", false, "input is postqueue -p output instead of postqueue -j")
	runPQ := fs.Bool("run", false, "run postqueue instead of reading standard input")
	postq := fs.String("postqueue", "postqueue", "postqueue command for -run")
	verbose := fs.Bool("v", false, "print the counts on standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	in := stdin
	var cmd *exec.Cmd
	if *runPQ {
		flagArg := "-j"
		if *text {
			flagArg = "-p"
		}
		cmd = exec.Command(*postq, flagArg)
		cmd.Stderr = stderr
		out, err := cmd.StdoutPipe()
		if err == nil {
			err = cmd.Start()
		}
		if err != nil {
			fmt.Fprintln(stderr, "queuealert:", err)
			return 2
		}
		in = out
	}
	format := qid.FormatJSON
	if *text {
		format = qid.FormatText
	}
	lr := qid.NewListingReader(in, format)
	counts := map[qid.Queue]int{}
	total := 0
	for e, err := range lr.All() {
		if err != nil {
			fmt.Fprintln(stderr, "queuealert:", err)
			return 2
		}
		counts[e.Queue]++
		total++
	}
	if cmd != nil {
		if err := cmd.Wait(); err != nil {
			fmt.Fprintln(stderr, "queuealert: postqueue:", err)
			return 2
		}
	}
	n, what := total, "queued"
	if *deferred {
		n, what = counts[qid.QueueDeferred], "deferred"
		if *text {
			n = counts[qid.QueueUnknown]
		}
	}
	if *verbose {
		fmt.Fprintf(stdout, "%d queued: %d active, %d deferred, %d hold, %d incoming/maildrop\n", total,
			counts[qid.QueueActive], counts[qid.QueueDeferred]+counts[qid.QueueUnknown], counts[qid.QueueHold],
			counts[qid.QueueIncoming]+counts[qid.QueueMaildrop])
	}
	if n > *max {
		fmt.Fprintf(stderr, "queuealert: %d messages %s, more than the limit of %d\n", n, what, *max)
		return 1
	}
	return 0
}
