package dsn

import (
	"bufio"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailsift/mailsift/internal/oracle"
)

// liveScenario is one recipient of the live differential test: the fake
// server answers its RCPT TO (or, for dataerr, the end of DATA) with reply.
type liveScenario struct {
	local string   // recipient local part, @example.net
	reply []string // reply lines as the fake server sends them
	stage Stage    // where Postfix reports the reply
}

var liveScenarios = []liveScenario{
	{"ok", []string{"250 2.1.5 Ok"}, StageNone},
	{"unknown", []string{"550 5.1.1 <unknown@example.net>: Recipient address rejected: User unknown"}, StageRcpt},
	{"multi", []string{
		"550-5.1.1 The email account that you tried to reach does not exist. Please try",
		"550-5.1.1 double-checking the recipient's email address for typos or",
		"550 5.1.1 unnecessary spaces. https://example.test/help",
	}, StageRcpt},
	{"mismatch", []string{"550 4.7.1 class mismatch"}, StageRcpt},
	{"nocode", []string{"550 no enhanced code"}, StageRcpt},
	{"temp", []string{"450 4.2.2 Mailbox full"}, StageRcpt},
	{"multinocode", []string{"452-first line", "452 second line"}, StageRcpt},
	{"lastdiff", []string{"550-5.7.1 first line", "550 5.7.26 last line"}, StageRcpt},
	{"lenient", []string{"550 5.01.1 lenient code"}, StageRcpt},
	{"weird", []string{"354 unexpected"}, StageRcpt},
	{"dataerr", []string{"554-5.6.0 content rejected", "554 5.6.0 see https://example.test/policy"}, StageEndOfData},
}

const liveQueuedAs = "4FAKEQID"

func (sc liveScenario) String() string { return sc.local }

