// Package dsn reads the status information of Postfix logs and SMTP
// conversations: enhanced mail system status codes (RFC 3463), SMTP replies
// (RFC 5321, RFC 2034), and the status of Postfix delivery status lines.
//
// # Codes
//
// A [Code] is a comparable value such as 5.1.1. [Parse] follows the grammar
// of RFC 3463 exactly; [ParseLenient] reads codes the way Postfix does
// (dsn_valid: 1 to 3 digits, leading zeros allowed, so "5.01.1" is 5.1.1).
// Both return a [*ParseError] that names the part that is wrong and its
// offset, and wraps a sentinel such as [ErrClass] or [ErrTooManyDigits].
//
// # Registry
//
// The IANA "SMTP Enhanced Status Codes" registry's enumerated codes are
// built in: [Lookup] and [LookupString] give the [Entry] for a code (the
// registry lists them without a class, as X.1.1), with its sample text,
// associated reply codes, references and a short description. [ClassText]
// and [SubjectText] give the registry's names for classes and subjects.
//
// # Replies
//
// [ParseReply] parses single-line and multi-line SMTP replies, including the
// one-line form in which Postfix logs multi-line replies. The rules by which
// Postfix ties reply codes and enhanced codes together are functions:
// [Split] (an optional code at the start of a text), [ForceClass] and
// [RejectReply] (what smtpd sends), [MapAddress] (smtpd's address code
// remapping), [Reply.PostfixCode] and [ReplyCode] (what the SMTP client
// records), and the defaults [RejectCode], [DeferCode] and [AccessCode].
//
// # Status lines
//
// [ParseStatus] reads the status part of a delivery agent's log line:
//
//	... dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.25] said: 550 5.1.1 <u@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command))
//
// into a [Status]: the [Action] (sent, deferred, bounced, ...), the code,
// and, as the text allows, the remote host name and address, the remote
// [Reply], the SMTP [Stage] and the error detail.
//
// Parsing allocates nothing on success: results refer to the input string.
//
// # Example
//
// Explaining why a message bounced or was deferred:
//
//	st, err := dsn.ParseStatus(line)
//	if err != nil {
//		return err // *dsn.ParseError: no status, unknown status word, truncated line, ...
//	}
//	what := "unregistered code"
//	if e, ok := dsn.Lookup(st.Code); ok {
//		what = e.Text // "Bad destination mailbox address"
//	}
//	fmt.Printf("%s %v (%s): %s\n", st.Action, st.Code, dsn.ClassText(st.Code.Class), what)
//	switch st.Kind {
//	case dsn.KindSaid:
//		// The remote server rejected the message: who, when, and in its words.
//		fmt.Printf("%s[%v] at %v: %d %s\n", st.Host, st.Addr, st.Stage, st.Reply.Code(), st.Reply.Text())
//	case dsn.KindConnect:
//		fmt.Printf("cannot connect to %s[%v]:%d: %s\n", st.Host, st.Addr, st.Port, st.Detail)
//	case dsn.KindLostConnection, dsn.KindTimeout:
//		fmt.Printf("%v with %s[%v] while %s\n", st.Kind, st.Host, st.Addr, st.StageText)
//	default:
//		fmt.Println(st.Text) // a local agent's text, e.g. `unknown user: "x"`
//	}
//	if st.Code.IsTransient() {
//		// Postfix will retry; 5.X.X codes are final.
//	}
//
// The behaviour follows Postfix 3.7 (src/global/dsn_util.c,
// src/smtpd/smtpd_check.c, src/smtpd/smtpd_dsn_fix.c, src/smtp/smtp_chat.c,
// src/global/log_adhoc.c) as described in mailsift's Postfix reference.
package dsn
