package usernames

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseMap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Map
	}{
		{"csv", "id,name\n1,Alice\n22,Bob\n", Map{1: "Alice", 22: "Bob"}},
		{"csv crlf, no final newline", "id,name\r\n1,Alice\r\n2,Bob", Map{1: "Alice", 2: "Bob"}},
		{"bom", "\ufeffid,name\n7,Seven\n", Map{7: "Seven"}},
		{"quoted comma", "id,name\n5,\"Smith, John\"\n", Map{5: "Smith, John"}},
		{"doubled quotes", "id,name\n5,\"The \"\"Real\"\" One\"\n", Map{5: `The "Real" One`}},
		{"unicode", "id,name\n3,Ωμέγα\n4,ユーザー\n5,Zoë 🦊\n", Map{3: "Ωμέγα", 4: "ユーザー", 5: "Zoë 🦊"}},
		{"header any case, spaces trimmed", "ID , Name\n 9 , Nine \n", Map{9: "Nine"}},
		{"columns in other order, extra ignored", "home,name,id\nenwiki,Alice,1\n", Map{1: "Alice"}},
		{"subject as id", "id,name\nCentralAuth::12,Twelve\nmw:CentralAuth::13,Thirteen\n", Map{12: "Twelve", 13: "Thirteen"}},
		{"leading zeros", "id,name\n007,Bond\n", Map{7: "Bond"}},
		{"same duplicate", "id,name\n1,Alice\n1,Alice\n", Map{1: "Alice"}},
		{"blank lines", "\nid,name\n\n1,Alice\n\n", Map{1: "Alice"}},
		{"header only", "id,name\n", Map{}},
		{"tsv", "id\tname\n1\tAlice\n2\tSmith, John\n", Map{1: "Alice", 2: "Smith, John"}},
		{"tsv quoted", "id\tname\n1\t\"A \"\"B\"\"\"\n", Map{1: `A "B"`}},
		{"json", `{"1":"Alice","22":"Bob"}`, Map{1: "Alice", 22: "Bob"}},
		{"json spaced, bom, unicode escapes", "\ufeff\n {\n \"3\" : \"\\u03a9\" ,\n\"4\":\"Zoë\"\n}\n", Map{3: "Ω", 4: "Zoë"}},
		{"json empty", `{}`, Map{}},
		{"json subject keys", `{"CentralAuth::5":"Five"}`, Map{5: "Five"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMap("users", []byte(tt.in))
			if err != nil {
				t.Fatalf("ParseMap: %v", err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseMapErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the whole error text: file:line[:col]: message
	}{
		{"empty", "", `users: empty: want an id,name header (CSV or TSV) or a JSON object {"123":"Name"}`},
		{"blank", " \n\r\n", `users: empty: want an id,name header (CSV or TSV) or a JSON object {"123":"Name"}`},
		{"utf-16", "\xff\xfei\x00d\x00,\x00n\x00a\x00m\x00e\x00", `users: UTF-16 text: save the users map as UTF-8`},
		{"no header", "1,Alice\n", `users:1: header "1,Alice" must name the columns id and name (e.g. id,name), or use a JSON object`},
		{"header twice", "id,id,name\n", `users:1: header names the id column twice`},
		{"zero id", "id,name\n1,A\n0,Zero\n", `users:3: id "0" is not a positive integer`},
		{"negative id", "id,name\n-4,Neg\n", `users:2: id "-4" is not a positive integer`},
		{"plus id", "id,name\n+4,Plus\n", `users:2: id "+4" is not a positive integer`},
		{"word id", "id,name\nabc,Word\n", `users:2: id "abc" is not a positive integer`},
		{"huge id", "id,name\n99999999999999999999,Big\n", `users:2: id "99999999999999999999" is not a positive integer`},
		{"empty name", "id,name\n1,\n", `users:2: id 1: empty name`},
		{"control in name", "id,name\n1,\"a\nb\"\n", `users:2: id 1: name "a\nb" has a control character`},
		{"tab in tsv name", "id\tname\n1\t\"A\tB\"\n", `users:2: id 1: name "A\tB" has a control character`},
		{"bad utf8", "id,name\n1,\xff\n", `users:2: id 1: name is not valid UTF-8`},
		{"missing field", "id,name\n1,A\n2\n", `users:3: 1 fields, the header has 2`},
		{"unquoted comma", "id,name\n1,Smith, John\n", `users:2: 3 fields, the header has 2: quote a name that contains ","`},
		{"bare quote", "id,name\n1,Bad\"Name\n", `users:2:6: bare " in non-quoted-field`},
		{"unterminated quote", "id,name\n1,\"Open\n", `users:2:9: extraneous or missing " in quoted-field`},
		{"conflict", "id,name\n1,Alice\n2,Bob\n1,Carol\n", `users:4: id 1 is "Carol" here but "Alice" on line 2`},
		{"conflict after subject spelling", "id,name\n1,Alice\nCentralAuth::1,Carol\n", `users:3: id 1 is "Carol" here but "Alice" on line 2`},
		{"json number value", "{\n\"1\": 5\n}", `users:2: the value of "1" must be a username string`},
		{"json null value", `{"1":null}`, `users:1: the value of "1" must be a username string`},
		{"json nested", "{\"1\":{\"name\":\"A\"}}", `users:1: the value of "1" must be a username string`},
		{"json bad key", "{\n\"1\":\"A\",\n\"x\":\"B\"}", `users:3: id "x" is not a positive integer`},
		{"json conflict", "{\"1\":\"A\",\n\"01\":\"B\"}", `users:2: id 1 is "B" here but "A" on line 1`},
		{"json trailing", "{\"1\":\"A\"}\n[]", `users:2: data after the JSON object`},
		{"json truncated", "{\"1\":\"A\"", `users:1: unexpected end of JSON`},
		{"json syntax", "{\"1\":\"A\",,}", `users:1: JSON: invalid character ',' looking for beginning of object key string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMap("users", []byte(tt.in))
			if err == nil {
				t.Fatalf("ParseMap = %v, want error %q", got, tt.want)
			}
			if !errors.Is(err, ErrBadMap) {
				t.Errorf("error %v does not wrap ErrBadMap", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestLoadMap(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "users.tsv")
	if err := os.WriteFile(path, []byte("id\tname\n42\tAnswer\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := LoadMap(path)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, Map{42: "Answer"}) {
		t.Errorf("LoadMap = %v", got)
	}

	_, err = LoadMap(filepath.Join(dir, "absent.csv"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}
	_, err = LoadMap(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("directory: error %v, want one naming %s", err, dir)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("id,name\nx,Y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadMap(bad)
	if err == nil || err.Error() != bad+`:2: id "x" is not a positive integer` {
		t.Errorf("bad file: error %v", err)
	}
}

// The example maps in testdata say the same thing in the three formats.
func TestLoadMapExamples(t *testing.T) {
	want := Map{12345: "Example", 2: "Smith, John", 3: `The "Real" One`, 4: "Ωμέγα", 5: "ユーザー 🦊"}
	for _, file := range []string{"users.csv", "users.tsv", "users.json"} {
		got, err := LoadMap(filepath.Join("testdata", file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: %v, want %v", file, got, want)
		}
	}
}

// zeros is an endless stream of zero bytes, as /dev/zero reads.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A users map larger than the bound is refused with one error, whether it is a regular
// file (refused unread) or a stream (read to the bound only).
func TestLoadMapTooLarge(t *testing.T) {
	const want = "larger than 64 MiB: not a users map"
	big := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("id,name\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64<<20 + 1); err != nil { // sparse: no 64 MiB written
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadMap(big)
	if !errors.Is(err, ErrBadMap) || err.Error() != big+": "+want {
		t.Errorf("file of 64 MiB + 1: error %v, want %q", err, want)
	}
	_, err = readMap("stream", io.LimitReader(zeros{}, 64<<20+1))
	if !errors.Is(err, ErrBadMap) || err.Error() != "stream: "+want {
		t.Errorf("stream of 64 MiB + 1: error %v, want %q", err, want)
	}
}
