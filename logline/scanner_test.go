package logline

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestScannerLongLinesAndNoFinalNewline(t *testing.T) {
	long := "Nov 22 14:06:48 mx postfix/smtpd[1]: warning: non-SMTP command from x[1.2.3.4]: " + strings.Repeat("A", 2<<20)
	in := "Nov 22 14:06:48 mx postfix/smtpd[1]: connect from x[1.2.3.4]\n" + long + "\nnot syslog\n" +
		"Nov 22 14:06:49 mx postfix/smtpd[1]: disconnect from x[1.2.3.4] commands=0/0"
	s := NewScanner(strings.NewReader(in))
	s.Location = time.UTC
	var kinds []string
	var perrs int
	for ev, err := range s.All() {
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatal(err)
			}
			perrs++
			continue
		}
		kinds = append(kinds, ev.Kind.String())
		if ev.Kind == NonSMTP && len(ev.Text) != 2<<20 {
			t.Errorf("long line text %d bytes", len(ev.Text))
		}
	}
	if got := strings.Join(kinds, ","); got != "connect,non_smtp_command,disconnect" || perrs != 1 {
		t.Errorf("kinds %s, parse errors %d", got, perrs)
	}
	// MaxLineLength cuts, and the stream goes on.
	s = NewScanner(strings.NewReader(long + "\n" + in))
	s.MaxLineLength = 1 << 20
	n := 0
	for s.Scan() {
		if n == 0 && (!s.Truncated() || len(s.Event().Line()) != 1<<20) {
			t.Errorf("first line not cut: %d", len(s.Event().Line()))
		}
		n++
	}
	if n != 5 || s.Err() != nil {
		t.Errorf("%d lines, err %v", n, s.Err())
	}
}

func TestRotatedCorruptGzip(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "mail.log")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := 0; i < 100; i++ {
		zw.Write([]byte("Nov 20 10:00:00 mx postfix/qmgr[1]: ABCDEF12345: removed\n"))
	}
	zw.Close()
	data := gz.Bytes()
	data[len(data)-6] ^= 0xff // break the CRC/size trailer
	os.WriteFile(base+".2.gz", data, 0o644)
	os.WriteFile(base+".1", []byte("Nov 21 10:00:00 mx postfix/smtpd[2]: connect from unknown[192.0.2.1]\n"), 0o644)
	os.WriteFile(base, nil, 0o644)
	files, _ := RotatedFiles(base)
	if len(files) != 3 || filepath.Base(files[0]) != "mail.log.2.gz" || filepath.Base(files[2]) != "mail.log" {
		t.Fatalf("files %v", files)
	}
	r, err := OpenRotated(base)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := NewScanner(r)
	n := 0
	for s.Scan() {
		if s.ParseErr() == nil {
			n++
		}
	}
	var fe *FileError
	if !errors.As(s.Err(), &fe) || filepath.Base(fe.Name) != "mail.log.2.gz" {
		t.Fatalf("err = %v, want *FileError naming mail.log.2.gz", s.Err())
	}
	if n != 100 {
		t.Errorf("%d lines before the error, want 100", n)
	}
}
