package report

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The --fail-on conditions.
const (
	// FailOnNewActionable: an actionable kind absent from the baseline appeared.
	FailOnNewActionable = "new-actionable"
	// FailOnSpike: any kind spiked (benign ones too: a verdict says single events are
	// normal, not that any volume of them is).
	FailOnSpike = "spike"
	// FailOnAnyActionable: any actionable event at all; needs no baseline.
	FailOnAnyActionable = "any-actionable"
)

// Errors of ValidateFailOn and FailOn.
var (
	ErrFailOnMode     = errors.New("unknown --fail-on condition")
	ErrFailOnBaseline = errors.New("--fail-on condition needs --baseline")
)

// ValidateFailOn checks a --fail-on value (one condition or a comma-separated list) before
// any input is read, so a typo is a usage error and not a silent never-alert.
func ValidateFailOn(mode string, haveBaseline bool) error {
	_, err := parseFailOn(mode, haveBaseline)
	return err
}

func parseFailOn(mode string, haveBaseline bool) ([]string, error) {
	if strings.TrimSpace(mode) == "" {
		return nil, nil
	}
	var conds []string
	for _, c := range strings.Split(mode, ",") {
		c = strings.TrimSpace(c)
		if slices.Contains(conds, c) {
			continue
		}
		switch c {
		case FailOnNewActionable, FailOnSpike:
			if !haveBaseline {
				return nil, fmt.Errorf("%w: %s", ErrFailOnBaseline, c)
			}
		case FailOnAnyActionable:
		default:
			return nil, fmt.Errorf("%w %q (want %s, %s or %s)", ErrFailOnMode, c,
				FailOnNewActionable, FailOnSpike, FailOnAnyActionable)
		}
		conds = append(conds, c)
	}
	return conds, nil
}

// FailOn says whether the report crosses the --fail-on threshold and why, in one line for
// stderr. d is nil without a baseline. An empty mode never triggers.
func FailOn(mode string, cur *Report, d *Delta) (triggered bool, why string, err error) {
	conds, err := parseFailOn(mode, d != nil)
	if err != nil || cur == nil {
		return false, "", err
	}
	var reasons []string
	for _, c := range conds {
		if r := failOnReason(c, cur, d); r != "" {
			reasons = append(reasons, r)
		}
	}
	return len(reasons) > 0, strings.Join(reasons, "; "), nil
}

func failOnReason(cond string, cur *Report, d *Delta) string {
	var hits []string
	switch cond {
	case FailOnNewActionable:
		for _, k := range d.Kinds {
			if k.New && !k.Benign {
				hits = append(hits, fmt.Sprintf("%s (%s events; %s)", k.Kind, FormatCount(k.Estimated), k.Explanation()))
			}
		}
		if len(hits) > 0 {
			return "new actionable kinds: " + strings.Join(hits, ", ")
		}
	case FailOnSpike:
		for _, k := range d.Kinds {
			if k.Spike {
				hits = append(hits, fmt.Sprintf("%s %s/h -> %s/h (%s)", k.Kind, FormatRate(k.BaselineRate), FormatRate(k.Rate), k.Explanation()))
			}
		}
		if len(hits) > 0 {
			return "spikes: " + strings.Join(hits, ", ")
		}
	case FailOnAnyActionable:
		for _, k := range cur.Kinds {
			if !k.Benign && k.Count > 0 {
				hits = append(hits, fmt.Sprintf("%s (%s events)", k.Kind, FormatCount(k.Estimated)))
			}
		}
		if len(hits) > 0 {
			return "actionable kinds: " + strings.Join(hits, ", ")
		}
	}
	return ""
}
