package usernames

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/normalize"
)

// Map is a users map: CentralAuth id (gu_id) to global username.
type Map map[int64]string

// maxMapFileSize bounds what LoadMap reads: above any users list a report needs (a
// million rows of id and name), low enough that a wrong path (a log, a disk image,
// /dev/zero) fails at once and in bounded memory: a regular file larger than this is
// refused unread, anything else is read to this bound only.
const maxMapFileSize = 64 << 20

var utf8BOM = []byte("\xef\xbb\xbf")

// LoadMap reads a users map file: CSV or TSV with an `id,name` header, or a JSON
// object {"123":"Name"}. See ParseMap for the rules. Its errors carry no prefix for a
// caller to strip: an *fs.PathError, or a [*MapError] naming the file.
func LoadMap(path string) (Map, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // an *fs.PathError names the file already
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > maxMapFileSize {
		return nil, errMapTooLarge(path)
	}
	return readMap(path, f)
}

// readMap reads a users map from r, at most maxMapFileSize bytes of it. It reads in
// chunks rather than into a growing slice, so that a stream past the bound (/dev/zero)
// costs the bound in memory, not the twice of it a slice's last growth takes.
func readMap(name string, r io.Reader) (Map, error) {
	var chunks [][]byte
	total := 0
	for {
		chunk := make([]byte, 1<<20)
		n, err := io.ReadFull(r, chunk)
		chunks, total = append(chunks, chunk[:n]), total+n
		if total > maxMapFileSize {
			return nil, errMapTooLarge(name)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, err // from an *os.File, an *fs.PathError naming the file
		}
	}
	return ParseMap(name, bytes.Join(chunks, nil))
}

func errMapTooLarge(name string) error {
	return &MapError{File: name, Msg: fmt.Sprintf("larger than %d MiB: not a users map", maxMapFileSize>>20)}
}

// ParseMap reads a users map from data; name is used in errors only.
//
// The format is chosen from the content: a JSON object when the first non-blank
// character is '{', else CSV or TSV, told apart by the header line (a tab in it
// means TSV). CSV and TSV follow RFC 4180 quoting (quoted names with delimiters,
// doubled quotes, line breaks), CRLF or LF; a UTF-8 byte-order mark at the start is
// ignored. The header must name an `id` and a `name` column (any case, any order;
// other columns are ignored). Ids are positive integers (`CentralAuth::123` is also
// accepted); names are trimmed and must be non-empty valid UTF-8 without control
// characters. An id given twice with two different names is an error.
func ParseMap(name string, data []byte) (Map, error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, &MapError{File: name, Msg: "UTF-16 text: save the users map as UTF-8"}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	body := bytes.TrimLeft(data, " \t\r\n")
	if len(body) == 0 {
		return nil, &MapError{File: name, Msg: "empty: want an id,name header (CSV or TSV) or a JSON object {\"123\":\"Name\"}"}
	}
	if body[0] == '{' {
		return parseJSONMap(name, data)
	}
	return parseDelimitedMap(name, data)
}

// mapBuilder collects entries and catches conflicting duplicates.
type mapBuilder struct {
	file  string
	users Map
	line  map[int64]int // where each id was first given
}

func newMapBuilder(file string) *mapBuilder {
	return &mapBuilder{file: file, users: Map{}, line: map[int64]int{}}
}

func (b *mapBuilder) add(line int, rawID, rawName string) error {
	id, ok := parseMapID(rawID)
	if !ok {
		return &MapError{File: b.file, Line: line, Msg: fmt.Sprintf("id %q is not a positive integer", rawID)}
	}
	name := strings.TrimSpace(rawName)
	if msg := checkName(name); msg != "" {
		return &MapError{File: b.file, Line: line, Msg: fmt.Sprintf("id %d: %s", id, msg)}
	}
	if old, dup := b.users[id]; dup {
		if old == name {
			return nil
		}
		return &MapError{File: b.file, Line: line, Msg: fmt.Sprintf("id %d is %q here but %q on line %d", id, name, old, b.line[id])}
	}
	b.users[id] = name
	b.line[id] = line
	return nil
}

