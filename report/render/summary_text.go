package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// summaryLine is one line of the daily summary in text: its label ("Spike",
// "Actionable"; "" for the headline, the figures, the baseline) and its text.
type summaryLine struct{ label, text string }

// summaryLabelWidth is the column a labelled line's text starts in: the longest label
// ("Actionable:") and a space, so that the texts, and their wrapped lines, align.
const summaryLabelWidth = 12

// String is the line as the table renderer prints it unwrapped.
func (l summaryLine) String() string {
	if l.label == "" {
		return l.text
	}
	return fmt.Sprintf("%-*s%s", summaryLabelWidth, l.label+":", l.text)
}

// dailySummaryLines is the daily summary (what is new, what spiked, what vanished, what is
// actionable, what is benign and why) as plain lines for the table renderer to print above
// its tables; d is nil without a baseline. Control and bidi characters from the logs are
// shown escaped so they cannot drive the terminal.
func dailySummaryLines(r *report.Report, d *report.Delta) []summaryLine {
	s := newDailySummary(r, d)
	lines := []summaryLine{{text: display.Text(s.Headline)}, {text: display.Text(s.Figures)}}
	if s.Baseline != "" {
		lines = append(lines, summaryLine{text: display.Text(s.Baseline)})
	}
	for _, sec := range s.sections() {
		for _, e := range sec.Entries {
			lines = append(lines, summaryLine{sec.Label, display.Text(e.Kind) + ": " + display.Text(e.Text)})
		}
	}
	for _, n := range s.Notes {
		lines = append(lines, summaryLine{"Note", display.Text(n)})
	}
	return lines
}

// renderSummaryMarkdown writes the daily summary as a Markdown section ("## Summary" with
// "###" parts) for the markdown renderer to put before its tables. Text from the logs is
// escaped so it renders literally.
func renderSummaryMarkdown(w io.Writer, r *report.Report, d *report.Delta) error {
	s := newDailySummary(r, d)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Summary\n\n**%s**\n\n%s\n\n", mdText(s.Headline), mdText(s.Figures))
	if s.Baseline != "" {
		fmt.Fprintf(bw, "%s\n\n", mdText(s.Baseline))
	}
	for _, sec := range s.sections() {
		if len(sec.Entries) == 0 {
			continue
		}
		fmt.Fprintf(bw, "### %s\n\n", sec.Title)
		for _, e := range sec.Entries {
			fmt.Fprintf(bw, "- **%s**: %s", mdText(e.Kind), mdText(e.Text))
			for i, l := range e.Links {
				sep := ", "
				if i == 0 {
					sep = "; open in Dashboards: "
				}
				if l.URL == "" {
					fmt.Fprintf(bw, "%s%s: no link, %s", sep, mdText(l.Label), mdText(l.Note))
					continue
				}
				fmt.Fprintf(bw, "%s[%s](<%s>)", sep, mdText(l.Label), l.URL)
				if l.Note != "" {
					fmt.Fprintf(bw, " (approximate: %s)", mdText(l.Note))
				}
			}
			bw.WriteString("\n")
		}
		bw.WriteString("\n")
	}
	if len(s.Notes) > 0 {
		bw.WriteString("### Notes\n\n")
		for _, n := range s.Notes {
			fmt.Fprintf(bw, "- %s\n", mdText(n))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// summarySection is one part of the summary with its heading and its one-word label.
type summarySection struct {
	Title, Label, Class string
	Entries             []summaryEntry
}

// sections are the summary's parts in reading order: news first, what needs a person
// before the newcomers of the top lists, then the standing state.
func (s *dailySummary) sections() []summarySection {
	return []summarySection{
		{"New since the baseline", "New", "new", s.New},
		{"Spiked", "Spike", "spike", s.Spikes},
		{"What drove it", "Driven", "drivers", s.Drivers},
		{"Vanished", "Vanished", "vanished", s.Vanished},
		{"Jumped within the window", "Jump", "jumps", s.Jumps},
		{"Needs a person (actionable)", "Actionable", "actionable", s.Actionable},
		{"New in the top lists", "Newcomers", "newcomers", s.Newcomers},
		{"Benign, and why", "Benign", "benign", s.Benign},
	}
}
