// Command postmap is a drop-in for Postfix's "postmap -q": the same
// arguments (-q key, -q -, -f, -c dir, -r, -w, several maps, the table types
// of internal/table), the same stdout bytes, the same stderr warnings and
// fatal messages, and the same exit status (0 found, 1 not found or fatal).
//
// hash, btree, lmdb, cdb and dbm tables are read from their source file
// ("hash:/etc/postfix/access" reads /etc/postfix/access); like postmap, the
// indexed file (access.db, ...) must exist. Without -q, "postmap
// [-f -r -w] type:file" checks a source file and prints the warnings postmap
// prints while building it, but writes no database.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mailsift/mailsift/internal/table"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = "usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file..."

// vstreamBufSize is Postfix's stdout buffer: output is written in blocks
// of this size, and a fatal error discards what is still buffered.
const vstreamBufSize = 4096

type outBuf struct {
	w   io.Writer
	buf []byte
}

func (o *outBuf) write(s string) {
	o.buf = append(o.buf, s...)
	for len(o.buf) >= vstreamBufSize {
		o.w.Write(o.buf[:vstreamBufSize])
		o.buf = append(o.buf[:0], o.buf[vstreamBufSize:]...)
	}
}

func (o *outBuf) flush() {
	if len(o.buf) > 0 {
		o.w.Write(o.buf)
		o.buf = o.buf[:0]
	}
}

type fatal struct{ msg string }

// run is the whole program; it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn("", args, stdin, stdout, stderr)
}

