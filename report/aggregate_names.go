package report

import (
	"slices"
)

// Subjects lists, sorted and once each, the subjects the report's user lists show: the
// only ones worth resolving to names (resolution may cost an API call each).
func (r *Report) Subjects() []string {
	var subjects []string
	for i := range r.Kinds {
		for _, u := range r.Kinds[i].Users {
			subjects = append(subjects, u.Subject)
		}
	}
	slices.Sort(subjects)
	return slices.Compact(subjects)
}

// ApplyNames fills the users' names from names (subject -> username). Subjects that
// names lacks keep their name; an empty name is not applied.
func (r *Report) ApplyNames(names map[string]string) {
	for i := range r.Kinds {
		users := r.Kinds[i].Users
		for j := range users {
			if name := names[users[j].Subject]; name != "" {
				users[j].Name = name
			}
		}
	}
}
