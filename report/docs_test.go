package report_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
)

// TestJSONFieldsAreDocumented: every field the JSON report can hold is named in
// docs/json-report.md, the contract other programs read, so a new field cannot ship
// undocumented.
func TestJSONFieldsAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/json-report.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeFor[report.Report]().PkgPath() || seen[typ] {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if !strings.Contains(text, "`"+name+"`") && !strings.Contains(text, `"`+name+`"`) && !strings.Contains(text, "."+name+"`") {
				t.Errorf("%s.%s (%s): not in docs/json-report.md", path, name, typ.Name())
			}
			walk(f.Type, path+"."+name)
		}
	}
	walk(reflect.TypeFor[report.Report](), "")
	if len(seen) < 10 {
		t.Fatalf("walked %d types of the model, want all of them", len(seen))
	}
}
