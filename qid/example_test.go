package qid_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/mailsift/mailsift/qid"
)

func ExampleParse() {
	for _, s := range []string{"4jXWfr4z1Cz1SGmk", "DED2698662B", "NOQUEUE"} {
		id, err := qid.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(id, id.IsLong(), id.Microseconds(), id.Inode())
	}
	// Output:
	// 4jXWfr4z1Cz1SGmk true 700399 9987317
	// DED2698662B false 912678 9987627
	// qid: invalid queue ID "NOQUEUE": NOQUEUE is not a queue ID at offset 0
}

func ExampleParseBytes() {
	id, err := qid.ParseBytes([]byte("3Pt2mN2VXxznjll"))
	fmt.Println(id.Time().Format(time.RFC3339Nano), err)
	// Output: 2011-03-20T14:31:48.353025Z <nil>
}

func ExampleMustParse() {
	id := qid.MustParse("2989A9862D4")
	fmt.Printf("%05X %X\n", id.Microseconds(), id.Inode())
	// Output: 2989A 9862D4
}

func ExampleID_Time() {
	id := qid.MustParse("4jXWfr4z1Cz1SGmk")
	fmt.Println(id.Time())
	fmt.Println(qid.MustParse("DED2698662B").Time().IsZero()) // short IDs have no date
	// Output:
	// 2026-11-22 14:29:24.700399 +0000 UTC
	// true
}

func ExampleID_AppendTo() {
	buf := []byte("queue id: ")
	buf = qid.MustParse("4jXWfr4z1Cz1SGmk").AppendTo(buf)
	fmt.Println(string(buf))
	// Output: queue id: 4jXWfr4z1Cz1SGmk
}

func ExampleID_MarshalText() {
	b, _ := qid.MustParse("DED2698662B").MarshalText()
	var id qid.ID
	err := id.UnmarshalText(b)
	fmt.Println(string(b), id, err)
	// Output: DED2698662B DED2698662B <nil>
}

func ExampleNewLong() {
	t := time.Date(2026, 11, 22, 14, 29, 24, 700399000, time.UTC)
	fmt.Println(qid.NewLong(t, 9987317))
	// Output: 4jXWfr4z1Cz1SGmk
}

func ExampleNewShort() {
	fmt.Println(qid.NewShort(170138, 0x9862D4))
	// Output: 2989A9862D4
}

func ExampleIsNoQueue() {
	fmt.Println(qid.IsNoQueue("NOQUEUE"), qid.IsNoQueue("DED2698662B"))
	// Output: true false
}

func ExampleIsNoQueueLine() {
	line := []byte("Nov 22 14:27:43 mx postfix/smtpd[25714]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 denied")
	fmt.Println(qid.IsNoQueueLine(line))
	// Output: true
}

func ExampleFind() {
	line := []byte("Nov 22 14:32:02 mx postfix/cleanup[28035]: warning: 4jXWjt6sFrz1SGLv: message rejected: hopcount exceeded")
	m, ok := qid.Find(line)
	fmt.Println(ok, m.Kind, m.ID, string(line[m.Start:m.End]))
	// Output: true warning 4jXWjt6sFrz1SGLv 4jXWjt6sFrz1SGLv
}

func ExampleFindString() {
	m, ok := qid.FindString("4jXWfr4z1Cz1SGmk: removed")
	fmt.Println(ok, m.Kind, m.ID)
	// Output: true start 4jXWfr4z1Cz1SGmk
}

func ExampleAppendAll() {
	line := []byte("postfix/smtp[28084]: 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)")
	for _, m := range qid.AppendAll(nil, line) {
		fmt.Println(m.Kind, m.ID, m.Start)
	}
	// Output:
	// start 4jXWjt3kD8z1SGLv 21
	// queued-as 4jXWjt3yVtz1SGM5 101
}

func ExampleAll() {
	line := []byte("Nov 22 14:10:21 mx postfix/cleanup[1]: DED2698662B: message-id=<20261122141021.DED2698662B@mx.example.test>")
	for m := range qid.All(line) {
		fmt.Println(m.Kind, m.ID)
	}
	// Output:
	// start DED2698662B
	// message-id DED2698662B
}

func ExampleMessageStart() {
	line := []byte("Nov 22 14:10:21 mx postfix/qmgr[28005]: 4jXWfr4z1Cz1SGmk: removed")
	fmt.Println(string(line[qid.MessageStart(line):]))
	// Output: 4jXWfr4z1Cz1SGmk: removed
}

func ExampleNewListingReader() {
	const listing = `-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
6540A984342*     271 Fri Nov 27 01:11:28  alice@example.org
                                         judy@slow.example.test

5C54B98433C!     260 Fri Nov 27 01:11:28  MAILER-DAEMON
                   (connect to 127.0.0.1[127.0.0.1]:58587: Connection refused)
                                         postmaster@dest.example.net

-- 0 Kbytes in 2 Requests.
`
	lr := qid.NewListingReader(strings.NewReader(listing), qid.FormatAuto)
	lr.Location = time.UTC
	lr.Now = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	for e, err := range lr.All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %q %s %s %q\n", e.ID, e.Queue, e.Arrival.Format(time.DateTime), e.Recipients[0].Address, e.Recipients[0].DelayReason)
	}
	s, _ := lr.Summary()
	fmt.Println(s.Requests, "requests")
	// Output:
	// 6540A984342 "active" 2026-11-27 01:11:28 judy@slow.example.test ""
	// 5C54B98433C "hold" 2026-11-27 01:11:28 postmaster@dest.example.net "connect to 127.0.0.1[127.0.0.1]:58587: Connection refused"
	// 2 requests
}

func ExampleListingReader_Next() {
	const listing = `{"queue_name": "deferred", "queue_id": "4jbFj61Ls4z1SCMV", "arrival_time": 1795741850, "message_size": 268, "forced_expire": false, "sender": "alice@example.org", "recipients": [{"address": "bob@dest.example.net", "delay_reason": "connect to 127.0.0.1[127.0.0.1]:54495: Connection refused"}]}
`
	lr := qid.NewListingReader(strings.NewReader(listing), qid.FormatJSON)
	e, err := lr.Next()
	fmt.Println(e.ID, e.Queue, e.Arrival, e.Size, e.Sender, e.Recipients[0].Address, err)
	_, err = lr.Next()
	fmt.Println(err)
	// Output:
	// 4jbFj61Ls4z1SCMV deferred 2026-11-27 01:10:50 +0000 UTC 268 alice@example.org bob@dest.example.net <nil>
	// EOF
}

func ExampleKind_String() {
	fmt.Println(qid.KindQueuedAs, qid.KindNotification)
	// Output: queued-as notification
}