// parseMapID accepts `123`, `CentralAuth::123` and `mw:CentralAuth::123`, so a list
// copied from a report's subject column works as is.
func parseMapID(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "mw:")
	s = strings.TrimPrefix(s, centralPrefix)
	return normalize.ParseID(s)
}

// checkName says what is wrong with a username, "" when nothing is.
func checkName(name string) string {
	if name == "" {
		return "empty name"
	}
	if !utf8.ValidString(name) {
		return "name is not valid UTF-8"
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fmt.Sprintf("name %q has a control character", name)
	}
	return ""
}

func parseDelimitedMap(name string, data []byte) (Map, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = detectDelimiter(data)
	r.FieldsPerRecord = -1 // checked here, with a clearer message
	r.ReuseRecord = true

	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	headerLine, _ := r.FieldPos(0)
	idCol, nameCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "id":
			if idCol >= 0 {
				return nil, &MapError{File: name, Line: headerLine, Msg: "header names the id column twice"}
			}
			idCol = i
		case "name":
			if nameCol >= 0 {
				return nil, &MapError{File: name, Line: headerLine, Msg: "header names the name column twice"}
			}
			nameCol = i
		}
	}
	if idCol < 0 || nameCol < 0 {
		return nil, &MapError{File: name, Line: headerLine, Msg: fmt.Sprintf("header %q must name the columns id and name (e.g. id,name), or use a JSON object", strings.Join(header, string(r.Comma)))}
	}
	width := len(header)
	b := newMapBuilder(name)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return b.users, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != width {
			hint := ""
			if len(rec) > width {
				hint = fmt.Sprintf(": quote a name that contains %q", string(r.Comma))
			}
			return nil, &MapError{File: name, Line: line, Msg: fmt.Sprintf("%d fields, the header has %d%s", len(rec), width, hint)}
		}
		if err := b.add(line, rec[idCol], rec[nameCol]); err != nil {
			return nil, err
		}
	}
}

// detectDelimiter reads the header line: a tab in it means TSV, else CSV.
func detectDelimiter(data []byte) rune {
	data = bytes.TrimLeft(data, "\r\n")
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	if bytes.IndexByte(data, '\t') >= 0 {
		return '\t'
	}
	return ','
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &MapError{File: name, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	if errors.Is(err, io.EOF) {
		return &MapError{File: name, Msg: "no header line: want id,name"}
	}
	return &MapError{File: name, Msg: err.Error()}
}

func parseJSONMap(name string, data []byte) (Map, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := lineCounter{data: data}
	lineAt := func() int { return lines.at(dec.InputOffset()) }
	jsonErr := func(err error) error {
		line := lineAt()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lines.at(se.Offset)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return &MapError{File: name, Line: line, Msg: "unexpected end of JSON"}
		}
		return &MapError{File: name, Line: line, Msg: "JSON: " + err.Error()}
	}

	if _, err := dec.Token(); err != nil { // the '{' ParseMap saw
		return nil, jsonErr(err)
	}
	b := newMapBuilder(name)
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return nil, jsonErr(err)
		}
		key, _ := keyTok.(string) // object keys are always strings
		valTok, err := dec.Token()
		if err != nil {
			return nil, jsonErr(err)
		}
		line := lineAt()
		val, ok := valTok.(string)
		if !ok {
			return nil, &MapError{File: name, Line: line, Msg: fmt.Sprintf("the value of %q must be a username string", key)}
		}
		if err := b.add(line, key, val); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, jsonErr(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &MapError{File: name, Line: lineAt(), Msg: "data after the JSON object"}
	}
	return b.users, nil
}

// lineCounter gives the 1-based line of a byte offset. Offsets mostly grow, so it
// counts on from the last one: reading a big JSON map stays linear.
type lineCounter struct {
	data []byte
	off  int64 // offset counted up to
	line int   // newlines in data[:off]
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line + 1
}
