package report

// countTokenSubjects adds the kind's token users to counts (subject -> events), so the
// subjects the tokens name are resolved to usernames like the kind's users.
func (k *Kind) countTokenSubjects(counts map[string]int64) {
	if k.Tokens == nil {
		return
	}
	for _, u := range k.Tokens.Subjects {
		counts[u.Subject] += u.Count
	}
}

// applyTokenNames fills the token users' names and statuses from names, as ApplyNames
// does for the kind's users.
func (k *Kind) applyTokenNames(names map[string]UserName) {
	if k.Tokens == nil {
		return
	}
	for j := range k.Tokens.Subjects {
		u := &k.Tokens.Subjects[j]
		if n, ok := names[u.Subject]; ok {
			u.Name, u.Status = n.Name, n.Status
		}
	}
}
