package logline

import (
	"bufio"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/mailsift/mailsift/dsn"
	"github.com/mailsift/mailsift/qid"
)

// groupsSet returns the groups of ev's fields that are not zero.
func groupsSet(ev *Event) fieldGroups {
	var g fieldGroups
	if !ev.Client.IsZero() || ev.Client.Port != 0 || !ev.Server.IsZero() || ev.Server.Port != 0 ||
		!ev.Relay.IsZero() || ev.Relay.Port != 0 ||
		ev.Client.Name != nil || ev.Server.Name != nil || ev.Relay.Name != nil ||
		ev.Client.Path != nil || ev.Server.Path != nil || ev.Relay.Path != nil {
		g |= groupPeers
	}
	if ev.Action != nil || ev.Command != nil || ev.From != nil || ev.To != nil || ev.OrigTo != nil ||
		ev.Proto != nil || ev.Helo != nil || ev.SASLMethod != nil || ev.SASLUsername != nil ||
		ev.SASLSender != nil || ev.RelatedID != (qid.ID{}) || ev.OrigClient != nil ||
		ev.MessageID != nil || ev.Context != nil {
		g |= groupSMTP
	}
	if ev.Reply != (dsn.Reply{}) {
		g |= groupReply
	}
	if ev.Delay != 0 || ev.Delays != [4]time.Duration{} || ev.ConnUse != 0 || ev.DSN != (dsn.Code{}) ||
		!reflect.DeepEqual(ev.Status, dsn.Status{}) {
		g |= groupDelivery
	}
	if ev.Commands != (CommandStats{}) {
		g |= groupCommands
	}
	if !reflect.DeepEqual(ev.TLS, TLSInfo{}) {
		g |= groupTLS
	}
	if ev.Service != nil || ev.User != nil || ev.Method != nil || ev.Session != nil || ev.Mailbox != nil || ev.MPID != 0 {
		g |= groupDovecot
	}
	if ev.Text != nil || ev.Reason != nil || ev.Size != 0 || ev.Nrcpt != 0 || ev.UID != 0 || ev.Count != 0 || ev.Duration != 0 {
		g |= groupMisc
	}
	return g
}

// checkReuse parses line into a fresh Event and into reused (which holds
// the previous line's event), and fails if they differ or if the fresh
// event sets fields outside its Kind's groups.
func checkReuse(t *testing.T, p, q *Parser, line []byte, reused *Event) {
	t.Helper()
	var fresh Event
	err1 := p.Parse(line, &fresh)
	err2 := q.Parse(line, reused)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("%q: errors differ: %v, %v", line, err1, err2)
	}
	if err1 != nil {
		return
	}
	if g := groupsSet(&fresh); g&^kindGroups[fresh.Kind] != 0 {
		t.Fatalf("%q: kind %v sets groups %b outside %b", line, fresh.Kind, g, kindGroups[fresh.Kind])
	}
	if !reflect.DeepEqual(&fresh, reused) {
		t.Fatalf("%q: reused event differs from a fresh one:\n%+v\n%+v", line, fresh, *reused)
	}
}

// TestKindGroups checks that reusing an Event gives the same result as a
// fresh one (Event.reset clears only what the previous Kind may set), on the
// corpus, the property test lines and, when MAILSIFT_GENLOG names it, the
// generated log.
func TestKindGroups(t *testing.T) {
	lines, err := readCorpusLines()
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("MAILSIFT_GENLOG"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines = append(lines, append([]byte(nil), sc.Bytes()...))
		}
	}
	p := Parser{Location: time.UTC}
	q := p
	var reused Event
	for _, l := range lines {
		checkReuse(t, &p, &q, l, &reused)
	}
	// Every line after every kind of line.
	byKind := map[Kind][]byte{}
	for _, l := range lines {
		var ev Event
		if p.Parse(l, &ev) == nil {
			if _, ok := byKind[ev.Kind]; !ok {
				byKind[ev.Kind] = l
			}
		}
	}
	for _, prev := range byKind {
		for i, l := range lines {
			if i%7 != 0 {
				continue
			}
			var reused Event
			r := Parser{Location: time.UTC}
			r.Parse(prev, &reused)
			p1 := Parser{Location: time.UTC, Years: YearInferrer{Reference: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)}}
			q1 := p1
			checkReuse(t, &p1, &q1, l, &reused)
		}
	}
}

// FuzzReuse: parsing into an Event that held any earlier line gives the
// same Event as parsing into a fresh one, and every Kind sets only the
// fields of its groups (kindGroups).
func FuzzReuse(f *testing.F) {
	lines, _ := readCorpusLines()
	byKind := map[Kind][]byte{}
	for i, l := range lines {
		var ev Event
		if Parse(l, &ev) == nil {
			if _, ok := byKind[ev.Kind]; !ok {
				byKind[ev.Kind] = l
			}
		}
		if i%40 == 0 {
			f.Add(l)
		}
	}
	var prevs [][]byte
	for _, l := range byKind {
		prevs = append(prevs, l)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, prev := range prevs {
			var reused Event
			r := Parser{Location: time.UTC}
			r.Parse(prev, &reused)
			p := Parser{Location: time.UTC, Years: YearInferrer{Reference: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)}}
			q := p
			checkReuse(t, &p, &q, line, &reused)
		}
	})
}