// runIn is run with relative file names resolved against dir ("" is the
// current directory); messages keep the names as given.
func runIn(dir string, args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	resolve := func(name string) string {
		if dir == "" || filepath.IsAbs(name) {
			return name
		}
		return filepath.Join(dir, name)
	}
	out := &outBuf{w: stdout}
	utf := false // set once main.cf is read
	warnf := func(msg string) { io.WriteString(stderr, "postmap: warning: "+table.Printable(msg, utf)+"\n") }
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(fatal)
			if !ok {
				panic(r)
			}
			io.WriteString(stderr, "postmap: fatal: "+table.Printable(f.msg, utf)+"\n")
			status = 1
		}
	}()
	die := func(msg string) { panic(fatal{msg}) }

	var (
		confDir    string
		query      *string
		fold       = true
		dup        = table.DupWarn
		bhm        bool
		unsupportd []string
		operands   []string
	)
	// getopt as Postfix runs it: options end at the first operand (no
	// permutation), so "postmap map -q key" has no -q.
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			operands = append(operands, args[i:]...)
			break
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch c {
			case 'c', 'd', 'q':
				var v string
				if j+1 < len(a) {
					v = a[j+1:]
				} else if i+1 < len(args) {
					i++
					v = args[i]
				} else {
					io.WriteString(stderr, "postmap: option requires an argument -- '"+string(c)+"'\n")
					die(usage)
				}
				switch c {
				case 'c':
					confDir = v
				case 'q':
					q := v
					query = &q
				case 'd':
					unsupportd = append(unsupportd, "-d")
				}
				j = len(a)
			case 'f':
				fold = false
			case 'r':
				dup = table.DupReplace
			case 'w':
				dup = table.DupIgnore
			case 'v', 'N', 'n', 'o', 'p', 'u', 'U':
				// No effect on -q lookups of the supported types.
			case 'b', 'h', 'm':
				bhm = true
			case 'i', 's', 'F':
				unsupportd = append(unsupportd, "-"+string(c))
			default:
				io.WriteString(stderr, "postmap: invalid option -- '"+string(c)+"'\n")
				die(usage)
			}
		}
	}
	// Configuration: main.cf must exist; smtputf8_enable follows
	// compatibility_level like Postfix 3.7.
	if confDir == "" {
		confDir = os.Getenv("MAIL_CONFIG")
		if confDir == "" {
			confDir = "/etc/postfix"
		}
	}
	cf, err := os.ReadFile(resolve(confDir + "/main.cf"))
	if err != nil {
		die("open " + confDir + "/main.cf: " + errText(err))
	}
	params := parseMainCF(cf)
	utf = smtputf8(params)
	if len(operands) == 0 {
		die(usage)
	}
	if bhm && (query == nil || *query != "-") {
		die(`specify -b -h or -m only with "-q -"`)
	}
	if bhm {
		die("mailsift postmap: -b, -h and -m are not supported yet")
	}
	if len(unsupportd) > 0 {
		die("mailsift postmap: option " + unsupportd[0] + " is not supported")
	}
	opt := &table.Options{
		NoFold:      !fold,
		Dup:         dup,
		SMTPUTF8:    smtputf8(params),
		Warn:        warnf,
		CheckDB:     true,
		QuietSource: true,
		ReadFile:    func(name string) ([]byte, error) { return os.ReadFile(resolve(name)) },
		Stat:        func(name string) error { _, err := os.Stat(resolve(name)); return err },
	}
	if query == nil {
		// Creation: check the source and print postmap's warnings.
		for _, spec := range operands {
			typ, name, ok := strings.Cut(spec, ":")
			if !ok {
				typ, name = "hash", spec
			}
			// postmap opens the source file first, whatever the type.
			data, err := os.ReadFile(resolve(name))
			if err != nil {
				die("open " + name + ": " + errText(err))
			}
			switch typ {
			case "hash", "btree", "lmdb", "cdb", "dbm":
				copt := *opt
				copt.QuietSource = false
				table.ParseHash(typ, name, data, &copt)
			case "fail":
				// Accepted silently by postmap 3.7.
			case "texthash", "pcre", "regexp", "cidr", "inline", "static", "unionmap", "pipemap":
				die("unsupported dictionary type: " + typ + " does not support bulk-mode creation.")
			default:
				die("unsupported dictionary type: " + typ + ". Is the postfix-" + typ + " package installed?")
			}
		}
		return 0
	}
	tables := make([]table.Table, len(operands))
	open := func(i int) table.Table {
		if tables[i] == nil {
			t, err := table.Open(operands[i], opt)
			if err != nil {
				die(err.Error())
			}
			tables[i] = t
		}
		return tables[i]
	}
	lookup := func(key string) (string, bool) {
		for i := range operands {
			v, ok, err := table.Query(open(i), key, opt)
			if err != nil {
				var qe *table.QueryError
				var ue *table.UnsupportedError
				if errors.As(err, &qe) {
					die(qe.Error())
				}
				if errors.As(err, &ue) {
					die(ue.Error())
				}
				die("table " + operands[i] + ": query error: " + err.Error())
			}
			if ok {
				return v, true
			}
		}
		return "", false
	}
	if *query != "-" {
		v, ok := lookup(*query)
		if !ok {
			return 1
		}
		out.write(v + "\n")
		out.flush()
		return 0
	}
	found := false
	r := bufio.NewReaderSize(stdin, 65536)
	for {
		line, err := r.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		key := strings.TrimSuffix(line, "\n")
		if v, ok := lookup(key); ok {
			out.write(key + "\t" + v + "\n")
			found = true
		}
		if err != nil {
			break
		}
	}
	out.flush()
	if found {
		return 0
	}
	return 1
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	s := err.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// parseMainCF reads "name = value" lines (continuation lines start with
// whitespace; '#' comments).
func parseMainCF(b []byte) map[string]string {
	params := map[string]string{}
	var last string
	for _, ln := range bytes.Split(b, []byte("\n")) {
		s := string(ln)
		t := strings.TrimSpace(s)
		if t == "" || t[0] == '#' {
			continue
		}
		if s[0] == ' ' || s[0] == '\t' {
			if last != "" {
				params[last] += " " + t
			}
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		last = strings.TrimSpace(k)
		params[last] = strings.TrimSpace(v)
	}
	return params
}

// smtputf8 is the effective smtputf8_enable: explicit yes/no, otherwise
// yes from compatibility_level 1 on.
func smtputf8(p map[string]string) bool {
	if v, ok := p["smtputf8_enable"]; ok {
		return v == "yes" || v == "true"
	}
	lvl := p["compatibility_level"]
	if lvl == "" {
		return false
	}
	major, _, _ := strings.Cut(lvl, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 1
}
