package bounded

import (
	"strings"
	"testing"
)

func TestReadHead(t *testing.T) {
	for _, c := range []struct {
		in        string
		want      string
		truncated bool
	}{
		{"", "", false},
		{"abc", "abc", false},
		{"abcd", "abcd", false},
		{"abcde", "abcd", true},
	} {
		data, truncated, err := ReadHead(strings.NewReader(c.in), 4)
		if err != nil || string(data) != c.want || truncated != c.truncated {
			t.Errorf("ReadHead(%q, 4) = %q, %v, %v; want %q, %v, nil", c.in, data, truncated, err, c.want, c.truncated)
		}
	}
}
