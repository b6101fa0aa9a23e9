package main

import (
	"encoding/json"
	"io"
	"sort"
	"time"
)

// The manifest is the ground truth of a corpus, computed from the lines as written: what
// each line is meant to be and the totals a correct `jwtriage report` must find. Tests
// compare the tool with it instead of hard-coding counts.

const manifestSchema = "jwtriage.testdata.manifest.v1"

// defaultChannels are the channels a report reads unless --channel says otherwise, and
// their weights (session-sampled is sampled 1 in 1000; docs/cli.md, "What is counted").
var defaultChannels = map[string]int64{"session": 1, "session-sampled": 1000}

// benignKinds are the kinds benign by default (docs/architecture.md, "Canonical kinds").
var benignKinds = map[string]bool{
	"soft-expired": true, "anon-expected-user-found": true, "user-expected-anon-found": true, "wrong-user-id": true,
}

// kindOrder is normalize.Kinds (the manifest does not import the module it checks).
var kindOrder = []string{
	"anon-expected-user-found", "user-expected-anon-found", "wrong-subject", "wrong-user-id",
	"wrong-provider", "wrong-scope", "wrong-issuer", "hard-expired", "soft-expired",
	"malformed", "bad-signature", "expired", "not-yet-valid", "other-jwt",
}

