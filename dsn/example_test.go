package dsn_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/mailsift/mailsift/dsn"
)

// Explain a bounce from a Postfix log line: the code, what the registry says
// it means, who said it, and when.
func Example() {
	line := `Nov 22 14:40:01 mx postfix/smtp[2908]: 4jXWs00BZDz1SGZX: to=<nobody@example.net>, relay=mx.example.net[192.0.2.25]:25, delay=0.4, delays=0.01/0.01/0.2/0.2, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.25] said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`
	st, err := dsn.ParseStatus(line)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := dsn.Lookup(st.Code)
	fmt.Printf("%s %v: %s (%s)\n", st.Action, st.Code, e.Text, dsn.ClassText(st.Code.Class))
	fmt.Printf("%s [%v] answered %d at %s: %s\n", st.Host, st.Addr, st.Reply.Code(), st.Stage, st.Reply.Text())
	// Output:
	// bounced 5.1.1: Bad destination mailbox address (Permanent Failure)
	// mx.example.net [192.0.2.25] answered 550 at RCPT TO: <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table
}

func ExampleParse() {
	for _, s := range []string{"5.1.1", "4.7.25", "5.01.1", "5.1", "6.0.0", "5.1000.1", "5.1.1 text"} {
		c, err := dsn.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c, c.IsPermanent())
	}
	// Output:
	// 5.1.1 true
	// 4.7.25 false
	// dsn.Parse("5.01.1"): subject: leading zero at offset 2
	// dsn.Parse("5.1"): detail: missing: code ends early, want class.subject.detail at offset 3
	// dsn.Parse("6.0.0"): class: class must be 2, 4 or 5 at offset 0
	// dsn.Parse("5.1000.1"): subject: more than 3 digits at offset 2
	// dsn.Parse("5.1.1 text"): unexpected text after value at offset 5
}

func ExampleParseLenient() {
	c, err := dsn.ParseLenient("5.01.1") // Postfix accepts what RFC 3463 forbids
	fmt.Println(c, err)
	// Output: 5.1.1 <nil>
}

func ExampleParseError() {
	_, err := dsn.Parse("5.1000.1")
	var pe *dsn.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Part, pe.Offset, errors.Is(err, dsn.ErrTooManyDigits))
	}
	// Output: subject 2 true
}

func ExampleMustParse() {
	notFound := dsn.MustParse("5.1.1")
	fmt.Println(notFound.Class, notFound.Subject, notFound.Detail)
	// Output: 5 1 1
}

func ExampleCode_AppendTo() {
	b := []byte("dsn=")
	b = dsn.MustParse("4.4.1").AppendTo(b)
	fmt.Println(string(b))
	// Output: dsn=4.4.1
}

func ExampleCode_Compare() {
	codes := []dsn.Code{dsn.MustParse("5.7.1"), dsn.MustParse("5.1.10"), dsn.MustParse("4.4.1"), dsn.MustParse("5.1.2")}
	slices.SortFunc(codes, dsn.Code.Compare)
	fmt.Println(codes)
	// Output: [4.4.1 5.1.2 5.1.10 5.7.1]
}

func ExampleCode_MarshalText() {
	b, _ := dsn.MustParse("4.7.1").MarshalText()
	var c dsn.Code
	err := c.UnmarshalText(b)
	fmt.Println(string(b), c, err)
	// Output: 4.7.1 4.7.1 <nil>
}

func ExampleLookup() {
	e, ok := dsn.Lookup(dsn.MustParse("5.7.26"))
	fmt.Println(ok, e.Pattern(), e.Text, "-", e.Reference)
	_, ok = dsn.Lookup(dsn.MustParse("5.7.606")) // a vendor code, not registered
	fmt.Println(ok)
	// Output:
	// true X.7.26 Multiple authentication checks failed - RFC 7372
	// false
}

func ExampleLookupString() {
	for _, s := range []string{"X.1.10", "4.4.1"} {
		e, _ := dsn.LookupString(s)
		fmt.Printf("%s: %s\n", s, e.Text)
	}
	// Output:
	// X.1.10: Recipient address has null MX
	// 4.4.1: No answer from host
}

func ExampleEntries() {
	for e := range dsn.Entries() {
		if e.Subject == 2 {
			fmt.Println(e.Pattern(), e.Text)
		}
	}
	// Output:
	// X.2.0 Other or undefined mailbox status
	// X.2.1 Mailbox disabled, not accepting messages
	// X.2.2 Mailbox full
	// X.2.3 Message length exceeds administrative limit
	// X.2.4 Mailing list expansion problem
}

func ExampleSubjectText() {
	c := dsn.MustParse("4.2.2")
	fmt.Printf("%s / %s\n", dsn.ClassText(c.Class), dsn.SubjectText(c.Subject))
	// Output: Persistent Transient Failure / Mailbox Status
}

