package render_test

import (
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/render"
)

// One entry point writes every format; the CLI's --format and --also take these names.
func ExampleWrite() {
	fmt.Println(render.Formats())
	r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{
		{Kind: "malformed", Count: 2, Estimated: 2000, VerdictReason: "needs a look",
			Wikis: []report.Value{{Value: "enwiki", Count: 2}}},
	}}
	var out strings.Builder
	if err := render.Write(&out, "csv", r); err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n")) // CSV rows end in CRLF (RFC 4180)
	fmt.Println(render.Write(&out, "xml", r))
	// Output:
	// [table markdown json html csv prometheus]
	// kind,breakdown,value,count,detail,error
	// malformed,total,,2,actionable: needs a look,
	// malformed,estimated,,2000,,
	// malformed,wikis,enwiki,2,,
	// unknown report format "xml" (want table, markdown, json, html, csv, prometheus)
}
