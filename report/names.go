package report

import (
	"cmp"
	"slices"
	"strings"
)

// Subjects lists, once each, the subjects the report's user lists show, most events
// first (ties by subject): the only ones worth resolving to names, in the order a
// bounded resolver should ask for them.
func (r *Report) Subjects() []string {
	counts := map[string]int64{}
	for i := range r.Kinds {
		for _, u := range r.Kinds[i].Users {
			counts[u.Subject] += u.Count
		}
		r.Kinds[i].countTokenSubjects(counts) // the users the kind's tokens name are resolved too
	}
	subjects := make([]string, 0, len(counts))
	for s := range counts {
		subjects = append(subjects, s)
	}
	slices.SortFunc(subjects, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	return subjects
}

// UserName is what name resolution learned of a subject: a name, or the status that
// says why there is none ("missing", "invalid", "unresolved").
type UserName struct {
	Name   string
	Status string
}

// ApplyNames fills the users' names and statuses from names (keyed by subject).
// Subjects that names lacks are left as they are.
func (r *Report) ApplyNames(names map[string]UserName) {
	for i := range r.Kinds {
		r.Kinds[i].applyTokenNames(names) // the subjects of the token breakdowns
		users := r.Kinds[i].Users
		for j := range users {
			if n, ok := names[users[j].Subject]; ok {
				users[j].Name, users[j].Status = n.Name, n.Status
			}
		}
	}
}
