package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// FuzzMarkdownText checks that no log text escapes a Markdown table cell: the result
// is one valid-UTF-8 line with no raw HTML, no control character and every
// Markdown-active character escaped.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mdValue(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		if strings.ContainsAny(out, "<>\n\r") {
			t.Fatalf("raw <, > or line break: %q", out)
		}
		for i, r := range out {
			if r < 0x20 || r == 0x7f || display.Hidden(r) {
				t.Fatalf("control %U in %q", r, out)
			}
			if strings.ContainsRune("|`*_[]~#", r) && !isEscaped(out, i) {
				t.Fatalf("unescaped %q at %d in %q", r, i, out)
			}
		}
	})
}

// FuzzCSVCell checks that a neutralized cell never starts a formula and survives an
// RFC 4180 round trip (encoding/csv with CRLF line ends drops bare CRs).
func FuzzCSVCell(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cell := csvCell(s)
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Fatalf("cell %q starts a formula", cell)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = true
		if err := w.Write([]string{cell, "end"}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%q does not parse back: %v", buf.String(), err)
		}
		want := strings.ReplaceAll(cell, "\r", "")
		if len(rows) != 1 || len(rows[0]) != 2 || rows[0][0] != want || rows[0][1] != "end" {
			t.Fatalf("round trip of %q gave %q", cell, rows)
		}
	})
}

// FuzzFitWidth checks that a cut value fits its column and keeps a prefix of the text.
func FuzzFitWidth(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 2 + fuzzAbs(width)%200
		text := display.Text(s)
		out := fitWidth(text, width)
		if textWidth(out) > width {
			t.Fatalf("fitWidth(%q, %d) = %q is %d wide", text, width, out, textWidth(out))
		}
		if out != text && !strings.HasPrefix(text, strings.TrimSuffix(out, "…")) {
			t.Fatalf("fitWidth(%q, %d) = %q is not a prefix", text, width, out)
		}
	})
}

// FuzzFitApart checks that values cut apart still fit their column and stay valid UTF-8,
// however the values share their start.
func FuzzFitApart(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s, s+" two", 20)
	}
	f.Add("alpha beta gamma one", "alpha beta gamma two", 11)
	f.Add("日本語のとても長い値です一", "日本語のとても長い値です二", 11)
	f.Fuzz(func(t *testing.T, a, b string, width int) {
		width = 2 + fuzzAbs(width)%200
		in := []string{display.Text(a), display.Text(b)}
		out := fitApart(in, width)
		for i, o := range out {
			if textWidth(o) > width || !utf8.ValidString(o) {
				t.Fatalf("fitApart(%q, %d)[%d] = %q is %d wide", in, width, i, o, textWidth(o))
			}
		}
	})
}

func fuzzAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// FuzzDecodeReport: any input (a --baseline file is untrusted) either fails with one of
// the two errors or decodes into a report that compares with itself as unchanged,
// renders as HTML and Prometheus, and as JSON reads back into the same JSON.
func FuzzDecodeReport(f *testing.F) {
	for _, seed := range []string{
		`{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":2,"estimated":2000,"hours":[{"hour":"2026-11-27T06:00:00Z","count":2,"estimated":2000}]}]}`,
		`{"schema":"jwtriage.report.v1","window":{"from":"2026-11-27T06:00:00Z","to":"2026-11-28T06:00:00Z"},"kinds":[{"kind":"<script>","users":[{"subject":"\"><img>","count":1}]}]}`,
		`{"schema":"jwtriage.report.v1","kinds":[{"kind":"wrong-issuer","count":3,"estimated":3,"mwversions":[{"value":"1.46.0-wmf.5","count":3}],"server_groups":[{"value":"<script>x","count":2,"error":1}],"providers":[],"distinct":{"mwversions":{"value":1,"exact":true}}}]}`,
		`{"schema":"jwtriage.report.v1","kinds":[{"kind":"wrong-provider","count":5,"estimated":5,"distinct":{"users":{"value":7,"exact":false}}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := report.DecodeReport(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, report.ErrNotReport) && !errors.Is(err, report.ErrBadReport) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		d := report.Compare(r, r, report.CompareOptions{})
		if len(d.New)+len(d.Vanished)+len(d.Spikes) > 0 {
			t.Fatalf("a report compared with itself changed: %+v", d)
		}
		var html, prom bytes.Buffer
		if err := renderHTML(&html, r, d); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html.String(), "<script") {
			t.Fatal("report text became a script element")
		}
		if err := renderPrometheus(&prom, r, d); err != nil {
			t.Fatal(err)
		}
		promParse(t, prom.Bytes())
		// Written as JSON and read back, the report is written the same again: a list
		// or count it lacks (an older report's) stays absent rather than becoming one.
		var once, twice bytes.Buffer
		if err := renderJSON(&once, r); err != nil {
			t.Fatal(err)
		}
		back, err := report.DecodeReport(bytes.NewReader(once.Bytes()))
		if err != nil {
			t.Fatalf("the rewritten report does not read back: %v\n%s", err, once.Bytes())
		}
		if err := renderJSON(&twice, back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("rewritten twice, the report changed:\n%s\n---\n%s", once.Bytes(), twice.Bytes())
		}
	})
}