// TestLivePostfix runs a private Postfix 3.7 instance that delivers to a fake
// SMTP server in this test, and checks ParseStatus, ParseReply and
// Reply.PostfixCode against the status lines Postfix logs for the fake
// server's replies: Postfix's dsn= must equal PostfixCode, and the reply
// lines must come back out of the one-line log form. With -update it
// re-records testdata/live-status.golden, which TestLiveGolden checks
// without Postfix.
func TestLivePostfix(t *testing.T) {
	postfix := oracle.Tool(t, "postfix", "/usr/sbin/postfix")
	sendmail := oracle.Tool(t, "sendmail", "/usr/sbin/sendmail")
	if os.Geteuid() != 0 {
		oracle.Missing(t, "a private Postfix instance needs root")
	}
	if testing.Short() {
		t.Skip("starts a Postfix instance; skipped with -short")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go fakeSMTP(ln)

	dir, err := os.MkdirTemp("", "mailsift-dsn-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// The postfix user must reach the queue and own the data directory.
	pf, err := user.Lookup("postfix")
	if err != nil {
		oracle.Missing(t, "no postfix user: "+err.Error())
	}
	uid, _ := strconv.Atoi(pf.Uid)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"etc", "spool", "data"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(filepath.Join(dir, "data"), uid, -1); err != nil {
		t.Fatal(err)
	}
	etc := filepath.Join(dir, "etc")
	logFile := filepath.Join(dir, "maillog")
	mainCF := strings.Join([]string{
		"compatibility_level = 3.6",
		"config_directory = " + etc,
		"queue_directory = " + filepath.Join(dir, "spool"),
		"data_directory = " + filepath.Join(dir, "data"),
		"command_directory = /usr/sbin",
		"daemon_directory = /usr/lib/postfix/sbin",
		"shlib_directory = /usr/lib/postfix",
		"meta_directory = /etc/postfix",
		"mail_owner = postfix",
		"setgid_group = postdrop",
		"myhostname = mx.example.test",
		"mydomain = example.test",
		"myorigin = example.test",
		"mydestination =",
		"inet_interfaces = loopback-only",
		"inet_protocols = ipv4",
		"maillog_file = " + logFile,
		"maillog_file_prefixes = " + dir,
		"alias_maps =",
		"alias_database =",
		"biff = no",
		"default_transport = smtp",
		"relayhost = [127.0.0.1]:" + fmt.Sprint(ln.Addr().(*net.TCPAddr).Port),
		"smtp_tls_security_level = none",
		"smtp_connect_timeout = 5s",
		"smtp_skip_5xx_greeting = no",
		"smtp_connection_cache_on_demand = no",
		"notify_classes =",
		"",
	}, "\n")
	masterCF := `pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`
	if err := os.WriteFile(filepath.Join(etc, "main.cf"), []byte(mainCF), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(etc, "master.cf"), []byte(masterCF), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(postfix, "-c", etc, "start").CombinedOutput(); err != nil {
		oracle.Missing(t, fmt.Sprintf("cannot start a private Postfix instance: %v: %s", err, out))
	}
	defer exec.Command(postfix, "-c", etc, "abort").Run()

	// Two messages: every RCPT scenario in one, dataerr (a reply to the end
	// of DATA) alone in the other. The null sender avoids bounces.
	var rcpts []string
	for _, sc := range liveScenarios {
		if sc.local != "dataerr" {
			rcpts = append(rcpts, sc.local+"@example.net")
		}
	}
	for _, to := range [][]string{rcpts, {"dataerr@example.net"}} {
		cmd := exec.Command(sendmail, append([]string{"-C", etc, "-f", "", "-i"}, to...)...)
		cmd.Stdin = strings.NewReader("Subject: mailsift dsn live test\n\nhello\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sendmail: %v: %s", err, out)
		}
	}

	// Wait for a status line for every recipient.
	got := map[string]string{}
	deadline := time.Now().Add(60 * time.Second)
	for len(got) < len(liveScenarios) && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		b, _ := os.ReadFile(logFile)
		for _, l := range strings.Split(string(b), "\n") {
			for _, sc := range liveScenarios {
				if strings.Contains(l, " to=<"+sc.local+"@example.net>,") && strings.Contains(l, ", dsn=") {
					got[sc.local] = "to=<" + sc.local + "@example.net>, " + l[strings.Index(l, "dsn="):]
				}
			}
		}
	}
	if len(got) < len(liveScenarios) {
		b, _ := os.ReadFile(logFile)
		t.Fatalf("only %d of %d status lines after 60 s; maillog:\n%s", len(got), len(liveScenarios), b)
	}
	var lines []string
	for _, sc := range liveScenarios {
		lines = append(lines, got[sc.local])
	}
	checkLive(t, lines)

	golden := filepath.Join("testdata", "live-status.golden")
	if oracle.Update() {
		if err := os.WriteFile(golden, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if b, err := os.ReadFile(golden); err != nil || string(b) != strings.Join(lines, "\n")+"\n" {
		t.Errorf("Postfix's status lines differ from %s (re-record with -update):\n%s", golden, strings.Join(lines, "\n"))
	}
}

// TestLiveGolden checks the status lines recorded from Postfix by
// TestLivePostfix -update.
func TestLiveGolden(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "live-status.golden"))
	if err != nil {
		t.Fatal(err)
	}
	checkLive(t, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
}

func checkLive(t *testing.T, lines []string) {
	t.Helper()
	if len(lines) != len(liveScenarios) {
		t.Fatalf("%d lines for %d scenarios", len(lines), len(liveScenarios))
	}
	for i, sc := range liveScenarios {
		line := lines[i]
		st, err := ParseStatus(line)
		if err != nil {
			t.Errorf("%s: %v", sc, err)
			continue
		}
		if sc.local == "ok" {
			if st.Action != Sent || st.Kind != KindReply || st.QueuedAs != liveQueuedAs || st.Reply.PostfixCode() != st.Code {
				t.Errorf("%s: %+v", sc, st)
			}
			continue
		}
		if st.Kind != KindSaid || st.Host != "127.0.0.1" || st.Addr != netip.MustParseAddr("127.0.0.1") || st.Stage != sc.stage {
			t.Errorf("%s: %q parsed as %+v", sc, line, st)
		}
		// The reply as the fake server sent it comes back out of the log line.
		want, err := ParseReply(strings.Join(sc.reply, "\r\n"))
		if err != nil {
			t.Fatalf("%s: %v", sc, err)
		}
		if st.Reply.Code() != want.Code() || st.Reply.Enhanced() != want.Enhanced() ||
			!slices.Equal(slices.Collect(st.Reply.Lines()), slices.Collect(want.Lines())) {
			t.Errorf("%s: logged reply %q = %d %v %q; sent %q", sc, st.Reply, st.Reply.Code(), st.Reply.Enhanced(), st.Reply.Text(), sc.reply)
		}
		// Postfix's dsn= is PostfixCode of the reply.
		if got := st.Reply.PostfixCode(); got != st.Code {
			t.Errorf("%s: PostfixCode(%q) = %v, Postfix logged dsn=%v", sc, sc.reply, got, st.Code)
		}
		if wantAction := map[uint8]Action{4: Deferred, 5: Bounced}[st.Code.Class]; st.Action != wantAction {
			t.Errorf("%s: action %v for dsn=%v", sc, st.Action, st.Code)
		}
	}
}

// fakeSMTP serves the scripted replies of liveScenarios.
func fakeSMTP(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go fakeSession(c)
	}
}

func fakeSession(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	rd := bufio.NewReader(c)
	send := func(lines ...string) { fmt.Fprint(c, strings.Join(lines, "\r\n")+"\r\n") }
	send("220 fake.example.test ESMTP")
	accepted, dataErr := 0, false
	for {
		l, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimRight(l, "\r\n"))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			send("250-fake.example.test", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 8BITMIME")
		case strings.HasPrefix(cmd, "HELO"):
			send("250 fake.example.test")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			accepted, dataErr = 0, false
			send("250 2.1.0 Ok")
		case strings.HasPrefix(cmd, "RCPT TO:<"):
			local := strings.ToLower(cmd[len("RCPT TO:<"):])
			if at := strings.IndexByte(local, '@'); at >= 0 {
				local = local[:at]
			}
			reply := []string{"250 2.1.5 Ok"}
			for _, sc := range liveScenarios {
				if sc.local == local && sc.local != "dataerr" {
					reply = sc.reply
				}
			}
			if reply[0][0] == '2' {
				accepted++
				dataErr = dataErr || local == "dataerr"
			}
			send(reply...)
		case cmd == "DATA":
			if accepted == 0 {
				send("554 5.5.1 Error: no valid recipients")
				continue
			}
			send("354 End data with <CR><LF>.<CR><LF>")
			for {
				l, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
			}
			if dataErr {
				send(liveScenarios[len(liveScenarios)-1].reply...)
			} else {
				send("250 2.0.0 Ok: queued as " + liveQueuedAs)
			}
		case cmd == "RSET":
			send("250 2.0.0 Ok")
		case cmd == "QUIT":
			send("221 2.0.0 Bye")
			return
		default:
			send("502 5.5.2 Error: command not recognized")
		}
	}
}
