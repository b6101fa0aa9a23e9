package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
)

// The daily page puts what needs a person before the newcomers of the top lists.
func TestRenderHTMLActionableBeforeNewcomers(t *testing.T) {
	page := string(dailyHTMLFixture(t))
	act := strings.Index(page, "Needs a person (actionable)</h3>")
	newcomers := strings.Index(page, "New in the top lists</h3>")
	if act < 0 || newcomers < 0 {
		t.Fatalf("the fixture's page lacks a section (actionable at %d, newcomers at %d): the test checks nothing", act, newcomers)
	}
	if act > newcomers {
		t.Error(`"Needs a person" comes after "New in the top lists"`)
	}
}

// Users are written one way, "Name (CentralAuth::id)", in one column (no value twice),
// and a status in parentheses is explained under the table.
func TestRenderHTMLUsers(t *testing.T) {
	k := report.Kind{Kind: "wrong-user-id", Count: 4, Users: []report.User{
		{Subject: "CentralAuth::12345", Name: "Alice", Count: 1},
		{Subject: "CentralAuth::0", Status: "invalid", Count: 1},
		{Subject: "CentralAuth::7", Status: "missing", Count: 1},
		{Subject: "Example", Name: "Example", Count: 1},
	}}
	hk := newHTMLKind(0, &k, nil)
	var users *htmlTable
	for i := range hk.Tables {
		if hk.Tables[i].Title == "Users" {
			users = &hk.Tables[i]
		}
	}
	if users == nil {
		t.Fatal("no users table")
	}
	var got []string
	for _, row := range users.Rows {
		got = append(got, row[0].Text)
		if len(row) != 3 {
			t.Errorf("row %v: %d cells, want user, count, share", row[0].Text, len(row))
		}
	}
	want := []string{"Alice (CentralAuth::12345)", "CentralAuth::0 (invalid)", "CentralAuth::7 (missing)", "Example"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("users %q, want %q", got, want)
	}
	for _, say := range []string{"(invalid): the subject names no valid user id", "(missing): no account has this id"} {
		if !strings.Contains(users.Note, say) {
			t.Errorf("note %q lacks %q", users.Note, say)
		}
	}
	if strings.Contains(users.Note, "unresolved") {
		t.Errorf("note %q explains a status the table does not show", users.Note)
	}
	var page bytes.Buffer
	r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{k}}
	if err := renderHTML(&page, r, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), `<p class="note">(missing): no account has this id, or it is hidden; (invalid): the subject names no valid user id</p>`) {
		t.Error("the page does not show the note")
	}
}