type manifestLine struct {
	Line    int    `json:"line"` // 1-based physical line number (blank lines count)
	Blank   bool   `json:"blank,omitempty"`
	Bad     string `json:"bad,omitempty"`
	CRLF    bool   `json:"crlf,omitempty"`
	Layout  string `json:"layout,omitempty"`
	Channel string `json:"channel,omitempty"`
	// Session is true for a record on a default channel: a session event.
	Session bool   `json:"session,omitempty"`
	Variant string `json:"variant,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Weight  int64  `json:"weight,omitempty"`
	Time    string `json:"time,omitempty"`
	Wiki    string `json:"wiki,omitempty"`
	MW      string `json:"mwversion,omitempty"`
	Subject string `json:"subject,omitempty"`
	IP      string `json:"ip,omitempty"`
	UA      string `json:"ua,omitempty"`
}

type manifestTotals struct {
	PhysicalLines       int   `json:"physical_lines"`
	Blank               int   `json:"blank"`
	Lines               int   `json:"lines"` // non-blank
	Records             int   `json:"records"`
	Skipped             int   `json:"skipped"`
	SessionEvents       int   `json:"session_events"`
	NonJWTSessionEvents int   `json:"non_jwt_session_events"`
	JWTEvents           int   `json:"jwt_events"`
	EstimatedJWTEvents  int64 `json:"estimated_jwt_events"`
	Benign              int   `json:"benign"`
	Actionable          int   `json:"actionable"`
	CRLFLines           int   `json:"crlf_lines"`
}

type manifestKind struct {
	Kind      string         `json:"kind"`
	Count     int            `json:"count"`
	Estimated int64          `json:"estimated"`
	Benign    bool           `json:"benign"`
	Reasons   map[string]int `json:"reasons,omitempty"`
	Variants  map[string]int `json:"variants"`
	Channels  map[string]int `json:"channels"`
	Layouts   map[string]int `json:"layouts"`
	FirstSeen string         `json:"first_seen,omitempty"`
	LastSeen  string         `json:"last_seen,omitempty"`
}

type manifest struct {
	Schema    string            `json:"schema"`
	Generator map[string]any    `json:"generator"`
	Notes     []string          `json:"notes"`
	Window    map[string]string `json:"window"`
	Totals    manifestTotals    `json:"totals"`
	Kinds     []manifestKind    `json:"kinds"`
	// OtherChannelKinds counts JWT kinds on channels a default report does not read
	// (the json channel's `Invalid JWT: {error}` lines), by channel.
	OtherChannelKinds map[string]map[string]int `json:"other_channel_kinds"`
	Layouts           map[string]int            `json:"layouts"`  // records by layout
	Channels          map[string]int            `json:"channels"` // records by channel
	SkippedByKind     map[string]int            `json:"skipped_by_kind"`
	Lines             []manifestLine            `json:"lines"`
}

var manifestNotes = []string{
	"lines = records + skipped; blank lines (empty, or a lone \\r before \\n) are not lines.",
	"session events: records whose channel is session or session-sampled (weights 1 and 1000).",
	"a record with \"channel\": 5 is a record but no session event; a session record with \"message\": null is a non-JWT session event.",
	"kinds count JWT events on the default channels only; other_channel_kinds has the rest.",
	"time is the line's own timestamp (milliseconds; Monolog lines microseconds), UTC.",
	"subject is normalize's Subject.Raw (docs/architecture.md, the Event): the JWT subject without mw: when the line names a user (for wrong user ID, CentralAuth::<central_id>), else the expected user's name, else (hard-expired) the security context's user; empty when the line names nobody.",
}

const timeLayout = "2006-01-02T15:04:05.000000Z"

func buildManifest(lines []line, params map[string]any) *manifest {
	m := &manifest{
		Schema:            manifestSchema,
		Generator:         params,
		Notes:             manifestNotes,
		OtherChannelKinds: map[string]map[string]int{},
		Layouts:           map[string]int{},
		Channels:          map[string]int{},
		SkippedByKind:     map[string]int{},
	}
	kinds := map[string]*manifestKind{}
	for _, k := range kindOrder {
		kinds[k] = &manifestKind{Kind: k, Benign: benignKinds[k], Reasons: map[string]int{},
			Variants: map[string]int{}, Channels: map[string]int{}, Layouts: map[string]int{}}
	}
	var first, last time.Time
	t := &m.Totals
	for i, l := range lines {
		ml := manifestLine{Line: i + 1, CRLF: l.CRLF}
		t.PhysicalLines++
		if l.CRLF {
			t.CRLFLines++
		}
		switch {
		case l.Blank:
			ml.Blank = true
			t.Blank++
		case l.Bad != "":
			ml.Bad = l.Bad
			t.Lines++
			t.Skipped++
			m.SkippedByKind[l.Bad]++
		default:
			e := l.Entry
			t.Lines++
			t.Records++
			ts := timestamp(e)
			ml.Layout = e.Layout.String()
			ml.Channel = e.Channel
			if e.Layout == layoutChannelNumber {
				ml.Channel = ""
			}
			ml.Variant, ml.Wiki, ml.MW = e.Variant, e.Wiki.ID, e.MW.Name
			ml.Time = ts.Format(timeLayout)
			ml.Subject, ml.IP, ml.UA = e.Subject, e.IP, e.UA
			m.Layouts[ml.Layout]++
			m.Channels[ml.Channel]++
			if first.IsZero() || ts.Before(first) {
				first = ts
			}
			if ts.After(last) {
				last = ts
			}
			w, onDefault := defaultChannels[ml.Channel]
			if e.Kind != "" {
				ml.Kind, ml.Reason = e.Kind, e.Reason
			}
			if !onDefault {
				if e.Kind != "" {
					if m.OtherChannelKinds[ml.Channel] == nil {
						m.OtherChannelKinds[ml.Channel] = map[string]int{}
					}
					m.OtherChannelKinds[ml.Channel][e.Kind]++
				}
				break
			}
			ml.Session, ml.Weight = true, w
			t.SessionEvents++
			if e.Kind == "" {
				t.NonJWTSessionEvents++
				break
			}
			t.JWTEvents++
			t.EstimatedJWTEvents += w
			if benignKinds[e.Kind] {
				t.Benign++
			} else {
				t.Actionable++
			}
			k := kinds[e.Kind]
			k.Count++
			k.Estimated += w
			if e.Reason != "" {
				k.Reasons[e.Reason]++
			}
			k.Variants[e.Variant]++
			k.Channels[ml.Channel]++
			k.Layouts[ml.Layout]++
			if k.FirstSeen == "" || ml.Time < k.FirstSeen {
				k.FirstSeen = ml.Time
			}
			if ml.Time > k.LastSeen {
				k.LastSeen = ml.Time
			}
		}
		m.Lines = append(m.Lines, ml)
	}
	for _, k := range kindOrder {
		m.Kinds = append(m.Kinds, *kinds[k])
	}
	sort.SliceStable(m.Kinds, func(a, b int) bool { return m.Kinds[a].Count > m.Kinds[b].Count })
	m.Window = map[string]string{"first": first.Format(timeLayout), "last": last.Format(timeLayout)}
	return m
}

// write prints the manifest readably: the summary indented, then one line per corpus line.
func (m *manifest) write(w io.Writer) error {
	lines := m.Lines
	m.Lines = nil
	head, err := json.MarshalIndent(m, "", "  ")
	m.Lines = lines
	if err != nil {
		return err
	}
	// Replace the closing `"lines": null\n}` with the per-line array.
	const tail = "\"lines\": null\n}"
	head = head[:len(head)-len(tail)]
	b := append(head, "\"lines\": [\n"...)
	for i, l := range lines {
		lb, err := json.Marshal(l)
		if err != nil {
			return err
		}
		b = append(b, "    "...)
		b = append(b, lb...)
		if i < len(lines)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, "  ]\n}\n"...)
	_, err = w.Write(b)
	return err
}
