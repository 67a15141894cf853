package dsn

import (
	"fmt"
	"strings"
	"testing"
)

// registryRows pins the size of the embedded IANA "Enumerated Status Codes"
// table. Source: the registry's CSV export (smtp-enhanced-status-codes-3.csv),
// whose last additions are X.7.28 (draft-levine-mailbomb-header), X.7.29
// (RFC 8617) and X.7.30 (RFC 8689). Change it only together with the table.
const registryRows = 81

func TestRegistryShape(t *testing.T) {
	n := 0
	var prev Entry
	for e := range Entries() {
		if n > 0 && (e.Subject < prev.Subject || e.Subject == prev.Subject && e.Detail <= prev.Detail) {
			t.Errorf("registry not sorted or duplicated at %s after %s", e.Pattern(), prev.Pattern())
		}
		if e.Reference == "" || e.Description == "" {
			t.Errorf("%s: missing reference or description", e.Pattern())
		}
		if (e.Text == "") != e.Deprecated {
			t.Errorf("%s: text %q deprecated %v", e.Pattern(), e.Text, e.Deprecated)
		}
		if strings.ContainsAny(e.Text+e.Description+e.Replies, "\n\t") {
			t.Errorf("%s: control characters in strings", e.Pattern())
		}
		prev = e
		n++
	}
	if n != registryRows {
		t.Errorf("registry has %d rows, want %d", n, registryRows)
	}
	// The registry's codes are dense: subject s has details 0..max[s].
	max := []uint16{0, 10, 4, 6, 7, 6, 10, 30}
	var want []string
	for s, m := range max {
		for d := 0; d <= int(m); d++ {
			want = append(want, fmt.Sprintf("X.%d.%d", s, d))
		}
	}
	var got []string
	for e := range Entries() {
		got = append(got, e.Pattern())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("registry codes\n got %v\nwant %v", got, want)
	}
}

// TestRegistrySpotChecks compares rows with the titles the defining RFCs
// give the codes (RFC 3463 section 3, RFC 4954
// section 6, RFC 5248 section 2.4, RFC 6710, RFC 7293, RFC 7372,
// RFC 7505, RFC 8617, RFC 8689).
func TestRegistrySpotChecks(t *testing.T) {
	tests := []struct{ code, text, ref string }{
		{"X.0.0", "Other undefined Status", "RFC 3463"},
		{"X.1.1", "Bad destination mailbox address", "RFC 3463"},
		{"X.1.2", "Bad destination system address", "RFC 3463"},
		{"X.1.7", "Bad sender's mailbox address syntax", "RFC 3463"},
		{"X.1.9", "Message relayed to non-compliant mailer", "RFC 3886"},
		{"X.1.10", "Recipient address has null MX", "RFC 7505, RFC 7504"},
		{"X.2.2", "Mailbox full", "RFC 3463"},
		{"X.3.4", "Message too big for system", "RFC 3463"},
		{"X.3.6", "Requested priority was changed", "RFC 6710"},
		{"X.4.1", "No answer from host", "RFC 3463"},
		{"X.4.4", "Unable to route", "RFC 3463"},
		{"X.4.7", "Delivery time expired", "RFC 3463"},
		{"X.5.6", "Authentication Exchange line is too long", "RFC 4954"},
		{"X.6.6", "Message content not available", "RFC 4468"},
		{"X.6.7", "Non-ASCII addresses not permitted for that sender/recipient", "RFC 6531"},
		{"X.7.1", "Delivery not authorized, message refused", "RFC 3463"},
		{"X.7.8", "Authentication credentials invalid", "RFC 4954"},
		{"X.7.10", "Encryption Needed", "RFC 5248"},
		{"X.7.13", "User Account Disabled", "RFC 5248"},
		{"X.7.17", "Mailbox owner has changed", "RFC 7293"},
		{"X.7.23", "SPF validation failed", "RFC 7372, RFC 7208"},
		{"X.7.26", "Multiple authentication checks failed", "RFC 7372"},
		{"X.7.27", "Sender address has null MX", "RFC 7505"},
		{"X.7.28", "Mail flood detected", "draft-levine-mailbomb-header"},
		{"X.7.29", "ARC validation failure", "RFC 8617"},
		{"X.7.30", "REQUIRETLS support required", "RFC 8689"},
	}
	for _, tt := range tests {
		e, ok := LookupString(tt.code)
		if !ok || e.Text != tt.text || e.Reference != tt.ref || e.Pattern() != tt.code {
			t.Errorf("LookupString(%q) = %+v, %v; want text %q ref %q", tt.code, e, ok, tt.text, tt.ref)
		}
	}
	if e, ok := LookupString("X.6.10"); !ok || !e.Deprecated || !strings.Contains(e.Description, "X.6.8") {
		t.Errorf("X.6.10 = %+v, %v", e, ok)
	}
	if e, _ := LookupString("X.1.1"); e.Replies != "451, 550" {
		t.Errorf("X.1.1 replies %q", e.Replies)
	}
}

func TestLookup(t *testing.T) {
	for _, s := range []string{"5.1.1", "4.1.1", "2.1.1", "x.1.1", "X.1.1", "5.01.1"} {
		e, ok := LookupString(s)
		if !ok || e.Subject != 1 || e.Detail != 1 {
			t.Errorf("LookupString(%q) = %+v, %v", s, e, ok)
		}
	}
	for _, s := range []string{"", "X", "X.1", "X.1.", "X.1.1 ", "Y.1.1", "6.1.1", "5.7.606", "X.8.0", "X.7.31", "X.1000.1", "5.1.1.1", "X.1.11"} {
		if e, ok := LookupString(s); ok {
			t.Errorf("LookupString(%q) = %+v, true", s, e)
		}
	}
	if e, ok := Lookup(MustParse("5.7.1")); !ok || e.Code(5) != (Code{5, 7, 1}) {
		t.Errorf("Lookup(5.7.1) = %+v, %v", e, ok)
	}
	for _, c := range []Code{{}, {6, 1, 1}, {5, 7, 606}, {4, 7, 500}, {5, 1000, 1}} {
		if _, ok := Lookup(c); ok {
			t.Errorf("Lookup(%v) found", c)
		}
	}
	// Every registered code is found from every class.
	for e := range Entries() {
		for _, class := range []uint8{2, 4, 5} {
			if got, ok := Lookup(e.Code(class)); !ok || got != e {
				t.Errorf("Lookup(%v) = %+v, %v", e.Code(class), got, ok)
			}
		}
	}
}

func TestSummaries(t *testing.T) {
	for class, want := range map[uint8]string{2: "Success", 4: "Persistent Transient Failure", 5: "Permanent Failure", 3: "", 0: ""} {
		if got := ClassText(class); got != want {
			t.Errorf("ClassText(%d) = %q, want %q", class, got, want)
		}
	}
	for subject, want := range map[uint16]string{0: "Other or Undefined Status", 1: "Addressing Status", 4: "Network and Routing Status", 7: "Security or Policy Status", 8: ""} {
		if got := SubjectText(subject); got != want {
			t.Errorf("SubjectText(%d) = %q, want %q", subject, got, want)
		}
	}
}
