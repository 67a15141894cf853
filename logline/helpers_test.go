package logline

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
)

func json_valid(b []byte) bool { return json.Valid(b) }

func readCorpusLines() ([][]byte, error) {
	data, err := os.ReadFile(filepath.Join("testdata", "maillog.log"))
	if err != nil {
		return nil, err
	}
	return bytes.Split(bytes.TrimSpace(data), []byte("\n")), nil
}
