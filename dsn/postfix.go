package dsn

// This file holds the rules by which Postfix ties SMTP reply codes and
// enhanced status codes together (spec: postfix.md sections 2.4 and 8.1).

// Default enhanced status codes Postfix uses when a table or text gives none.
var (
	// RejectCode is used for access(5) REJECT and for header_checks and
	// body_checks REJECT without a code (access_map_reject_code 554 → 554 5.7.1).
	RejectCode = Code{5, 7, 1}
	// DeferCode is used for access(5) DEFER, DEFER_IF_PERMIT and
	// DEFER_IF_REJECT without a code (450 4.7.1).
	DeferCode = Code{4, 7, 1}
	// FallbackCode goes with the reply 450 that smtpd sends instead of a
	// reply whose code is not 4xx/5xx or whose enhanced code is invalid
	// ("450 4.7.1 Service unavailable"); see [RejectReply].
	FallbackCode = Code{4, 7, 1}
	// ProtocolErrorCode is what Postfix's SMTP client records for a reply
	// that is not 2xx, 4xx or 5xx, or has no reply code at all.
	ProtocolErrorCode = Code{5, 5, 0}
)

// Private copies, so that callers who reassign the variables above do not
// change the rules.
var (
	fallbackCode      = Code{4, 7, 1}
	protocolErrorCode = Code{5, 5, 0}
)

// Split separates an optional enhanced status code from the start of text,
// as Postfix's dsn_split does for access(5) results and reject texts: a
// code in [ParseLenient] syntax followed by white space or the end of text.
// If there is one, Split returns it and the text after it and the white
// space that follows; otherwise it returns def and text unchanged.
//
//	Split("5.1.1 no such user", dsn.RejectCode) // 5.1.1, "no such user"
//	Split("go away", dsn.RejectCode)            // 5.7.1, "go away"
func Split(text string, def Code) (Code, string) {
	c, n, e := scan(text, false)
	if e.err != nil || n < len(text) && !isSpace(text[n]) {
		return def, text
	}
	text = text[n:]
	for len(text) > 0 && isSpace(text[0]) {
		text = text[1:]
	}
	return c, text
}

// AccessCode returns the enhanced status code Postfix gives an access(5)
// result of the form "4NN text" or "5NN text" that has no code of its own:
// N.7.1. For a reply code outside 400-599 it returns [FallbackCode].
func AccessCode(reply int) Code {
	if reply >= 400 && reply <= 599 {
		return Code{uint8(reply / 100), 7, 1}
	}
	return fallbackCode
}

// ReplyCode returns the generic enhanced status code Postfix's SMTP client
// uses for a reply without a usable one: 2.0.0, 4.0.0 or 5.0.0 after the
// reply code's first digit, and [ProtocolErrorCode] (5.5.0) if the reply
// code is not 2xx, 4xx or 5xx (src/smtp/smtp_chat.c).
func ReplyCode(reply int) Code {
	switch reply / 100 {
	case 2, 4, 5:
		if reply >= 200 && reply <= 599 {
			return Code{uint8(reply / 100), 0, 0}
		}
	}
	return protocolErrorCode
}

// ForceClass returns c with its class set to the first digit of the reply
// code, as smtpd does with every reply it sends ("REJECT 4.7.1 text" in a
// table whose reply is 554 goes out as "554 5.7.1 text"). If the reply code
// is not 2xx, 4xx or 5xx, c is returned unchanged.
func ForceClass(reply int, c Code) Code {
	if reply >= 200 && reply <= 599 {
		switch d := uint8(reply / 100); d {
		case 2, 4, 5:
			c.Class = d
		}
	}
	return c
}

// RejectReply applies smtpd's final checks on a reject reply
// (smtpd_check_reject): a reply code outside 400-599 or an invalid
// enhanced status code is replaced by 450 and [FallbackCode] (Postfix also
// replaces the text with "Service unavailable" and logs a warning), then
// the enhanced code's class is forced to the reply code's first digit.
// It does not model soft_bounce or defer_if_reject, which depend on
// configuration.
func RejectReply(reply int, c Code) (int, Code) {
	if reply < 400 || reply > 599 || !c.IsValid() {
		return 450, fallbackCode
	}
	return reply, ForceClass(reply, c)
}

// PostfixCode returns the enhanced status code Postfix's SMTP and LMTP
// client records for the reply (src/smtp/smtp_chat.c): the enhanced code
// at the start of the last line if its class equals the reply code's first
// digit, otherwise the generic code of [ReplyCode] (2.0.0, 4.0.0, 5.0.0, or
// 5.5.0 for a reply that is not 2xx, 4xx or 5xx, and for the zero Reply).
func (r Reply) PostfixCode() Code {
	if !r.IsValid() {
		return protocolErrorCode
	}
	def := ReplyCode(int(r.code))
	if def == protocolErrorCode {
		return def
	}
	c := r.enhanced
	if r.lines > 1 {
		c, _ = lineText(r.lastLine())
	}
	if c.Class == def.Class {
		return c
	}
	return def
}

// Target is what smtpd is rejecting when it adjusts an address status code;
// see [MapAddress].
type Target uint8

// Targets of [MapAddress].
const (
	TargetOther     Target = iota // not an address: client, HELO, ETRN, DATA, ...
	TargetSender                  // the sender address (MAIL FROM)
	TargetRecipient               // a recipient address (RCPT TO)
)

// String returns "other", "sender" or "recipient".
func (t Target) String() string {
	switch t {
	case TargetSender:
		return "sender"
	case TargetRecipient:
		return "recipient"
	}
	return "other"
}

// addressMap is smtpd_dsn_fix's table: detail → sender, recipient detail.
var addressMap = [9][2]uint16{
	0: {0, 0}, // any detail not listed below
	1: {7, 1},
	2: {8, 2},
	3: {7, 3},
	4: {7, 4},
	5: {0, 5},
	6: {7, 6},
	7: {7, 3},
	8: {8, 2},
}

// MapAddress rewrites an address status code (X.1.Y) to suit what is being
// rejected, as smtpd does (src/smtpd/smtpd_dsn_fix.c): a recipient code
// used against a sender becomes the matching sender code and vice versa
// (5.1.1 against a sender becomes 5.1.7; 5.1.8 against a recipient becomes
// 5.1.2), unknown details become X.1.0, and any X.1.Y used against
// something that is not an address becomes X.0.0. The class is kept, and
// codes with a subject other than 1 are returned unchanged.
func MapAddress(c Code, t Target) Code {
	if c.Subject != 1 {
		return c
	}
	if t != TargetSender && t != TargetRecipient {
		return Code{c.Class, 0, 0}
	}
	row := addressMap[0]
	if c.Detail < uint16(len(addressMap)) && c.Detail != 0 {
		row = addressMap[c.Detail]
	}
	if t == TargetSender {
		return Code{c.Class, 1, row[0]}
	}
	return Code{c.Class, 1, row[1]}
}