func ExampleParseReply() {
	r, err := dsn.ParseReply("550 5.1.1 <a@example.org>: Recipient address rejected: User unknown")
	fmt.Println(r.Code(), r.Enhanced(), r.Text(), err)

	_, err = dsn.ParseReply("250-mx.example.org\r\n250-PIPELINING\r\n")
	fmt.Println(err)
	// Output:
	// 550 5.1.1 <a@example.org>: Recipient address rejected: User unknown <nil>
	// dsn.ParseReply("250-mx.example.org\r\n250-PIPELINING\r\n"): truncated input at offset 34
}

func ExampleReply_Lines() {
	r, _ := dsn.ParseReply("250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n")
	for l := range r.Lines() {
		fmt.Println(l)
	}
	// Output:
	// mx.example.org
	// PIPELINING
	// SIZE 10240000
	// 8BITMIME
}

// Postfix logs a multi-line reply on one line; ParseReply recovers the lines.
func ExampleReply_Text() {
	r, _ := dsn.ParseReply("550-5.1.1 The email account that you tried to reach does not exist. 550-5.1.1 Please check the address. 550 5.1.1 https://example.com/help")
	fmt.Println(r.NumLines(), r.Enhanced())
	fmt.Println(r.Text())
	// Output:
	// 3 5.1.1
	// The email account that you tried to reach does not exist.
	// Please check the address.
	// https://example.com/help
}

func ExampleReply_PostfixCode() {
	for _, s := range []string{"550 5.7.1 spam", "550 4.7.1 class mismatch", "451 try later", "354 go ahead"} {
		r, _ := dsn.ParseReply(s)
		fmt.Printf("%-26q dsn=%v\n", s, r.PostfixCode())
	}
	// Output:
	// "550 5.7.1 spam"           dsn=5.7.1
	// "550 4.7.1 class mismatch" dsn=5.0.0
	// "451 try later"            dsn=4.0.0
	// "354 go ahead"             dsn=5.5.0
}

func ExampleSplit() {
	// An access(5) table result after the REJECT keyword.
	c, text := dsn.Split("5.7.0 go away", dsn.RejectCode)
	fmt.Println(c, text)
	c, text = dsn.Split("no code here", dsn.RejectCode)
	fmt.Println(c, text)
	// Output:
	// 5.7.0 go away
	// 5.7.1 no code here
}

func ExampleRejectReply() {
	// "REJECT 4.7.1 soft text" under access_map_reject_code = 554.
	code, c := dsn.RejectReply(554, dsn.MustParse("4.7.1"))
	fmt.Println(code, c)
	code, c = dsn.RejectReply(250, dsn.MustParse("2.0.0")) // not a reject code
	fmt.Println(code, c)
	// Output:
	// 554 5.7.1
	// 450 4.7.1
}

func ExampleForceClass() {
	fmt.Println(dsn.ForceClass(450, dsn.MustParse("5.1.1")))
	// Output: 4.1.1
}

func ExampleAccessCode() {
	// An access(5) result "550 go away" has no enhanced code of its own.
	fmt.Println(dsn.AccessCode(550), dsn.AccessCode(450))
	// Output: 5.7.1 4.7.1
}

func ExampleReplyCode() {
	fmt.Println(dsn.ReplyCode(421), dsn.ReplyCode(554), dsn.ReplyCode(354))
	// Output: 4.0.0 5.0.0 5.5.0
}

func ExampleMapAddress() {
	// A table says "REJECT 5.1.1 ..." for an address; smtpd adapts the code.
	c := dsn.MustParse("5.1.1")
	fmt.Println(dsn.MapAddress(c, dsn.TargetSender), dsn.MapAddress(c, dsn.TargetRecipient), dsn.MapAddress(c, dsn.TargetOther))
	// Output: 5.1.7 5.1.1 5.0.0
}

func ExampleParseStatus() {
	for _, line := range []string{
		`4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, delays=0/0.03/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)`,
		`AC8D598604A: to=<other@dom.example.net>, relay=none, delay=16, delays=16/0.02/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10099: Connection refused)`,
		`0048B9866B3: to=<nosuchuser@mx.example.test>, relay=local, delay=0.05, delays=0.01/0.03/0/0.01, dsn=5.1.1, status=bounced (unknown user: "nosuchuser")`,
		`0048B9866B3: from=<sender@example.org>, status=expired, returned to sender`,
	} {
		st, err := dsn.ParseStatus(line)
		if err != nil {
			fmt.Println(err)
			continue
		}
		switch st.Kind {
		case dsn.KindReply:
			fmt.Println(st.Action, st.Code, "queued remotely as", st.QueuedAs)
		case dsn.KindConnect:
			fmt.Println(st.Action, st.Code, st.Addr, st.Port, st.Detail)
		default:
			fmt.Printf("%s %v %q\n", st.Action, st.Code, st.Text)
		}
	}
	// Output:
	// sent 2.0.0 queued remotely as 4jXWjt3yVtz1SGM5
	// deferred 4.4.1 127.0.0.1 10099 Connection refused
	// bounced 5.1.1 "unknown user: \"nosuchuser\""
	// expired 0.0.0 "returned to sender"
}
