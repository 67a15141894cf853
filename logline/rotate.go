package logline

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FileError is a read error in one file of a rotated set, such as a
// corrupt gzip member.
type FileError struct {
	Name string // the file
	Err  error
}

func (e *FileError) Error() string { return "logline: " + e.Name + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// Rotated reads a set of rotated log files as one stream, oldest first:
// for the base name "mail.log" the set is mail.log.N (highest N first, each
// plain or gzip-compressed, with or without ".gz"), then mail.log.1, then
// mail.log itself. Files with logrotate's dateext ("mail.log-20261122",
// "mail.log-20261122.gz") are read before the numbered ones, in date order.
// Compression is recognised by content (the gzip magic number), not by the
// name. A file that does not end with a line break gets one, so lines of
// different files never run together.
//
// A read error (for example a corrupt .gz member) is returned as a
// *FileError naming the file, after all the data that could be read before
// it; the files after it are not read.
type Rotated struct {
	files []string
	mod   time.Time
	i     int
	f     *os.File
	r     io.Reader
	last  byte
	owe   bool // a line break is owed before the next file
	err   error
}

// OpenRotated finds the rotated set of base (see [Rotated]). It is an error
// if no file of the set exists.
func OpenRotated(base string) (*Rotated, error) {
	files, err := RotatedFiles(base)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, &FileError{Name: base, Err: os.ErrNotExist}
	}
	return NewRotated(files...), nil
}

// NewRotated reads the given files in the given order as one stream (gzip
// recognised by content).
func NewRotated(files ...string) *Rotated {
	r := &Rotated{files: files, last: '\n'}
	if len(files) > 0 {
		if st, err := os.Stat(files[0]); err == nil {
			r.mod = st.ModTime()
		}
	}
	return r
}

// RotatedFiles lists the existing files of the rotated set of base, oldest
// first.
func RotatedFiles(base string) ([]string, error) {
	dir, name := filepath.Split(base)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type rf struct {
		path  string
		dated string // dateext suffix
		n     int    // number, -1 for the live file
	}
	var set []rf
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		n := e.Name()
		p := filepath.Join(dir, n)
		if n == name {
			set = append(set, rf{path: p, n: -1})
			continue
		}
		rest, ok := strings.CutPrefix(n, name)
		if !ok || len(rest) < 2 {
			continue
		}
		rest = strings.TrimSuffix(rest, ".gz")
		switch rest[0] {
		case '.':
			if k, err := strconv.Atoi(rest[1:]); err == nil && k >= 0 {
				set = append(set, rf{path: p, n: k})
			}
		case '-':
			d := rest[1:]
			if len(d) >= 8 && strings.Trim(d, "0123456789") == "" {
				set = append(set, rf{path: p, dated: d, n: 1 << 30})
			}
		}
	}
	sort.SliceStable(set, func(i, j int) bool {
		a, b := set[i], set[j]
		if a.n != b.n {
			return a.n > b.n // higher number = older; dated ones first
		}
		return a.dated < b.dated
	})
	out := make([]string, len(set))
	for i, f := range set {
		out[i] = f.path
	}
	return out, nil
}

// Files returns the files of the set, oldest first.
func (r *Rotated) Files() []string { return r.files }

// ModTime returns the modification time of the oldest file: a good
// YearInferrer.Reference for the stream, since every line of that file was
// written before it.
func (r *Rotated) ModTime() time.Time { return r.mod }

// Read implements io.Reader.
func (r *Rotated) Read(p []byte) (int, error) {
	for {
		if r.err != nil {
			return 0, r.err
		}
		if r.owe && len(p) > 0 {
			r.owe = false
			r.last = '\n'
			p[0] = '\n'
			return 1, nil
		}
		if r.r == nil {
			if r.i >= len(r.files) {
				r.err = io.EOF
				continue
			}
			if err := r.open(); err != nil {
				r.err = err
				continue
			}
		}
		n, err := r.r.Read(p)
		if n > 0 {
			r.last = p[n-1]
		}
		if err == io.EOF {
			r.closeCurrent()
			r.i++
			if r.last != '\n' {
				r.owe = true
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			name := r.files[r.i]
			r.closeCurrent()
			r.err = &FileError{Name: name, Err: err}
			if n > 0 {
				return n, nil
			}
			continue
		}
		if n > 0 {
			return n, nil
		}
	}
}

func (r *Rotated) open() error {
	name := r.files[r.i]
	f, err := os.Open(name)
	if err != nil {
		return &FileError{Name: name, Err: err}
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	r.f = f
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			r.f = nil
			return &FileError{Name: name, Err: err}
		}
		r.r = zr
	} else {
		r.r = br
	}
	return nil
}

func (r *Rotated) closeCurrent() {
	if r.f != nil {
		r.f.Close()
	}
	r.f, r.r = nil, nil
}

// Close closes the current file.
func (r *Rotated) Close() error {
	r.closeCurrent()
	if r.err == nil {
		r.err = errors.New("logline: read from closed Rotated")
	}
	return nil
}

// Open opens one log file for reading, decompressing it if it is
// gzip-compressed (recognised by content). Errors name the file.
func Open(name string) (io.ReadCloser, error) {
	r := NewRotated(name)
	if err := r.open(); err != nil {
		return nil, err
	}
	return rotatedCloser{r}, nil
}

type rotatedCloser struct{ *Rotated }
