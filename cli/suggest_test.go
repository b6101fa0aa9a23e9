package cli

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"users", "users", 0}, {"user", "users", 1}, {"foramt", "format", 1},
		{"fromat", "format", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"é", "e", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	flags := []string{"users", "user-agent", "format", "output", "top", "since", "until", "spike-factor", "spike-min"}
	tests := []struct {
		word string
		want []string
	}{
		{"user", []string{"users"}},
		{"foramt", []string{"format"}},
		{"spike", []string{"spike-factor", "spike-min"}}, // nothing near: the prefix
		{"x", nil},
		{"zzzzzz", nil},
	}
	for _, tt := range tests {
		if got := suggest(tt.word, flags); !slices.Equal(got, tt.want) {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
