package dsn

// registry is the IANA "Enumerated Status Codes" table of the "Simple Mail
// Transfer Protocol (SMTP) Enhanced Status Codes" registry
// (https://www.iana.org/assignments/smtp-enhanced-status-codes, sub-registry
// smtp-enhanced-status-codes-3), sorted by subject, then detail.
//
// Text, Replies and Reference follow the registry's "Sample Text",
// "Associated basic status code" and "Reference" columns (Text with line
// breaks folded into spaces); Description is a short paraphrase of the
// registry's description written for this package.
//
// Keep the table sorted: Lookup binary-searches it and a test checks the
// order and the row count.
var registry = [...]Entry{
	{0, 0, "Other undefined Status", "Any", "RFC 3463", "Only the class of the status is known; nothing more specific applies.", false},

	{1, 0, "Other address status", "Not given", "RFC 3463", "Something about an address in the message caused this status.", false},
	{1, 1, "Bad destination mailbox address", "451, 550", "RFC 3463", "The recipient mailbox does not exist: the local part (left of the @) is invalid.", false},
	{1, 2, "Bad destination system address", "Not given", "RFC 3463", "The recipient's domain (right of the @) does not exist or cannot accept mail.", false},
	{1, 3, "Bad destination mailbox address syntax", "501", "RFC 3463", "The recipient address is syntactically invalid.", false},
	{1, 4, "Destination mailbox address ambiguous", "Not given", "RFC 3463", "The recipient address matches more than one mailbox at the destination.", false},
	{1, 5, "Destination address valid", "250", "RFC 3463", "The recipient address is valid; used in positive reports.", false},
	{1, 6, "Destination mailbox has moved, No forwarding address", "Not given", "RFC 3463", "The address was valid once, but mail is no longer accepted for it.", false},
	{1, 7, "Bad sender's mailbox address syntax", "Not given", "RFC 3463", "The sender address is syntactically invalid.", false},
	{1, 8, "Bad sender's system address", "451, 501", "RFC 3463", "The sender's domain does not exist or cannot accept return mail.", false},
	{1, 9, "Message relayed to non-compliant mailer", "Not given", "RFC 3886", "The address was valid, but the message was relayed to a system that does not speak this protocol, so no more is known.", false},
	{1, 10, "Recipient address has null MX", "556", "RFC 7505, RFC 7504", "The recipient's domain publishes a null MX: it accepts no mail.", false},

	{2, 0, "Other or undefined mailbox status", "Not given", "RFC 3463", "The mailbox exists, but something about it caused this status.", false},
	{2, 1, "Mailbox disabled, not accepting messages", "Not given", "RFC 3463", "The mailbox exists but does not accept messages, for now or for good.", false},
	{2, 2, "Mailbox full", "552", "RFC 3463", "The mailbox is over its quota or out of space; the recipient can make room.", false},
	{2, 3, "Message length exceeds administrative limit", "552", "RFC 3463", "The message is larger than the mailbox's own size limit.", false},
	{2, 4, "Mailing list expansion problem", "450, 452", "RFC 3463", "The address is a mailing list that could not be expanded.", false},

	{3, 0, "Other or undefined mail system status", "221, 250, 421, 451, 550, 554", "RFC 3463", "The destination system normally accepts mail, but something about it caused this status.", false},
	{3, 1, "Mail system full", "452", "RFC 3463", "The destination system's storage is exhausted.", false},
	{3, 2, "System not accepting network messages", "453, 521", "RFC 3463, RFC 7504", "The destination host is not accepting messages (shutdown, load, maintenance, or never).", false},
	{3, 3, "System not capable of selected features", "Not given", "RFC 3463", "Features requested for the message are not supported by the destination.", false},
	{3, 4, "Message too big for system", "552, 554", "RFC 3463", "The message exceeds the system's per-message size limit.", false},
	{3, 5, "System incorrectly configured", "Not given", "RFC 3463", "The system is not configured in a way that lets it accept this message.", false},
	{3, 6, "Requested priority was changed", "250 or 251", "RFC 6710", "The message was accepted, but not at the requested priority; the reply text gives the new one.", false},

	{4, 0, "Other or undefined network or routing status", "Not given", "RFC 3463", "Something went wrong in networking or routing, and no more specific code applies.", false},
	{4, 1, "No answer from host", "451", "RFC 3463", "The outbound connection attempt was not answered.", false},
	{4, 2, "Bad connection", "421", "RFC 3463", "The connection was made but the transaction could not be completed (time-out, poor connection).", false},
	{4, 3, "Directory server failure", "451, 550", "RFC 3463", "A directory server such as DNS was unavailable, so the message could not be forwarded.", false},
	{4, 4, "Unable to route", "Not given", "RFC 3463", "The next hop could not be determined from the routing information available.", false},
	{4, 5, "Mail system congestion", "451", "RFC 3463", "The mail system was too congested to deliver the message.", false},
	{4, 6, "Routing loop detected", "Not given", "RFC 3463", "The message was forwarded too many times, by a routing table or forwarding loop.", false},
	{4, 7, "Delivery time expired", "Not given", "RFC 3463", "The message was too old: it stayed queued too long or its time-to-live ran out.", false},

	{5, 0, "Other or undefined protocol status", "220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554", "RFC 3463", "Something was wrong with the mail protocol, and no more specific code applies.", false},
	{5, 1, "Invalid command", "430, 500, 501, 503, 530, 550, 554, 555", "RFC 3463", "A protocol command was out of sequence or not supported.", false},
	{5, 2, "Syntax error", "500, 501, 502, 550, 555", "RFC 3463", "A protocol command could not be interpreted: bad syntax or unknown command.", false},
	{5, 3, "Too many recipients", "451", "RFC 3463", "The message had more recipients than the protocol could deliver.", false},
	{5, 4, "Invalid command arguments", "451, 501, 502, 503, 504, 550, 555", "RFC 3463", "A valid command had invalid or unrecognised arguments.", false},
	{5, 5, "Wrong protocol version", "Not given", "RFC 3463", "The two sides could not agree on a protocol version.", false},
	{5, 6, "Authentication Exchange line is too long", "500", "RFC 4954", "An AUTH response from the client was longer than the server's buffer for the mechanism.", false},

	{6, 0, "Other or undefined media error", "Not given", "RFC 3463", "Something about the message content made it undeliverable, and no more specific code applies.", false},
	{6, 1, "Media not supported", "Not given", "RFC 3463", "The message's media type is not supported on the delivery path.", false},
	{6, 2, "Conversion required and prohibited", "Not given", "RFC 3463", "The content needs converting before delivery, and conversion is not allowed.", false},
	{6, 3, "Conversion required but not supported", "554", "RFC 3463", "The content needs converting, and no host on the path can do it (e.g. 8bit to 7bit).", false},
	{6, 4, "Conversion with loss performed", "250", "RFC 3463", "The message was delivered after a conversion that lost some data.", false},
	{6, 5, "Conversion Failed", "Not given", "RFC 3463", "A required content conversion failed.", false},
	{6, 6, "Message content not available", "554", "RFC 4468", "The message content could not be fetched from a remote system (BURL).", false},
	{6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "553, 550", "RFC 6531", "A MAIL or RCPT command used a non-ASCII address where none is permitted.", false},
	{6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", "252, 553, 550", "RFC 6531", "Showing the mailbox name needs a UTF-8 reply, which the client did not allow.", false},
	{6, 9, "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected", "550", "RFC 6531", "A message with UTF-8 header fields cannot be passed on to some recipients; rejected after the end of DATA.", false},
	{6, 10, "", "", "RFC 6531", "Registered in error as a duplicate of X.6.8; deprecated.", true},

	{7, 0, "Other or undefined security status", "220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550", "RFC 3463", "Something security related caused this status, or policy forbids saying more.", false},
	{7, 1, "Delivery not authorized, message refused", "451, 454, 502, 503, 533, 550, 551", "RFC 3463", "The sender may not send to this destination (per-host or per-recipient policy).", false},
	{7, 2, "Mailing list expansion prohibited", "550", "RFC 3463", "The sender may not send to this mailing list.", false},
	{7, 3, "Security conversion required but not possible", "Not given", "RFC 3463", "Conversion between secure messaging protocols was required and impossible.", false},
	{7, 4, "Security features not supported", "504", "RFC 3463", "The message used security features the delivery protocol cannot support.", false},
	{7, 5, "Cryptographic failure", "Not given", "RFC 3463", "A system entitled to validate or decrypt the message could not, e.g. for lack of a key.", false},
	{7, 6, "Cryptographic algorithm not supported", "Not given", "RFC 3463", "A system entitled to validate or decrypt the message does not support the algorithm.", false},
	{7, 7, "Message integrity failure", "Not given", "RFC 3463", "The message could not be validated because it was corrupted or altered.", false},
	{7, 8, "Authentication credentials invalid", "535, 554", "RFC 4954", "AUTH failed: the credentials were invalid or insufficient.", false},
	{7, 9, "Authentication mechanism is too weak", "534", "RFC 4954", "AUTH failed: the mechanism is weaker than policy allows for this user.", false},
	{7, 10, "Encryption Needed", "523", "RFC 5248", "An external privacy layer such as TLS is needed to use the requested authentication mechanism.", false},
	{7, 11, "Encryption required for requested authentication mechanism", "524, 538", "RFC 4954", "The authentication mechanism may only be used over an encrypted connection (historical).", false},
	{7, 12, "A password transition is needed", "422, 432", "RFC 4954", "The user must authenticate once with PLAIN to move to the selected mechanism.", false},
	{7, 13, "User Account Disabled", "525", "RFC 5248", "Authentication succeeded, but the account is disabled until an administrator re-enables it.", false},
	{7, 14, "Trust relationship required", "535, 554", "RFC 5248", "The submission server needs a configured trust relationship with a third party to fetch the content.", false},
	{7, 15, "Priority Level is too low", "450, 550 (other 4XX or 5XX codes are allowed)", "RFC 6710", "The message's priority is below the lowest the server accepts (now).", false},
	{7, 16, "Message is too big for the specified priority", "552 (other 4XX or 5XX codes are allowed)", "RFC 6710", "The message is too large for its priority.", false},
	{7, 17, "Mailbox owner has changed", "5XX", "RFC 7293", "RRVS: the recipient mailbox has changed owner since the given date.", false},
	{7, 18, "Domain owner has changed", "5XX", "RFC 7293", "RRVS: the recipient's domain has changed owner since the given date.", false},
	{7, 19, "RRVS test cannot be completed", "5XX", "RFC 7293", "RRVS: the check could not be done because the needed timestamp was not recorded.", false},
	{7, 20, "No passing DKIM signature found", "550", "RFC 7372, RFC 6376", "The message had no passing DKIM signature.", false},
	{7, 21, "No acceptable DKIM signature found", "550", "RFC 7372, RFC 6376", "The message had passing DKIM signatures, but none acceptable to the receiver.", false},
	{7, 22, "No valid author-matched DKIM signature found", "550", "RFC 7372, RFC 6376", "No passing DKIM signature matched the author (From) address.", false},
	{7, 23, "SPF validation failed", "550", "RFC 7372, RFC 7208", "SPF evaluation gave \"fail\", contrary to local policy.", false},
	{7, 24, "SPF validation error", "451/550", "RFC 7372, RFC 7208", "SPF evaluation ended in an error.", false},
	{7, 25, "Reverse DNS validation failed", "550", "RFC 7372", "The client's IP address failed a reverse DNS check required by local policy.", false},
	{7, 26, "Multiple authentication checks failed", "550", "RFC 7372", "The message failed more than one authentication check required by local policy.", false},
	{7, 27, "Sender address has null MX", "550", "RFC 7505", "The sender's domain publishes a null MX, so it could not take a bounce.", false},
	// The registry's "Associated basic status code" for X.7.28 is "."; kept empty here.
	{7, 28, "Mail flood detected", "", "draft-levine-mailbomb-header", "The message appears to belong to a flood of similar abusive messages.", false},
	{7, 29, "ARC validation failure", "550", "RFC 8617", "The message failed ARC validation.", false},
	{7, 30, "REQUIRETLS support required", "550", "RFC 8689", "The message required REQUIRETLS, and no next-hop server supports it.", false},
}

// classTexts and subjectTexts are the "Class Sub-Codes" and "Subject
// Sub-Codes" tables of the same registry (RFC 3463 sections 3.1 and 3.2).
var subjectTexts = [...]string{
	"Other or Undefined Status",
	"Addressing Status",
	"Mailbox Status",
	"Mail System Status",
	"Network and Routing Status",
	"Mail Delivery Protocol Status",
	"Message Content or Media Status",
	"Security or Policy Status",
}
